import { OfficeCode } from '@opis/contracts-envelope';

import { Principal } from '../auth/principal';

export type AuditOutcome = 'allowed' | 'refused';

/** One read or change of a child's record. Pseudonymous ids and codes only: never a name. */
export interface AuditEntry {
  actor: Pick<Principal, 'subject' | 'roles'>;
  /** What was done, e.g. `case.read`, `case.transfer`. */
  action: string;
  caseId?: string | null;
  officeCode?: OfficeCode | null;
  outcome: AuditOutcome;
  /** Why it was refused: an error code or rule ID, not free text about the child. */
  reason?: string | null;
  sourceIp?: string | null;
  requestId?: string | null;
  occurredAt?: Date;
}

export interface AuditRecord {
  id: string;
  occurredAt: Date;
  actorSubject: string;
  actorRoles: string[];
  action: string;
  caseId: string | null;
  officeCode: string | null;
  outcome: AuditOutcome;
  reason: string | null;
  sourceIp: string | null;
  requestId: string | null;
}
