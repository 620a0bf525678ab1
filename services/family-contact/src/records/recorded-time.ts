import { InvalidInputError, isInFuture, notInFutureViolation } from '@opis/platform';

import { FamilyRecordEntity } from './family-record.entity';
import { FamilyErrorCode, FamilyRuleViolation } from './family.exception';

/**
 * A time an officer records (a call, a statement, a contact with a consulate) is one that already
 * happened: beyond the clock skew it is refused, or the record would claim what was not done yet.
 */
export function assertNotInFuture(field: string, at: Date, detail: string, code = FamilyErrorCode.RECORDED_IN_FUTURE): void {
  if (isInFuture(at)) throw new FamilyRuleViolation(code, detail, undefined, [notInFutureViolation(field)]);
}

/**
 * Nothing of a case happens before the child was detected (DOMAIN.md's T0, intake's `detectedAt`,
 * as family-contact's copy keeps it): a call or a hand-over dated earlier is a typo, and would
 * meet the first-call deadline on paper. Records opened before detection was kept are not checked.
 * Only asked once the record is visible to the caller, so the refusal tells nothing of another
 * office's case.
 */
export function assertNotBeforeCase(record: Pick<FamilyRecordEntity, 'detectedAt'>, field: string, at: Date): void {
  if (record.detectedAt && at.getTime() < record.detectedAt.getTime()) {
    throw new InvalidInputError(
      [{ field, rule: 'notBeforeCase', message: `${field} must not be before the case began (the child was detected at ${record.detectedAt.toISOString()})` }],
      `${field} is before the case began.`,
    );
  }
}
