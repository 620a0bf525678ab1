import { FieldViolation } from '@opis/contracts-envelope';

/**
 * How far ahead of the server's clock a time an officer records may be: the skew of a device at
 * a border post. Beyond it the time is one that has not happened yet, and a record of it (a
 * hand-over, a decision, a call) would let the record claim what was not done.
 */
export const RECORDED_TIME_SKEW_MS = 5 * 60_000;

export function isInFuture(at: Date, now = Date.now()): boolean {
  return at.getTime() > now + RECORDED_TIME_SKEW_MS;
}

/** The field violation every service gives for such a time. */
export function notInFutureViolation(field: string): FieldViolation {
  return { field, rule: 'notInFuture', message: `${field} must not be in the future` };
}
