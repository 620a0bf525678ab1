import { isInFuture, notInFutureViolation, RECORDED_TIME_SKEW_MS } from './recorded-time';

describe('a time an officer records', () => {
  it('may be ahead of the server by the skew of a device, not more', () => {
    const now = Date.parse('2026-12-06T10:00:00.000Z');
    expect(isInFuture(new Date(now - 86_400_000), now)).toBe(false);
    expect(isInFuture(new Date(now + RECORDED_TIME_SKEW_MS), now)).toBe(false);
    expect(isInFuture(new Date(now + RECORDED_TIME_SKEW_MS + 1), now)).toBe(true);
  });

  it('is refused naming the field and the rule', () => {
    expect(notInFutureViolation('handedOverAt')).toEqual({ field: 'handedOverAt', rule: 'notInFuture', message: 'handedOverAt must not be in the future' });
  });
});
