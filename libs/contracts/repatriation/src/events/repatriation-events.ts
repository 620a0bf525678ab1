import { EventContract } from '@opis/contracts-envelope';

import {
  planAbortedV1,
  planApprovedV1,
  planClosedV1,
  planDepartedV1,
  planHandedOverV1,
  planProposedV1,
  planRefusedV1,
  planScheduledV1,
} from './plan-events';
import {
  incidentRecordedV1,
  receptionArrivedV1,
  receptionClosedV1,
  receptionFamilyContactedV1,
  receptionHandedOverV1,
  receptionOpenedV1,
  receptionReferredToProcuraduriaV1,
} from './reception-events';

/*
 * Data minimisation (ARCHITECTURE.md): repatriation events carry ids, codes and categories only.
 * Officials' and family members' names, the acta's text and places stay in repatriation.
 */

export * from './plan-events';
export * from './reception-events';

/** Every repatriation event contract, for catalogs, consumers and tests. */
export const REPATRIATION_EVENTS: readonly EventContract[] = [
  planProposedV1,
  planApprovedV1,
  planRefusedV1,
  planScheduledV1,
  planDepartedV1,
  planHandedOverV1,
  planAbortedV1,
  planClosedV1,
  receptionOpenedV1,
  receptionArrivedV1,
  receptionHandedOverV1,
  receptionReferredToProcuraduriaV1,
  receptionFamilyContactedV1,
  receptionClosedV1,
  incidentRecordedV1,
];

