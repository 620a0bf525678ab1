import { correlationIdOf, currentEventCause, runWithEventCause } from './event-cause';

describe('the cause of events', () => {
  it('keeps a uuid request id as the correlation id and maps any other id to a stable uuid', () => {
    expect(correlationIdOf('0190a5b4-7c1e-7d2a-9f00-1234567890ab')).toBe('0190a5b4-7c1e-7d2a-9f00-1234567890ab');
    const derived = correlationIdOf('gateway-42.abc');
    expect(derived).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(correlationIdOf('gateway-42.abc')).toBe(derived);
    expect(correlationIdOf('gateway-43.abc')).not.toBe(derived);
  });

  it('is there for the work started inside it, across awaits, and only there', async () => {
    expect(currentEventCause()).toBeUndefined();
    const seen = await runWithEventCause({ correlationId: 'c', causationId: 'e' }, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return currentEventCause();
    });
    expect(seen).toEqual({ correlationId: 'c', causationId: 'e' });
    expect(currentEventCause()).toBeUndefined();
  });
});
