import { NatsConnection } from '@nats-io/nats-core';

import { EventConsumer, OutboxRelay } from '../../src';
import {
  caseIds,
  caseTouched,
  connectNats,
  count,
  INTAKE_EVENTS,
  INTAKE_STREAM,
  NatsServerProcess,
  openTestStore,
  provisionIntake,
  recordEffect,
  TestStore,
  touch,
  waitFor,
  writeEvents,
} from './support';

describe.each([
  { concurrency: 1, label: 'one transaction at a time' },
  { concurrency: 3, label: 'three lanes' },
])('NATS stopped and restarted while cases are registered (private nats-server, $label)', ({ concurrency }) => {
  let server: NatsServerProcess;
  let store: TestStore;
  let relayConnection: NatsConnection;
  let consumerConnection: NatsConnection;
  let relay: OutboxRelay;
  let consumer: EventConsumer;

  beforeAll(async () => {
    [server, store] = await Promise.all([NatsServerProcess.start(), openTestStore(`nats_restart_${concurrency}`)]);
    relayConnection = await connectNats(server.url, 'relay');
    consumerConnection = await connectNats(server.url, 'consumer');
    await provisionIntake(relayConnection, undefined, ['care']);
  });

  afterAll(async () => {
    await consumer?.stop();
    await relay?.stop();
    await relayConnection?.close();
    await consumerConnection?.close();
    await store?.close();
    await server?.dispose();
  });

  it('delivers every event exactly once, with no gaps, after the server comes back', async () => {
    relay = new OutboxRelay(store.dataSource, relayConnection, {
      publishTimeoutMs: 500,
      minBackoffMs: 50,
      maxBackoffMs: 300,
      pollIntervalMs: 500,
    });
    consumer = new EventConsumer(store.dataSource, consumerConnection, { serviceName: 'care' });
    relay.start();
    await consumer.start({
      stream: INTAKE_STREAM,
      durable: 'care',
      filterSubject: INTAKE_EVENTS,
      contracts: [caseTouched],
      handler: recordEffect('care'),
      concurrency,
    });

    const cases = caseIds(20);
    const rounds = 12;
    let written = 0;
    const writer = (async () => {
      for (let n = 1; n <= rounds; n += 1) {
        for (const caseId of cases) {
          await writeEvents(store.dataSource, [touch(caseId, n)]);
          written += 1;
        }
      }
    })();
    const total = cases.length * rounds;
    const applied = (): Promise<number> => count(store.dataSource, 'SELECT count(*) FROM inbox');

    await waitFor('some events applied', async () => (await applied()) >= 20);
    await server.stop('SIGTERM');
    const writtenAtStop = written;
    await waitFor('cases registered while NATS is down', () => written >= writtenAtStop + 60 || written === total);
    await waitFor('events held in the outbox', async () =>
      (await count(store.dataSource, 'SELECT count(*) FROM outbox WHERE published_at IS NULL')) >= 50,
    );
    const appliedDuringOutage = await applied();
    await server.restart();
    await writer;

    await waitFor('every event applied', async () => (await applied()) === total, { timeoutMs: 30_000 });
    expect(appliedDuringOutage).toBeLessThan(total);
    expect(await count(store.dataSource, 'SELECT count(*) FROM test_effect')).toBe(total);
    expect(await count(store.dataSource, 'SELECT count(DISTINCT event_id) FROM test_effect')).toBe(total);
    // The last batch's mark rides on the relay's next read, or comes markDelayMs later.
    await waitFor('every published row marked', async () => (await count(store.dataSource, 'SELECT count(*) FROM outbox WHERE published_at IS NULL')) === 0);
    const perCase = (await store.dataSource.query(
      'SELECT case_id, array_agg(n ORDER BY id) AS ns FROM test_effect GROUP BY case_id',
    )) as { case_id: string; ns: number[] }[];
    expect(perCase).toHaveLength(cases.length);
    const expected = Array.from({ length: rounds }, (_, i) => i + 1);
    for (const row of perCase) expect(row.ns).toEqual(expected);
  });
});
