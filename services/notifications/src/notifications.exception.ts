import { FieldViolation } from '@opis/contracts-envelope';
import { DomainError, ErrorKind } from '@opis/platform';

export enum NotificationsErrorCode {
  TASK_CLOSED = 'TASK_CLOSED',
  OFFICE_NOT_ALLOWED = 'OFFICE_NOT_ALLOWED',
  SHIFT_INVALID = 'SHIFT_INVALID',
  SHIFT_CANCELLED = 'SHIFT_CANCELLED',
}

export class NotificationsConflict extends DomainError {
  constructor(code: NotificationsErrorCode, detail: string, violations: FieldViolation[] = []) {
    super({ code, kind: ErrorKind.CONFLICT, detail, violations });
  }
}

export class NotificationsRuleViolation extends DomainError {
  constructor(code: NotificationsErrorCode, detail: string, violations: FieldViolation[] = []) {
    super({ code, kind: ErrorKind.RULE_VIOLATION, detail, violations });
  }
}

/** Writing rosters or rules of an office that is not the caller's. */
export class OfficeNotAllowed extends DomainError {
  constructor(what: string, field = 'officeCode') {
    super({
      code: NotificationsErrorCode.OFFICE_NOT_ALLOWED,
      kind: ErrorKind.FORBIDDEN,
      detail: `You may not change ${what} of that office.`,
      violations: [{ field, rule: 'officeScope', message: 'not one of your offices' }],
    });
  }
}
