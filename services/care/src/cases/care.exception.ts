import { FieldViolation } from '@opis/contracts-envelope';
import { DomainError, ErrorKind } from '@opis/platform';

export enum CareErrorCode {
  FACILITY_DETENTION = 'FACILITY_DETENTION',
  FACILITY_NOT_REGISTERED = 'FACILITY_NOT_REGISTERED',
  FACILITY_TYPE_MISMATCH = 'FACILITY_TYPE_MISMATCH',
  FACILITY_FULL = 'FACILITY_FULL',
  SETTING_NOT_OFFERED = 'SETTING_NOT_OFFERED',
  UNRELATED_ADULTS = 'UNRELATED_ADULTS',
  HOUSEHOLD_MISMATCH = 'HOUSEHOLD_MISMATCH',
  FAMILY_SEPARATION_WITHOUT_DECISION = 'FAMILY_SEPARATION_WITHOUT_DECISION',
  PROTECTION_MEASURE_MISSING = 'PROTECTION_MEASURE_MISSING',
  INM_OFFICE_WAIT_UNBOUNDED = 'INM_OFFICE_WAIT_UNBOUNDED',
  PLACEMENT_BEFORE_CURRENT = 'PLACEMENT_BEFORE_CURRENT',
  NEED_MET_ELSEWHERE = 'NEED_MET_ELSEWHERE',
  RECORDED_IN_FUTURE = 'RECORDED_IN_FUTURE',
  BEFORE_DETECTION = 'BEFORE_DETECTION',
  OFFICE_NOT_ALLOWED = 'OFFICE_NOT_ALLOWED',
  FACILITY_NAME_TAKEN = 'FACILITY_NAME_TAKEN',
  RECORD_CLOSED = 'RECORD_CLOSED',
}

/** A care rule refused the request. `rule` is the DOMAIN.md rule ID where one applies. */
export class CareRuleViolation extends DomainError {
  constructor(code: CareErrorCode, detail: string, rule?: string, violations: FieldViolation[] = []) {
    super({ code, kind: ErrorKind.RULE_VIOLATION, detail, rule, violations });
  }
}

export class CareConflict extends DomainError {
  constructor(code: CareErrorCode, detail: string, rule?: string, violations: FieldViolation[] = []) {
    super({ code, kind: ErrorKind.CONFLICT, detail, rule, violations });
  }
}

export class OfficeNotAllowed extends DomainError {
  constructor(office: string, field = 'officeCode') {
    super({
      code: CareErrorCode.OFFICE_NOT_ALLOWED,
      kind: ErrorKind.FORBIDDEN,
      detail: `You may not register facilities in office ${office}.`,
      violations: [{ field, rule: 'officeScope', message: 'not one of your offices' }],
    });
  }
}
