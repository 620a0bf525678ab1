import { PoisonMessageError } from './poison-message.error';
import { isDatabaseUnavailable, nakDelay, settleFailure, settleUnrecordedDeadLetter } from './settlement';

const backoff = { baseMs: 100, maxMs: 1_000 };

describe('settleFailure', () => {
  it('dead-letters a poison message on its first delivery', () => {
    const settlement = settleFailure(new PoisonMessageError('unknown version'), { deliveryCount: 1, maxDeliver: 5 }, backoff);
    expect(settlement).toEqual({ kind: 'dead-letter', reason: 'poison: unknown version' });
  });

  it('naks a passing failure with growing delay before the last delivery', () => {
    const error = new Error('connection refused');
    expect(settleFailure(error, { deliveryCount: 1, maxDeliver: 5 }, backoff)).toEqual({ kind: 'nak', delayMs: 100 });
    expect(settleFailure(error, { deliveryCount: 3, maxDeliver: 5 }, backoff)).toEqual({ kind: 'nak', delayMs: 400 });
    expect(settleFailure(error, { deliveryCount: 4, maxDeliver: 5 }, backoff)).toEqual({ kind: 'nak', delayMs: 800 });
  });

  it('dead-letters a passing failure on the last delivery, with the reason', () => {
    const settlement = settleFailure(new TypeError('boom'), { deliveryCount: 5, maxDeliver: 5 }, backoff);
    expect(settlement).toEqual({ kind: 'dead-letter', reason: 'failed 5 deliveries, last: TypeError: boom' });
  });

  it('never dead-letters an unknown error when deliveries are unlimited', () => {
    const settlement = settleFailure('weird', { deliveryCount: 10_000, maxDeliver: Infinity }, backoff);
    expect(settlement).toEqual({ kind: 'nak', delayMs: 1_000 });
  });

  it('never dead-letters an event because the database is away, however often it was delivered', () => {
    const away = [
      Object.assign(new Error('the database system is not yet accepting connections'), { code: '57P03' }),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new Error('Connection terminated unexpectedly'),
      Object.assign(new Error('Query failed'), { driverError: Object.assign(new Error('x'), { code: '08006' }) }),
    ];
    for (const error of away) {
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(settleFailure(error, { deliveryCount: 50, maxDeliver: 5 }, backoff)).toEqual({ kind: 'nak', delayMs: 1_000 });
    }
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable('weird')).toBe(false);
  });

  it('naks when the dead letter cannot be recorded', () => {
    expect(settleUnrecordedDeadLetter({ deliveryCount: 5, maxDeliver: 5 }, backoff)).toEqual({ kind: 'nak', delayMs: 1_000 });
  });
});

describe('nakDelay', () => {
  it('caps the backoff and survives huge delivery counts', () => {
    expect(nakDelay(0, backoff)).toBe(100);
    expect(nakDelay(2, backoff)).toBe(200);
    expect(nakDelay(1_000_000, backoff)).toBe(1_000);
  });
});
