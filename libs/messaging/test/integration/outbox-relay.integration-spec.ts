import { jetstreamManager } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/nats-core';
import { Client } from 'pg';

import { EventConsumer, leaseSessionSettings, namespacedStream, OUTBOX_RELAY_LOCK_KEY, OutboxRelay, OutboxWriter } from '../../src';
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
  /** The case ids and versions of the stream's messages after `afterSeq`, in stream order. */
  async function streamOrder(afterSeq: number): Promise<{ caseId: string; caseVersion: number; id: string }[]> {
    const jsm = await jetstreamManager(nc);
    const stream = namespacedStream(INTAKE_STREAM, namespace);
    const last = (await jsm.streams.info(stream)).state.last_seq;
    const order: { caseId: string; caseVersion: number; id: string }[] = [];
    for (let seq = afterSeq + 1; seq <= last; seq += 1) {
      const message = await jsm.streams.getMessage(stream, { seq });
      if (message) order.push(message.json<{ caseId: string; caseVersion: number; id: string }>());
    }
    return order;
  }

  it('never publishes a case\'s version N+1 before N, though N committed late below the read floor (finding 1)', async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    const stream = namespacedStream(INTAKE_STREAM, namespace);
    const before = (await (await jetstreamManager(nc)).streams.info(stream)).state.last_seq;
    // Default settings: the floor is the highest published position minus 128.
    const active = new OutboxRelay(store.dataSource, nc, { namespace });
    relays.push(active);
    active.start();
    await waitFor('relay active', () => active.isLeader);

    const [x = ''] = caseIds(1);
    const x1 = touch(x, 1);
    const runner = store.dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      await new OutboxWriter().append(runner.manager, x1.envelope, x1.subject);
      const others = caseIds(200).map((caseId) => touch(caseId, 1));
      for (let i = 0; i < others.length; i += 20) await writeEvents(store.dataSource, others.slice(i, i + 20));
      // x's first version is not committed yet, so it is not counted.
      await waitFor('the 200 others published', async () => (await unpublished()) === 0);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    const x2 = touch(x, 2);
    await writeEvents(store.dataSource, [x2]);
    await waitFor('both of x published', async () => (await unpublished()) === 0);

    const ofX = (await streamOrder(before)).filter((message) => message.caseId === x);
    expect(ofX.map((message) => [message.id, message.caseVersion])).toEqual([
      [x1.envelope.id, 1],
      [x2.envelope.id, 2],
    ]);
  });

  it('sets aside a row JetStream always refuses, holding back only its own case (outbox dead letter)', async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    const active = new OutboxRelay(store.dataSource, nc, { namespace, minBackoffMs: 20, maxBackoffMs: 100 });
    relays.push(active);
    const [refusedCase = '', ...others] = caseIds(4);
    const cleanUp = () => store.dataSource.query('DELETE FROM outbox WHERE case_id = $1', [refusedCase]);
    // A subject no stream captures: JetStream never takes it, while it takes everything else.
    const refused = touch(refusedCase, 1);
    await store.dataSource.query(
      `INSERT INTO outbox (id, subject, event_type, case_id, payload) VALUES ($1, 'opis.nowhere.case.touched.v1.CHP', 'intake.case.touched', $2, $3)`,
      [refused.envelope.id, refusedCase, JSON.stringify(refused.envelope)],
    );
    const behind = touch(refusedCase, 2);
    await writeEvents(store.dataSource, [behind, ...others.map((caseId) => touch(caseId, 1))]);
    active.start();

    try {
    await waitFor('the refused row set aside', async () =>
      (await count(store.dataSource, 'SELECT count(*) FROM outbox WHERE id = $1 AND dead_lettered_at IS NOT NULL', [refused.envelope.id])) === 1,
    );
    await waitFor('the other cases published', async () =>
      (await count(store.dataSource, 'SELECT count(*) FROM outbox WHERE case_id = ANY($1::uuid[]) AND published_at IS NULL', [others])) === 0,
    );
    const [row] = (await store.dataSource.query('SELECT publish_attempts, last_publish_error FROM outbox WHERE id = $1', [refused.envelope.id])) as {
      publish_attempts: number;
      last_publish_error: string;
    }[];
    expect(row?.publish_attempts).toBe(5);
    expect(row?.last_publish_error).toBeTruthy();
    // Its case's next version waits behind it.
    expect(await count(store.dataSource, 'SELECT count(*) FROM outbox WHERE id = $1 AND published_at IS NULL', [behind.envelope.id])).toBe(1);
    } finally {
      await cleanUp();
    }
  });

  it('takes over within seconds from a leader that went silent without closing its session (a lease, not a lock held until TCP gives up)', async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    // The frozen leader: it took the lock as a relay does, then says nothing more.
    const frozen = new Client({ connectionString: store.db.url });
    frozen.on('error', () => undefined);
    await frozen.connect();
    await frozen.query(leaseSessionSettings(2));
    const [taken] = (await frozen.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [OUTBOX_RELAY_LOCK_KEY])).rows;
    expect(taken?.locked).toBe(true);
    const standby = relay();
    standby.start();
    try {
      await waitFor('the standby took over', () => standby.isLeader, { timeoutMs: 10_000 });
    } finally {
      await frozen.end().catch(() => undefined);
    }
    await writeEvents(store.dataSource, caseIds(2).map((caseId) => touch(caseId, 1)));
    await waitFor('published by the new leader', async () => (await unpublished()) === 0);
  });
});
