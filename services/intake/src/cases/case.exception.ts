import { FieldViolation } from '@opis/contracts-envelope';
import { DomainError, ErrorKind } from '@opis/platform';

export enum CaseErrorCode {
  ADULT_DOCUMENTED = 'ADULT_DOCUMENTED',
  ADULT_STATED = 'ADULT_STATED',
  AGE_INCONSISTENT = 'AGE_INCONSISTENT',
  DETECTED_IN_FUTURE = 'DETECTED_IN_FUTURE',
  ACCOMPANIMENT_EVIDENCE_MISSING = 'ACCOMPANIMENT_EVIDENCE_MISSING',
  HOUSEHOLD_MISSING = 'HOUSEHOLD_MISSING',
  RETURNED_CHILD_NOT_MEXICAN = 'RETURNED_CHILD_NOT_MEXICAN',
  OFFICE_NOT_ALLOWED = 'OFFICE_NOT_ALLOWED',
  CASE_CLOSED = 'CASE_CLOSED',
  FACILITY_DETENTION = 'FACILITY_DETENTION',
  FACILITY_NOT_DIF = 'FACILITY_NOT_DIF',
  PROTECTION_MEASURE_MISSING = 'PROTECTION_MEASURE_MISSING',
  ALREADY_RECORDED = 'ALREADY_RECORDED',
  RECORDED_IN_FUTURE = 'RECORDED_IN_FUTURE',
  BEFORE_DETECTION = 'BEFORE_DETECTION',
  CLOSE_RECORDS_MISSING = 'CLOSE_RECORDS_MISSING',
  SAME_OFFICE = 'SAME_OFFICE',
  EMPTY_CORRECTION = 'EMPTY_CORRECTION',
  CASE_EXITED_CHILD_FLOW = 'CASE_EXITED_CHILD_FLOW',
  IDENTIFICATION_PENDING = 'IDENTIFICATION_PENDING',
  INTERPRETER_REQUIRED = 'INTERPRETER_REQUIRED',
  AUTHORITY_NOT_COMPETENT = 'AUTHORITY_NOT_COMPETENT',
  AGE_DISPUTED = 'AGE_DISPUTED',
  AGE_NOT_DETERMINED = 'AGE_NOT_DETERMINED',
  NOT_ADULT = 'NOT_ADULT',
  NO_MP_NOTICE_TASK = 'NO_MP_NOTICE_TASK',
  INQUIRY_ANSWERED = 'INQUIRY_ANSWERED',
}

/** A case rule refused the request. `rule` is the DOMAIN.md rule ID where one applies. */
export class CaseRuleViolation extends DomainError {
  constructor(code: CaseErrorCode, detail: string, rule?: string, violations: FieldViolation[] = []) {
    super({ code, kind: ErrorKind.RULE_VIOLATION, detail, rule, violations });
  }
}

export class CaseConflict extends DomainError {
  constructor(code: CaseErrorCode, detail: string, rule?: string) {
    super({ code, kind: ErrorKind.CONFLICT, detail, rule });
  }
}

export class OfficeNotAllowed extends DomainError {
  constructor(office: string, field = 'encounter.officeCode') {
    super({
      code: CaseErrorCode.OFFICE_NOT_ALLOWED,
      kind: ErrorKind.FORBIDDEN,
      detail: `You may not register or move cases into office ${office}.`,
      violations: [{ field, rule: 'officeScope', message: 'not one of your offices' }],
    });
  }
}
