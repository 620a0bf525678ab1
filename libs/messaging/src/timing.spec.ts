import { backoffMs, delay, WakeSignal } from './timing';

describe('backoffMs', () => {
  it('doubles up to the cap, with jitter in the upper half', () => {
    expect(backoffMs(1, 100, 1_000, () => 1)).toBe(100);
    expect(backoffMs(3, 100, 1_000, () => 1)).toBe(400);
    expect(backoffMs(3, 100, 1_000, () => 0)).toBe(200);
    expect(backoffMs(50, 100, 1_000, () => 1)).toBe(1_000);
  });
});

describe('delay', () => {
  it('ends early when aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const waiting = delay(10_000, controller.signal);
    controller.abort();
    await waiting;
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('WakeSignal', () => {
  it('keeps a notify that came before the wait', async () => {
    const signal = new WakeSignal();
    signal.notify();
    const started = Date.now();
    await signal.wait(10_000);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('wakes a waiter, and forgets a notify after reset', async () => {
    const signal = new WakeSignal();
    const waiting = signal.wait(10_000);
    signal.notify();
    await waiting;
    signal.notify();
    signal.reset();
    const started = Date.now();
    await signal.wait(20);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });
});
