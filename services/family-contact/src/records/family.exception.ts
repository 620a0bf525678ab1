import { FieldViolation } from '@opis/contracts-envelope';
import { DomainError, ErrorKind } from '@opis/platform';

export enum FamilyErrorCode {
  ALREADY_REUNIFIED = 'ALREADY_REUNIFIED',
  CALL_IN_FUTURE = 'CALL_IN_FUTURE',
  CHILD_DOES_NOT_WANT = 'CHILD_DOES_NOT_WANT',
  CONTACT_NOT_WANTED = 'CONTACT_NOT_WANTED',
  CONTACT_FLAGGED = 'CONTACT_FLAGGED',
  CONTACT_NOT_LOCATED = 'CONTACT_NOT_LOCATED',
  CONTACT_NOT_VERIFIED = 'CONTACT_NOT_VERIFIED',
  CONTACT_ALREADY_LOCATED = 'CONTACT_ALREADY_LOCATED',
  CONTACT_ALREADY_VERIFIED = 'CONTACT_ALREADY_VERIFIED',
  DUPLICATE_PHONE = 'DUPLICATE_PHONE',
  INTERPRETER_REQUIRED = 'INTERPRETER_REQUIRED',
  NUMBER_REQUIRED = 'NUMBER_REQUIRED',
  PHONE_INVALID = 'PHONE_INVALID',
  PHONE_NOT_OF_CONTACT = 'PHONE_NOT_OF_CONTACT',
  PROCURADURIA_VETTING_MISSING = 'PROCURADURIA_VETTING_MISSING',
  EVIDENCE_MISSING = 'EVIDENCE_MISSING',
  NOT_TRACING = 'NOT_TRACING',
  TRACING_TOO_RECENT = 'TRACING_TOO_RECENT',
  MOVE_NOT_CLEARED = 'MOVE_NOT_CLEARED',
}

/** A family-contact rule refused the request. `rule` is the DOMAIN.md rule ID where one applies. */
export class FamilyRuleViolation extends DomainError {
  constructor(code: FamilyErrorCode, detail: string, rule?: string, violations: FieldViolation[] = []) {
    super({ code, kind: ErrorKind.RULE_VIOLATION, detail, rule, violations });
  }
}

export class FamilyConflict extends DomainError {
  constructor(code: FamilyErrorCode, detail: string, rule?: string) {
    super({ code, kind: ErrorKind.CONFLICT, detail, rule });
  }
}

export enum ConsularRefusalReason {
  /** Intake's screening or a legal-status event already says protection is needed or claimed. */
  PROTECTION_FLAGGED = 'PROTECTION_FLAGGED',
  /** Legal-status answered that a protection need or claim exists. */
  PROTECTION_CLAIMED = 'PROTECTION_CLAIMED',
  /** Legal-status did not answer in time (or answered nonsense): no answer means no. */
  LEGAL_STATUS_SILENT = 'LEGAL_STATUS_SILENT',
}

/** RP-05, RLM-05, INV-06: no consular contact while protection is needed or claimed, or unknown. */
export class ConsularContactRefused extends DomainError {
  constructor(
    public readonly reason: ConsularRefusalReason,
    detail: string,
  ) {
    super({ code: `CONSULAR_CONTACT_REFUSED_${reason}`, kind: ErrorKind.RULE_VIOLATION, detail, rule: 'INV-06' });
  }
}
