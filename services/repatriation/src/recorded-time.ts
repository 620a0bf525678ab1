import { InvalidInputError, isInFuture, notInFutureViolation } from '@opis/platform';

import { RepatriationErrorCode, RepatriationRuleViolation } from './repatriation.exception';

/** A time in the future cannot have been recorded. */
export function assertNotFuture(value: string, field: string): void {
  if (isInFuture(new Date(value))) {
    throw new RepatriationRuleViolation(RepatriationErrorCode.RECORDED_IN_FUTURE, `${field} is in the future.`, undefined, [notInFutureViolation(field)]);
  }
}

/**
 * A time recorded about a child's case: not in the future (beyond the skew), and not before the
 * case began (intake's detection, as the case copy keeps it). `caseBegan` is null where the case is
 * not known here (a reception not yet linked, a copy kept before detection was copied): then only
 * the future is refused. Before the case: 400 naming the field, rule `notBeforeCase` (issue 19,
 * plausible dates); a typing slip of a year is input, not a rule of the domain.
 */
export function assertRecordedTime(value: string, field: string, caseBegan: Date | null): void {
  assertNotFuture(value, field);
  if (caseBegan && new Date(value).getTime() < caseBegan.getTime()) {
    throw new InvalidInputError([{ field, rule: 'notBeforeCase', message: `${field} must not be before the case began (${caseBegan.toISOString()})` }]);
  }
}
