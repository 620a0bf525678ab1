import { NatsConnection } from '@nats-io/nats-core';

import { EventConsumer, namespacedStream, OutboxRelay, OutboxWriter } from '../../src';
import {
  caseIds,
  caseTouched,
  connectNats,
  count,
  deleteNamespace,
  INTAKE_EVENTS,
  INTAKE_STREAM,
  openTestStore,
  provisionIntake,
  recordEffect,
  sharedNatsUrl,
  streamMessages,
  testNamespace,
  TestStore,
  touch,
  waitFor,
  writeEvents,
} from './support';

describe('outbox relay (shared NATS)', () => {
  const namespace = testNamespace('relay');
  let store: TestStore;
  let nc: NatsConnection;
  const relays: OutboxRelay[] = [];
  const consumers: EventConsumer[] = [];

  const relay = (): OutboxRelay => {
    const created = new OutboxRelay(store.dataSource, nc, { namespace, standbyRetryMs: 100, minBackoffMs: 50, maxBackoffMs: 500 });
    relays.push(created);
    return created;
  };
  const unpublished = (): Promise<number> => count(store.dataSource, 'SELECT count(*) FROM outbox WHERE published_at IS NULL');

  beforeAll(async () => {
    store = await openTestStore('relay');
    nc = await connectNats(await sharedNatsUrl(), 'relay-test');
    await provisionIntake(nc, namespace, ['ordered']);
  });

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    await Promise.all(relays.map((r) => r.stop()));
    await deleteNamespace(nc, namespace);
    await nc.close();
    await store.close();
  });

  it('refuses to write outside a transaction or under the wrong subject', async () => {
    const writer = new OutboxWriter();
    const [caseId = ''] = caseIds(1);
    const event = touch(caseId, 1);
    await expect(writer.append(store.dataSource.manager, event.envelope, event.subject)).rejects.toThrow('open transaction');
    await expect(
      store.dataSource.transaction((manager) => writer.append(manager, event.envelope, 'opis.intake.case.other.v1.CHP')),
    ).rejects.toThrow('does not match');
    expect(await count(store.dataSource, 'SELECT count(*) FROM outbox')).toBe(0);
  });

  it('delivers the events of each case in order, many cases interleaved', async () => {
    const cases = caseIds(25);
    const perCase = 8;
    // Interleave: round n touches every case once, in a shuffled order, some transactions carrying several.
    for (let n = 1; n <= perCase; n += 1) {
      const round = [...cases].sort(() => Math.random() - 0.5).map((caseId) => touch(caseId, n));
      for (let i = 0; i < round.length; i += 5) await writeEvents(store.dataSource, round.slice(i, i + 5));
    }
    const total = cases.length * perCase;
    const consumer = new EventConsumer(store.dataSource, nc, { serviceName: 'care', namespace });
    consumers.push(consumer);
    await consumer.start({
      stream: INTAKE_STREAM,
      durable: 'ordered',
      filterSubject: INTAKE_EVENTS,
      contracts: [caseTouched],
      handler: recordEffect('ordered'),
    });
    relay().start();

    await waitFor('every event applied', async () => (await count(store.dataSource, 'SELECT count(*) FROM inbox')) === total);
    const rows = (await store.dataSource.query(
      `SELECT case_id, array_agg(n ORDER BY id) AS ns FROM test_effect WHERE consumer = 'ordered' GROUP BY case_id`,
    )) as { case_id: string; ns: number[] }[];
    expect(rows).toHaveLength(cases.length);
    for (const row of rows) expect(row.ns).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // The last batch's mark rides on the relay's next read, or comes markDelayMs later.
    await waitFor('every published row marked', async () => (await unpublished()) === 0);
    expect(await streamMessages(nc, namespacedStream(INTAKE_STREAM, namespace))).toBe(total);
    const [checkpoint] = (await store.dataSource.query(
      `SELECT max(stream_sequence)::int AS seq FROM inbox WHERE consumer = 'ordered'`,
    )) as { seq: number }[];
    expect(checkpoint?.seq).toBe(total);
  });

  it('runs one relay per database; a standby takes over when the active one stops', async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    const stream = namespacedStream(INTAKE_STREAM, namespace);
    const before = await streamMessages(nc, stream);
    const first = relay();
    const second = relay();
    first.start();
    await waitFor('first relay active', () => first.isLeader);
    second.start();

    const cases = caseIds(10);
    await writeEvents(store.dataSource, cases.map((caseId) => touch(caseId, 1)));
    await waitFor('first batch published', async () => (await unpublished()) === 0);
    expect(first.publishedCount).toBe(10);
    expect(second.publishedCount).toBe(0);
    expect(second.isLeader).toBe(false);

    await first.stop();
    await waitFor('second relay active', () => second.isLeader);
    await writeEvents(store.dataSource, cases.map((caseId) => touch(caseId, 2)));
    await waitFor('second batch published', async () => (await unpublished()) === 0);
    expect(second.publishedCount).toBe(10);
    expect(first.publishedCount).toBe(10);
    expect(await streamMessages(nc, stream)).toBe(before + 20);
  });

  it('publishes a row that took a lower position but committed after the rows above it were published', async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    const stream = namespacedStream(INTAKE_STREAM, namespace);
    const before = await streamMessages(nc, stream);
    // A window of 2 positions, so that the late row lies below the relay's reads until a full read.
    const active = new OutboxRelay(store.dataSource, nc, { namespace, laggardWindow: 2, fullScanIntervalMs: 300 });
    relays.push(active);
    active.start();
    await waitFor('relay active', () => active.isLeader);

    const late = touch(caseIds(1)[0] as string, 1);
    const runner = store.dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      await new OutboxWriter().append(runner.manager, late.envelope, late.subject);
      await writeEvents(store.dataSource, caseIds(10).map((caseId) => touch(caseId, 1)));
      await waitFor('the later rows published', async () => (await unpublished()) === 0);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    await waitFor('the late row published', async () => (await unpublished()) === 0);
    expect(await count(store.dataSource, 'SELECT count(*) FROM outbox WHERE id = $1 AND published_at IS NOT NULL', [late.envelope.id])).toBe(1);
    expect(await streamMessages(nc, stream)).toBe(before + 11);
  });

  it('takes the lock again when its database connection is killed', async () => {
    const [active] = relays.filter((r) => r.isLeader);
    expect(active).toBeDefined();
    const terminated = (await store.dataSource.query(
      `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = 'opis-outbox-relay'`,
    )) as { done: boolean }[];
    expect(terminated.length).toBeGreaterThan(0);
    await waitFor('a relay active again', () => relays.some((r) => r.isLeader), { timeoutMs: 20_000 });
    await writeEvents(store.dataSource, caseIds(3).map((caseId) => touch(caseId, 1)));
    await waitFor('published after the reconnect', async () => (await unpublished()) === 0, { timeoutMs: 20_000 });

    const all = await count(store.dataSource, 'SELECT count(*) FROM outbox');
    expect(await relays[0]?.purgePublishedBefore(new Date(Date.now() + 60_000))).toBe(all);
    expect(await count(store.dataSource, 'SELECT count(*) FROM outbox')).toBe(0);
  });
});
