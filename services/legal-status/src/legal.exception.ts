import { FieldViolation } from '@opis/contracts-envelope';
import { DomainError, ErrorKind } from '@opis/platform';

export enum LegalErrorCode {
  APPEAL_WINDOW_OPEN = 'APPEAL_WINDOW_OPEN',
  CHILD_NOT_INFORMED = 'CHILD_NOT_INFORMED',
  CONSULAR_ACCESS_LOCKED = 'CONSULAR_ACCESS_LOCKED',
  DUE_PROCESS_INCOMPLETE = 'DUE_PROCESS_INCOMPLETE',
  EXTENSION_ALREADY_GRANTED = 'EXTENSION_ALREADY_GRANTED',
  INTERPRETER_REQUIRED = 'INTERPRETER_REQUIRED',
  LATE_FILING_JUSTIFICATION_REQUIRED = 'LATE_FILING_JUSTIFICATION_REQUIRED',
  NOT_APPLICABLE_REFUSED = 'NOT_APPLICABLE_REFUSED',
  OPENED_BEFORE_NOTIFICATION = 'OPENED_BEFORE_NOTIFICATION',
  OPTIONS_MISSING_RECOMMENDATION = 'OPTIONS_MISSING_RECOMMENDATION',
  OVERRIDE_NOT_SUPERVISOR = 'OVERRIDE_NOT_SUPERVISOR',
  PANEL_REQUIRED = 'PANEL_REQUIRED',
  PLAN_INCOMPLETE = 'PLAN_INCOMPLETE',
  PLAN_MISSING = 'PLAN_MISSING',
  PROCEDURE_STATE = 'PROCEDURE_STATE',
  PROCURADURIA_NOT_NOTIFIED = 'PROCURADURIA_NOT_NOTIFIED',
  PROTECTION_STATE = 'PROTECTION_STATE',
  RECORDED_IN_FUTURE = 'RECORDED_IN_FUTURE',
  REPRESENTATIVE_REQUIRED = 'REPRESENTATIVE_REQUIRED',
  RESOLUTION_DOES_NOT_MATCH_PLAN = 'RESOLUTION_DOES_NOT_MATCH_PLAN',
  RETURN_LOCKED = 'RETURN_LOCKED',
  WITHDRAWAL_SAFEGUARDS_MISSING = 'WITHDRAWAL_SAFEGUARDS_MISSING',
}

/** A legal-status rule refused the request (422). `rule` is the DOMAIN.md rule ID. */
export class LegalRuleViolation extends DomainError {
  constructor(code: LegalErrorCode, detail: string, rule?: string, violations: FieldViolation[] = []) {
    super({ code, kind: ErrorKind.RULE_VIOLATION, detail, rule, violations });
  }
}

/** The transition is not possible from the current state (409). */
export class LegalConflict extends DomainError {
  constructor(code: LegalErrorCode, detail: string, rule?: string) {
    super({ code, kind: ErrorKind.CONFLICT, detail, rule });
  }
}
