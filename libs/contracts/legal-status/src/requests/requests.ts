import { RequestContract } from '@opis/contracts-envelope';

import { caseStatusRequest } from './case-status.request';
import { moveClearanceRequest } from './move-clearance.request';

/** Every legal-status request/reply contract, for catalogs and tests. */
export const LEGAL_STATUS_REQUESTS: readonly RequestContract[] = [caseStatusRequest as RequestContract, moveClearanceRequest as RequestContract];
