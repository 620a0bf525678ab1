import { EventContract } from '@opis/contracts-envelope';

import { caseRegisteredV1, caseRegisteredV2 } from './case-registered';
import {
  caseAssignedV1,
  caseClosedV1,
  caseExitedAdultFlowV1,
  caseIdentifiedV1,
  caseScreenedV1,
  caseTransferredV1,
  caseUpdatedV1,
} from './case-lifecycle-events';
import { channelledToDifV1, deadlineOverdueV1, mpNoticeOverdueV1, mpNotifiedV1, procuraduriaNotifiedV1 } from './case-notice-events';

export * from './case-registered';
export * from './case-lifecycle-events';
export * from './case-notice-events';
export { ScreeningFlags } from './case-summary';

/** Every intake event contract, for catalogs, consumers and tests. */
export const INTAKE_EVENTS: readonly EventContract[] = [
  caseRegisteredV1,
  caseRegisteredV2,
  caseUpdatedV1,
  caseAssignedV1,
  caseTransferredV1,
  procuraduriaNotifiedV1,
  channelledToDifV1,
  deadlineOverdueV1,
  caseClosedV1,
  caseIdentifiedV1,
  caseScreenedV1,
  caseExitedAdultFlowV1,
  mpNotifiedV1,
  mpNoticeOverdueV1,
];

