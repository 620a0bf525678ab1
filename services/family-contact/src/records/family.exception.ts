import { FieldViolation } from '@opis/contracts-envelope';
import { DomainError, ErrorKind } from '@opis/platform';

export enum FamilyErrorCode {
  ALREADY_REUNIFIED = 'ALREADY_REUNIFIED',
  BEST_INTERESTS_NOT_FOUND = 'BEST_INTERESTS_NOT_FOUND',
  BEST_INTERESTS_UNCONFIRMED = 'BEST_INTERESTS_UNCONFIRMED',
  CALL_IN_FUTURE = 'CALL_IN_FUTURE',
  RECORDED_IN_FUTURE = 'RECORDED_IN_FUTURE',
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
  NUMBER_NOT_EXPECTED = 'NUMBER_NOT_EXPECTED',
  PHONE_INVALID = 'PHONE_INVALID',
  PHONE_NOT_OF_CONTACT = 'PHONE_NOT_OF_CONTACT',
  PROCURADURIA_VETTING_MISSING = 'PROCURADURIA_VETTING_MISSING',
  EVIDENCE_MISSING = 'EVIDENCE_MISSING',
  NOT_TRACING = 'NOT_TRACING',
  TRACING_TOO_RECENT = 'TRACING_TOO_RECENT',
  MOVE_NOT_CLEARED = 'MOVE_NOT_CLEARED',
  RETURN_IS_REPATRIATION = 'RETURN_IS_REPATRIATION',
  PROCEDURE_NOT_RESOLVED_FOR_REUNIFICATION = 'PROCEDURE_NOT_RESOLVED_FOR_REUNIFICATION',
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

/**
 * DOMAIN.md 4.3: REUNIFIED is terminal. Steps that would move the record (calls, tracing,
 * locating, verifying, another hand-over) are refused; a risk flag or a consular contact is not.
 */
export function assertNotReunified(record: { reunifiedAt: Date | null }): void {
  if (record.reunifiedAt) {
    throw new FamilyConflict(
      FamilyErrorCode.ALREADY_REUNIFIED,
      `The child was handed to their family on ${record.reunifiedAt.toISOString()}: the record is REUNIFIED and takes no further step.`,
    );
  }
}

export enum ConsularRefusalReason {
  /** Legal-status says consular contact is locked (its reasons are listed in the detail). */
  LOCKED = 'LOCKED',
  /** Intake's screening indicates a need that legal-status has not taken up yet. */
  PROTECTION_FLAGGED = 'PROTECTION_FLAGGED',
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
