import { NatsConnection } from '@nats-io/nats-core';

import { OutboxRelay } from '../../src';
import { connectNats, openTestStore, sharedNatsUrl, testNamespace, TestStore, waitFor } from './support';

describe('outbox relay on a database that connects but cannot be read', () => {
  let store: TestStore;
  let nc: NatsConnection;
  let relay: OutboxRelay | undefined;
  const lines: Array<{ level: 'log' | 'warn' | 'error'; text: string }> = [];
  const logger = {
    log: (text: string) => lines.push({ level: 'log', text }),
    warn: (text: string) => lines.push({ level: 'warn', text }),
    error: (text: string) => lines.push({ level: 'error', text }),
  };

  beforeAll(async () => {
    store = await openTestStore('relay_backoff');
    nc = await connectNats(await sharedNatsUrl(), 'relay-backoff-test');
  });

  afterAll(async () => {
    await relay?.stop();
    await nc.close();
    await store.close();
  });

  it('backs off further at each failure with one line per step, and says when it recovered', async () => {
    await store.dataSource.query('ALTER TABLE outbox RENAME TO outbox_away');
    relay = new OutboxRelay(store.dataSource, nc, { namespace: testNamespace('backoff'), minBackoffMs: 50, maxBackoffMs: 400, logger });
    relay.start();
    await waitFor('six failed steps', () => lines.filter((line) => line.level === 'warn').length >= 6, { timeoutMs: 20_000 });
    const steps = lines
      .filter((line) => line.level === 'warn')
      .slice(0, 6)
      .map((line) => /failed \((\d+)x\), next try in (\d+) ms/.exec(line.text));
    // Consecutive attempts, not "1x" again and again: connecting is not recovering.
    expect(steps.map((step) => Number(step?.[1]))).toEqual([1, 2, 3, 4, 5, 6]);
    const waits = steps.map((step) => Number(step?.[2]));
    expect(waits[0]).toBeLessThanOrEqual(50);
    expect(Math.min(...waits.slice(3))).toBeGreaterThanOrEqual(200);

    await store.dataSource.query('ALTER TABLE outbox_away RENAME TO outbox');
    await waitFor('the relay recovered', () => lines.some((line) => line.level === 'log' && line.text.includes('recovered after')), { timeoutMs: 20_000 });
  });
});
