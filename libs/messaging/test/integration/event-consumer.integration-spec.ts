import { createEnvelope, defineEvent, EventEnvelope, eventSubject } from '@opis/contracts-envelope';

import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/nats-core';
import { EntityManager, EntitySubscriberInterface } from 'typeorm';
import {
  DEAD_LETTER_STREAM,
  DeadLetterDesk,
  EventConsumer,
  EventConsumerFactory,
  EventConsumerOptions,
  EventMeta,
  MessagingStats,
  namespacedStream,
  namespacedSubject,
  OutboxWriter,
  PoisonMessageError,
} from '../../src';
import { laneOf } from '../../src/delivery-queue';
import {
  caseIds,
  caseTouched,
  CaseTouchedData,
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
} from './support';

/** A promise the test opens: holds a handler so that the next messages queue up behind it. */
function gate(): { open: () => void; opened: Promise<void> } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

async function transactionId(manager: EntityManager): Promise<string> {
  const [row] = (await manager.query('SELECT txid_current()::text AS txid')) as { txid: string }[];
  return row?.txid ?? '';
}

describe('event consumer (shared NATS)', () => {
  let store: TestStore;
  let nc: NatsConnection;
  const namespaces: string[] = [];
  const consumers: EventConsumer[] = [];

  beforeAll(async () => {
    store = await openTestStore('consumer');
    nc = await connectNats(await sharedNatsUrl(), 'consumer-test');
  });

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    for (const namespace of namespaces) await deleteNamespace(nc, namespace);
    await nc.close();
    await store.close();
  });

  /** A fresh namespace with the intake stream and one durable consumer. */
  async function setUp(durable: string, ackWaitMs = 5_000): Promise<string> {
    const namespace = testNamespace(durable);
    namespaces.push(namespace);
    await provisionIntake(nc, namespace, [durable], ackWaitMs);
    return namespace;
  }

  async function publish(namespace: string, subject: string, body: string | object): Promise<void> {
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    await jetstream(nc).publish(namespacedSubject(subject, namespace), payload);
  }

  async function publishTouch(namespace: string, caseId: string, n: number): Promise<EventEnvelope> {
    const { envelope, subject } = touch(caseId, n);
    await publish(namespace, subject, envelope);
    return envelope;
  }

  async function startConsumer(
    namespace: string,
    options: Omit<EventConsumerOptions, 'stream' | 'contracts' | 'filterSubject'> & Partial<Pick<EventConsumerOptions, 'contracts'>>,
    connection: NatsConnection = nc,
  ): Promise<EventConsumer> {
    const consumer = new EventConsumer(store.dataSource, connection, { serviceName: 'care', namespace });
    consumers.push(consumer);
    await consumer.start({ stream: INTAKE_STREAM, filterSubject: INTAKE_EVENTS, contracts: [caseTouched], ...options });
    return consumer;
  }

  async function settled(namespace: string, durable: string): Promise<boolean> {
    const info = await (await jetstreamManager(nc)).consumers.info(namespacedStream(INTAKE_STREAM, namespace), durable);
    return info.num_pending === 0 && info.num_ack_pending === 0 && info.delivered.stream_seq > 0;
  }

  /**
   * Starts a consumer whose first event (of its own case) waits for a gate, publishes `envelopes`
   * behind it, and opens the gate once they all wait in the consumer: so they form one batch.
   */
  async function batchBehindGate(
    namespace: string,
    options: Omit<EventConsumerOptions, 'stream' | 'contracts' | 'filterSubject' | 'handler'>,
    handler: EventConsumerOptions['handler'],
    envelopes: EventEnvelope[],
    beforeOpening: () => Promise<void> = async () => undefined,
  ): Promise<EventConsumer> {
    const held = gate();
    let holding = false;
    const [gateCase = ''] = caseIds(1);
    const gateEvent = await publishTouch(namespace, gateCase, 1);
    const consumer = await startConsumer(namespace, {
      ...options,
      handler: async (envelope, manager, meta) => {
        if (envelope.id === gateEvent.id) {
          holding = true;
          await held.opened;
        }
        await handler(envelope, manager, meta);
      },
    });
    await waitFor('gate event in hand', () => holding);
    for (const envelope of envelopes) await publish(namespace, touch(envelope.caseId, 1).subject, envelope);
    await waitFor('the batch waiting', () => consumer.waitingCount === envelopes.length);
    await beforeOpening();
    held.open();
    return consumer;
  }

  /** n = 1..rounds for each case, interleaved case by case as a busy producer would write them. */
  function interleaved(cases: string[], rounds: number): EventEnvelope[] {
    const envelopes: EventEnvelope[] = [];
    for (let n = 1; n <= rounds; n += 1) for (const caseId of cases) envelopes.push(touch(caseId, n).envelope);
    return envelopes;
  }

  async function appliedOrderByCase(durable: string): Promise<Map<string, number[]>> {
    const rows = (await store.dataSource.query(
      'SELECT case_id, array_agg(n ORDER BY id) AS ns FROM test_effect WHERE consumer = $1 GROUP BY case_id',
      [durable],
    )) as { case_id: string; ns: number[] }[];
    return new Map(rows.map((row) => [row.case_id, row.ns]));
  }

  it('counts as detached (not ready) until its durable exists, and attached once it pulls', async () => {
    const namespace = testNamespace('attach');
    namespaces.push(namespace);
    await provisionIntake(nc, namespace, []);
    const factory = new EventConsumerFactory(store.dataSource, nc, { serviceName: 'care', namespace });
    const consumer = await factory.start({ stream: INTAKE_STREAM, filterSubject: INTAKE_EVENTS, contracts: [caseTouched], durable: 'attach-test', handler: async () => undefined });
    consumers.push(consumer);
    expect(factory.detached()).toEqual(['attach-test']);
    await provisionIntake(nc, namespace, ['attach-test']);
    await waitFor('the consumer attached', () => factory.detached().length === 0, { timeoutMs: 20_000 });
    expect(consumer.attached).toBe(true);
  });

  it('writes the events a handler causes with the cause: the applied event as causationId, its correlationId carried on', async () => {
    const namespace = await setUp('cause-test');
    const writer = new OutboxWriter();
    const [caseId] = caseIds(1);
    const consumed = await publishTouch(namespace, caseId, 1);
    const written: EventEnvelope[] = [];
    await startConsumer(namespace, {
      durable: 'cause-test',
      handler: async (_envelope, manager) => {
        written.push(await writer.appendEvent(manager, caseTouched, { caseId, officeCode: 'CHP', actor: { kind: 'system', id: 'test' }, data: { n: 2 } }));
      },
    });
    await waitFor('the handler wrote its event', () => written.length === 1);
    expect(written[0]).toMatchObject({ correlationId: consumed.correlationId, causationId: consumed.id });
    const [row] = (await store.dataSource.query('SELECT payload FROM outbox WHERE id = $1', [written[0].id])) as Array<{ payload: EventEnvelope }>;
    expect(row.payload).toMatchObject({ correlationId: consumed.correlationId, causationId: consumed.id });
  });

  it('applies the events that arrived together in one transaction, each case in stream order, and checkpoints the last', async () => {
    const durable = 'batch';
    const namespace = await setUp(durable);
    const record = recordEffect(durable);
    const transactions = new Map<string, string>();
    const cases = caseIds(3);
    const envelopes = interleaved(cases, 5);
    await batchBehindGate(
      namespace,
      { durable },
      async (envelope, manager, meta) => {
        transactions.set(envelope.id, await transactionId(manager));
        await record(envelope, manager, meta);
      },
      envelopes,
    );

    await waitFor('all settled', () => settled(namespace, durable));
    expect(new Set(envelopes.map((envelope) => transactions.get(envelope.id))).size).toBe(1);
    const order = await appliedOrderByCase(durable);
    for (const caseId of cases) expect(order.get(caseId)).toEqual([1, 2, 3, 4, 5]);
    expect(await count(store.dataSource, 'SELECT count(*) FROM inbox WHERE consumer = $1', [durable])).toBe(16);
    const stats = new MessagingStats(store.dataSource, nc, () => [{ stream: INTAKE_STREAM, durable }], namespace);
    const [lag] = (await stats.snapshot()).consumers;
    expect(lag).toMatchObject({ durable, lastStreamSequence: 16, lastEventId: envelopes.at(-1)?.id, numPending: 0, numAckPending: 0 });
  });

  it('does not ack an event whose handler swallowed a database error: the aborted transaction is retried, not quietly rolled back', async () => {
    const durable = 'swallowed-error';
    const namespace = await setUp(durable);
    const record = recordEffect(durable);
    const [caseId = ''] = caseIds(1);
    const deliveries: number[] = [];
    await startConsumer(namespace, {
      durable,
      nakDelayMs: 20,
      maxNakDelayMs: 50,
      handler: async (envelope, manager, meta) => {
        deliveries.push(meta.deliveryCount);
        await record(envelope, manager, meta);
        if (meta.deliveryCount === 1) await manager.query('SELECT 1 / 0').catch(() => undefined);
      },
    });
    const envelope = await publishTouch(namespace, caseId, 1);

    await waitFor('applied on a later delivery', async () =>
      (await count(store.dataSource, 'SELECT count(*) FROM inbox WHERE consumer = $1 AND event_id = $2', [durable, envelope.id])) === 1,
    );
    await waitFor('all settled', () => settled(namespace, durable));
    expect(deliveries).toEqual([1, 2]);
    expect(await count(store.dataSource, 'SELECT count(*) FROM test_effect WHERE consumer = $1', [durable])).toBe(1);
    expect(await count(store.dataSource, 'SELECT count(*) FROM dead_letter WHERE consumer = $1', [durable])).toBe(0);
  });

  it('isolates the events that fail in a batch: each is settled by its own error, its case waits behind it, other cases commit', async () => {
    const durable = 'batch-failures';
    const namespace = await setUp(durable);
    const record = recordEffect(durable);
    const [a = '', b = ''] = caseIds(2);
    const envelopes = interleaved([a, b], 5);
    const calls = new Map<string, number>();
    const handler = async (envelope: EventEnvelope, manager: EntityManager, meta: EventMeta): Promise<void> => {
      calls.set(envelope.id, (calls.get(envelope.id) ?? 0) + 1);
      const { n } = envelope.data as CaseTouchedData;
      if (envelope.caseId === a && n === 3) throw new PoisonMessageError('case a cannot take its third touch');
      if (envelope.caseId === b && n === 2 && meta.deliveryCount === 1) throw new Error('passing failure');
      await record(envelope, manager, meta);
    };
    await batchBehindGate(namespace, { durable, nakDelayMs: 20 }, handler, envelopes);

    const [, , , b2, a3] = envelopes.map((envelope) => envelope.id);
    // b's later events waited for b2's retry, then came in order (finding 2: they were applied
    // at once, and b2 after them).
    await waitFor('case b applied whole', async () => (await appliedOrderByCase(durable)).get(b)?.length === 5);
    const order = await appliedOrderByCase(durable);
    expect(order.get(b)).toEqual([1, 2, 3, 4, 5]);
    // a's third is a dead letter: a's fourth and fifth wait for an operator, parked, never applied.
    expect(order.get(a)).toEqual([1, 2]);
    expect([a3, b2].map((id) => calls.get(id ?? ''))).toEqual([1, 2]);
    const parked = (await store.dataSource.query(
      'SELECT case_version::int AS v FROM consumer_pending_event WHERE consumer = $1 AND case_id = $2 ORDER BY case_version',
      [durable, a],
    )) as { v: number }[];
    expect(parked.map((row) => row.v)).toEqual([4, 5]);
    expect(await count(store.dataSource, 'SELECT count(*) FROM consumer_pending_event WHERE consumer = $1 AND case_id = $2', [durable, b])).toBe(0);
    expect(await count(store.dataSource, 'SELECT count(*) FROM test_effect WHERE consumer = $1', [durable])).toBe(
      await count(store.dataSource, 'SELECT count(DISTINCT event_id) FROM test_effect WHERE consumer = $1', [durable]),
    );
    const letters = (await store.dataSource.query(
      'SELECT event_id, reason, case_id, case_version::int AS v FROM dead_letter WHERE consumer = $1',
      [durable],
    )) as { event_id: string; reason: string; case_id: string; v: number }[];
    expect(letters).toEqual([{ event_id: a3, reason: 'poison: case a cannot take its third touch', case_id: a, v: 3 }]);
  });

  it('tries every event of a batch alone when the batch fails outside the handlers, and applies each once', async () => {
    const durable = 'batch-outside-failure';
    const namespace = await setUp(durable);
    const record = recordEffect(durable);
    const envelopes = interleaved(caseIds(3), 1);
    const eventsByTransaction = new Map<string, Set<string>>();
    let refusing = false;
    await batchBehindGate(
      namespace,
      { durable, nakDelayMs: 20, maxNakDelayMs: 50, maxDeliver: 100 },
      async (envelope, manager, meta) => {
        const txid = await transactionId(manager);
        eventsByTransaction.set(txid, (eventsByTransaction.get(txid) ?? new Set()).add(envelope.id));
        await record(envelope, manager, meta);
      },
      envelopes,
      async () => {
        // Every transaction of this consumer now fails at COMMIT, after the handlers ran.
        await store.dataSource.query(`INSERT INTO test_commit_refused (consumer) VALUES ($1)`, [durable]);
        refusing = true;
      },
    );
    try {
      await waitFor('each event failed again on its own', async () => {
        const info = await (await jetstreamManager(nc)).consumers.info(namespacedStream(INTAKE_STREAM, namespace), durable);
        return info.num_redelivered >= 4;
      });
    } finally {
      if (refusing) await store.dataSource.query(`DELETE FROM test_commit_refused WHERE consumer = $1`, [durable]);
    }

    await waitFor('all settled', () => settled(namespace, durable));
    const transactions = [...eventsByTransaction.values()];
    const ids = envelopes.map((envelope) => envelope.id);
    expect(transactions.some((events) => ids.every((id) => events.has(id)))).toBe(true);
    for (const id of ids) expect(transactions.some((events) => events.size === 1 && events.has(id))).toBe(true);
    expect(await count(store.dataSource, 'SELECT count(*) FROM test_effect WHERE consumer = $1', [durable])).toBe(4);
    expect(await count(store.dataSource, 'SELECT count(DISTINCT event_id) FROM test_effect WHERE consumer = $1', [durable])).toBe(4);
    expect(await count(store.dataSource, 'SELECT count(*) FROM dead_letter WHERE consumer = $1', [durable])).toBe(0);
  });

  it('skips in a batch the versions its case applied already and a second copy of one event, and applies the rest once', async () => {
    const durable = 'batch-duplicates';
    const namespace = await setUp(durable);
    const record = recordEffect(durable);
    const [caseId = ''] = caseIds(1);
    const [first, seen, twice, last] = [1, 2, 3, 4].map((n) => touch(caseId, n).envelope) as EventEnvelope[];
    // Versions 1 and 2 committed before; only their acks were lost.
    await store.dataSource.query('INSERT INTO consumer_case_cursor (consumer, case_id, applied_version) VALUES ($1, $2, 2)', [durable, caseId]);
    const calls: string[] = [];
    const consumer = await batchBehindGate(
      namespace,
      { durable },
      async (envelope, manager, meta) => {
        calls.push(envelope.id);
        await record(envelope, manager, meta);
      },
      [first, seen, twice, twice, last] as EventEnvelope[],
    );

    await waitFor('all settled', () => settled(namespace, durable));
    expect(calls.slice(1)).toEqual([twice?.id, last?.id]);
    expect(consumer.appliedCount).toBe(3);
    expect((await appliedOrderByCase(durable)).get(caseId)).toEqual([3, 4]);
    expect(first && seen).toBeDefined();
  });

  it('only records in the inbox the events of contracts it does not handle, in one statement without a transaction', async () => {
    const durable = 'handles';
    const namespace = await setUp(durable);
    const caseNoted = defineEvent({
      name: { service: 'intake', aggregate: 'case', event: 'noted', version: 1 },
      dataClass: CaseTouchedData,
      example: { n: 1 },
      description: 'test event: a change the consumer ignores',
      semantics: 'change',
    });
    const noted = (caseId: string, n: number) => {
      const envelope = createEnvelope({ name: caseNoted.name, caseId, officeCode: 'CHP', actor: { kind: 'system', id: 'test' }, caseVersion: n, data: { n } });
      return { envelope, subject: eventSubject(caseNoted.name, 'CHP') };
    };
    const [caseId = ''] = caseIds(1);
    const calls: number[] = [];
    let transactions = 0;
    const countTransactions: EntitySubscriberInterface = { afterTransactionStart: () => void (transactions += 1) };
    store.dataSource.subscribers.push(countTransactions);
    const consumer = await startConsumer(namespace, {
      durable,
      contracts: [caseTouched, caseNoted],
      handles: [caseTouched],
      applyBatchSize: 1,
      handler: async (envelope) => void calls.push((envelope.data as CaseTouchedData).n),
    });
    const ignored = [noted(caseId, 1), noted(caseId, 2)];
    for (const { envelope, subject } of ignored) await publish(namespace, subject, envelope);
    await waitFor('the ignored events taken', () => consumer.appliedCount === 2);
    const transactionsForIgnored = transactions;
    await publishTouch(namespace, caseId, 3);

    await waitFor('all settled', () => settled(namespace, durable));
    store.dataSource.subscribers.splice(store.dataSource.subscribers.indexOf(countTransactions), 1);
    expect([transactionsForIgnored, transactions]).toEqual([0, 1]);
    expect(calls).toEqual([3]);
    expect(consumer.appliedCount).toBe(3);
    expect(await count(store.dataSource, 'SELECT count(*) FROM inbox WHERE consumer = $1', [durable])).toBe(3);
    await expect(
      new EventConsumer(store.dataSource, nc, { serviceName: 'care', namespace }).start({
        stream: INTAKE_STREAM,
        durable: 'handles-unknown',
        contracts: [caseTouched],
        handles: [caseNoted],
        handler: async () => undefined,
      }),
    ).rejects.toThrow('handles intake.case.noted.v1, which is not among');
  });

  it('gives every event its own transaction with applyBatchSize 1, and refuses sizes below 1', async () => {
    const durable = 'batch-of-one';
    const namespace = await setUp(durable);
    const transactions = new Set<string>();
    const envelopes = interleaved(caseIds(2), 3);
    await batchBehindGate(
      namespace,
      { durable, applyBatchSize: 1 },
      async (envelope, manager) => void transactions.add(await transactionId(manager)),
      envelopes.slice(0, 1),
    );
    for (const envelope of envelopes.slice(1)) await publish(namespace, touch(envelope.caseId, 1).subject, envelope);

    await waitFor('all settled', () => settled(namespace, durable));
    expect(transactions.size).toBe(envelopes.length + 1);
    const consumer = new EventConsumer(store.dataSource, nc, { serviceName: 'care', namespace });
    await expect(
      consumer.start({ stream: INTAKE_STREAM, durable, contracts: [caseTouched], handler: async () => undefined, applyBatchSize: 0 }),
    ).rejects.toThrow('applyBatchSize');
    await expect(
      consumer.start({ stream: INTAKE_STREAM, durable, contracts: [caseTouched], handler: async () => undefined, concurrency: 0 }),
    ).rejects.toThrow('concurrency');
  });

  it('with concurrency, applies other cases while one case waits, and keeps every case in stream order', async () => {
    const durable = 'lanes';
    const namespace = await setUp(durable);
    const record = recordEffect(durable);
    const lanes = 3;
    // A held case and others in other lanes (a case's lane is fixed by its id).
    const candidates = caseIds(60);
    const [held = ''] = candidates;
    const others = candidates.filter((caseId) => laneOf(caseId, lanes) !== laneOf(held, lanes)).slice(0, 4);
    const release = gate();
    let holding = false;
    await startConsumer(namespace, {
      durable,
      concurrency: lanes,
      handler: async (envelope, manager, meta) => {
        if (envelope.caseId === held && (envelope.data as CaseTouchedData).n === 1) {
          holding = true;
          await release.opened;
        }
        await record(envelope, manager, meta);
      },
    });
    try {
      await publishTouch(namespace, held, 1);
      await waitFor('the held case in hand', () => holding);
      for (const envelope of interleaved([held, ...others], 4).slice(1)) {
        await publish(namespace, touch(envelope.caseId, 1).subject, envelope);
      }
      await waitFor('the other cases applied while one case waits', async () =>
        (await count(store.dataSource, 'SELECT count(*) FROM test_effect WHERE consumer = $1 AND case_id <> $2', [durable, held])) ===
        others.length * 4,
      );
      expect(await count(store.dataSource, 'SELECT count(*) FROM test_effect WHERE case_id = $1', [held])).toBe(0);
    } finally {
      release.open();
    }

    await waitFor('all settled', () => settled(namespace, durable));
    const order = await appliedOrderByCase(durable);
    for (const caseId of [held, ...others]) expect(order.get(caseId)).toEqual([1, 2, 3, 4]);
    expect(await count(store.dataSource, 'SELECT count(*) FROM inbox WHERE consumer = $1', [durable])).toBe(20);
  });

  it('on stop finishes the transaction under way and gives back what waits, without waiting out the ack wait', async () => {
    const durable = 'stop-mid-batch';
    // An ack wait longer than the test's patience: the rest must come back by nak, not by expiry.
    const namespace = await setUp(durable, 60_000);
    const record = recordEffect(durable);
    const [caseId = ''] = caseIds(1);
    const held = gate();
    let holding = false;
    const first = await publishTouch(namespace, caseId, 1);
    const stopping = await startConsumer(namespace, {
      durable,
      handler: async (envelope, manager, meta) => {
        holding = true;
        await held.opened;
        await record(envelope, manager, meta);
      },
    });
    await waitFor('first event in hand', () => holding);
    for (let n = 2; n <= 6; n += 1) await publishTouch(namespace, caseId, n);
    await waitFor('the rest waiting', () => stopping.waitingCount === 5);
    const stopped = stopping.stop();
    held.open();
    await stopped;
    expect(stopping.appliedCount).toBe(1);
    const effects = (await store.dataSource.query('SELECT event_id FROM test_effect WHERE consumer = $1', [durable])) as {
      event_id: string;
    }[];
    expect(effects.map((row) => row.event_id)).toEqual([first.id]);

    await startConsumer(namespace, { durable, handler: record });
    await waitFor('all settled', () => settled(namespace, durable), { timeoutMs: 20_000 });
    expect((await appliedOrderByCase(durable)).get(caseId)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('applies an event exactly once when the handler fails after writing its effects', async () => {
    const durable = 'retry-after-effects';
    const namespace = await setUp(durable);
    const record = recordEffect(durable);
    let calls = 0;
    await startConsumer(namespace, {
      durable,
      nakDelayMs: 20,
      handler: async (envelope, manager, meta) => {
        calls += 1;
        await record(envelope, manager, meta);
        if (meta.deliveryCount === 1) throw new Error('crash after writing effects');
      },
    });
    const [caseId = ''] = caseIds(1);
    for (let n = 1; n <= 3; n += 1) await publishTouch(namespace, caseId, n);

    await waitFor('all settled', () => settled(namespace, durable));
    // The second and third wait parked behind the first, and are retried from there.
    await waitFor('all applied', async () => (await appliedOrderByCase(durable)).get(caseId)?.length === 3);
    expect(calls).toBe(6);
    expect((await appliedOrderByCase(durable)).get(caseId)).toEqual([1, 2, 3]);
    expect(await count(store.dataSource, 'SELECT count(*) FROM test_effect WHERE consumer = $1', [durable])).toBe(3);
    expect(await count(store.dataSource, 'SELECT count(DISTINCT event_id) FROM test_effect WHERE consumer = $1', [durable])).toBe(3);
    expect(await count(store.dataSource, 'SELECT count(*) FROM inbox WHERE consumer = $1', [durable])).toBe(3);
  });

  it('does not apply twice an event whose consumer died after commit, before the ack', async () => {
    const durable = 'dies-before-ack';
    const namespace = await setUp(durable, 1_000);
    const doomed = await connectNats(await sharedNatsUrl(), 'doomed-consumer');
    const record = recordEffect(durable);
    const [caseId = ''] = caseIds(1);
    const first = await publishTouch(namespace, caseId, 1);
    await startConsumer(
      namespace,
      {
        durable,
        handler: async (envelope, manager, meta) => {
          await record(envelope, manager, meta);
          // The process "dies": its connection goes before the transaction commits and acks.
          await doomed.close();
        },
      },
      doomed,
    );
    await waitFor('first event committed', async () =>
      (await count(store.dataSource, 'SELECT count(*) FROM inbox WHERE consumer = $1', [durable])) === 1,
    );
    const second = await publishTouch(namespace, caseId, 2);

    const survivorCalls: string[] = [];
    const survivor = await startConsumer(namespace, {
      durable,
      handler: async (envelope, manager, meta) => {
        survivorCalls.push(envelope.id);
        await record(envelope, manager, meta);
      },
    });
    await waitFor('all settled', () => settled(namespace, durable), { timeoutMs: 20_000 });
    await waitFor('second applied', () => survivor.appliedCount === 1);
    expect(survivorCalls).toEqual([second.id]);
    const effects = (await store.dataSource.query('SELECT event_id FROM test_effect WHERE consumer = $1 ORDER BY id', [
      durable,
    ])) as { event_id: string }[];
    expect(effects.map((row) => row.event_id)).toEqual([first.id, second.id]);
  });

  it('dead-letters poison with the reason, its case and version, and goes on with the other cases', async () => {
    const durable = 'poison';
    const namespace = await setUp(durable);
    const record = recordEffect(durable);
    const handler = async (envelope: EventEnvelope, manager: EntityManager, meta: EventMeta): Promise<void> => {
      const { n } = envelope.data as CaseTouchedData;
      if (n === 13) throw new PoisonMessageError('case 13 is closed');
      if (n === 66) throw new Error('passing failure that never passes');
      await record(envelope, manager, meta);
    };
    await startConsumer(namespace, { durable, handler, maxDeliver: 2, nakDelayMs: 20 });

    const [unknownType = '', invalid = '', closed = '', failing = '', good = ''] = caseIds(5);
    const subject = touch(good, 1).subject;
    await publish(namespace, subject, '{"not json');
    await publish(namespace, subject, { ...touch(unknownType, 1).envelope, version: 2 });
    await publish(namespace, subject, { ...touch(invalid, 1).envelope, data: { n: 0 } });
    await publish(namespace, subject, touch(closed, 13, 1).envelope);
    await publish(namespace, subject, touch(failing, 66, 1).envelope);
    const applied = touch(good, 7, 1).envelope;
    await publish(namespace, subject, applied);

    await waitFor('all settled', () => settled(namespace, durable));
    const letters = (await store.dataSource.query(
      'SELECT reason, deliveries, event_id, case_id, case_version::int AS v, stream_sequence::int AS seq FROM dead_letter WHERE consumer = $1 ORDER BY stream_sequence',
      [durable],
    )) as { reason: string; deliveries: number; event_id: string | null; case_id: string | null; v: number | null; seq: number }[];
    expect(letters.map((l) => [l.seq, l.deliveries, l.case_id, l.v])).toEqual([
      [1, 1, null, null],
      [2, 1, unknownType, 1],
      [3, 1, invalid, 1],
      [4, 1, closed, 1],
      [5, 2, failing, 1],
    ]);
    expect(letters[0]?.reason).toBe('poison: bad JSON');
    expect(letters[0]?.event_id).toBeNull();
    expect(letters[1]?.reason).toBe('poison: unknown event intake.case.touched.v2');
    expect(letters[2]?.reason).toContain('data.n: min');
    expect(letters[3]?.reason).toBe('poison: case 13 is closed');
    expect(letters[4]?.reason).toContain('failed 2 deliveries, last: Error: passing failure that never passes');
    const effects = (await store.dataSource.query('SELECT event_id FROM test_effect WHERE consumer = $1', [durable])) as {
      event_id: string;
    }[];
    expect(effects.map((row) => row.event_id)).toEqual([applied.id]);
    await waitFor('dead letters on the DLQ stream', async () =>
      (await streamMessages(nc, namespacedStream(DEAD_LETTER_STREAM, namespace))) === 5,
    );
  });

  it('naks a dead letter it cannot record, and records it once the database accepts it', async () => {
    const durable = 'unrecorded';
    const namespace = await setUp(durable);
    await startConsumer(namespace, { durable, handler: recordEffect(durable), nakDelayMs: 20, maxNakDelayMs: 100 });
    await store.dataSource.query('ALTER TABLE dead_letter RENAME TO dead_letter_away');
    try {
      await publish(namespace, touch(caseIds(1)[0] ?? '', 1).subject, 'garbage');
      await waitFor('redelivered after the failed dead letter', async () => {
        const info = await (await jetstreamManager(nc)).consumers.info(namespacedStream(INTAKE_STREAM, namespace), durable);
        return info.delivered.consumer_seq >= 3;
      });
    } finally {
      await store.dataSource.query('ALTER TABLE dead_letter_away RENAME TO dead_letter');
    }
    await waitFor('all settled', () => settled(namespace, durable));
    const [letter] = (await store.dataSource.query('SELECT reason, deliveries FROM dead_letter WHERE consumer = $1', [
      durable,
    ])) as { reason: string; deliveries: number }[];
    expect(letter?.reason).toBe('poison: bad JSON');
    expect(letter?.deliveries).toBeGreaterThanOrEqual(3);
  });
  it('applies a case in version order with two instances on one durable, though a slow event is redelivered to the other (finding 3)', async () => {
    const durable = 'two-instances';
    const namespace = await setUp(durable, 2_000);
    const record = recordEffect(durable);
    const [caseId = ''] = caseIds(1);
    const slow = gate();
    let holding = false;
    const handler = async (envelope: EventEnvelope, manager: EntityManager, meta: EventMeta): Promise<void> => {
      if ((envelope.data as CaseTouchedData).n === 1 && !holding) {
        holding = true;
        await slow.opened;
      }
      await record(envelope, manager, meta);
    };
    const second = await connectNats(await sharedNatsUrl(), 'second-instance');
    try {
      await startConsumer(namespace, { durable, handler });
      await startConsumer(namespace, { durable, handler }, second);
      await publishTouch(namespace, caseId, 1);
      await waitFor('version 1 in hand', () => holding);
      await publishTouch(namespace, caseId, 2);
      // Version 2 reached the other instance: at once, or once it waited past the ack wait
      // behind version 1 and was delivered again. (Before case versions, it was applied there.)
      await waitFor('version 2 with the other instance', async () => {
        const info = await (await jetstreamManager(nc)).consumers.info(namespacedStream(INTAKE_STREAM, namespace), durable);
        return info.num_redelivered >= 1 || (await appliedOrderByCase(durable)).get(caseId)?.includes(2) === true;
      });
      slow.open();
      await waitFor('both applied', async () => (await appliedOrderByCase(durable)).get(caseId)?.length === 2);
      await waitFor('all settled', () => settled(namespace, durable));
      expect((await appliedOrderByCase(durable)).get(caseId)).toEqual([1, 2]);
    } finally {
      slow.open();
      await Promise.all(consumers.splice(-2).map((consumer) => consumer.stop()));
      await second.close();
    }
  });

  it('never applies again what its group applied: a new per-office durable replays history, and an office moves out and back (finding 5)', async () => {
    const national = 'moves';
    const office = 'moves-chp';
    const namespace = testNamespace(national);
    namespaces.push(namespace);
    await provisionIntake(nc, namespace, [national, office]);
    const record = recordEffect(national);
    const [caseId = ''] = caseIds(1);
    for (let n = 1; n <= 3; n += 1) await publishTouch(namespace, caseId, n);
    const nationalConsumer = await startConsumer(namespace, { durable: national, handler: record });
    await waitFor('history applied by the national instance', async () => (await appliedOrderByCase(national)).get(caseId)?.length === 3);

    // The office gets an instance of its own (a new durable of the same group): it replays the
    // stream from the start, and during the rollout the national instance still applies CHP too.
    const officeConsumer = await startConsumer(namespace, { durable: office, group: national, handler: record });
    await publishTouch(namespace, caseId, 4);
    await waitFor('the office caught up', () => settled(namespace, office));
    await waitFor('the national caught up', () => settled(namespace, national));
    expect((await appliedOrderByCase(national)).get(caseId)).toEqual([1, 2, 3, 4]);

    // And back: the office's instance goes, the national one applies CHP again.
    await officeConsumer.stop();
    await publishTouch(namespace, caseId, 5);
    await waitFor('the national applied the next', async () => (await appliedOrderByCase(national)).get(caseId)?.length === 5);
    expect((await appliedOrderByCase(national)).get(caseId)).toEqual([1, 2, 3, 4, 5]);
    expect(nationalConsumer.appliedCount + officeConsumer.appliedCount).toBe(5);
  });
  it('holds a case back visibly behind its dead letter until an operator replays it (then what waited applies, in order) or skips it', async () => {
    const durable = 'held-back';
    const namespace = await setUp(durable);
    const record = recordEffect(durable);
    const [replayed = '', skipped = '', other = ''] = caseIds(3);
    let replayedFails = true;
    const audited: string[] = [];
    const desk = new DeadLetterDesk(store.dataSource, async (_manager, entry) => void audited.push(`${entry.action} ${entry.caseId} ${entry.actor}`));
    const consumer = await startConsumer(namespace, {
      durable,
      sweepIntervalMs: 100,
      handler: async (envelope, manager, meta) => {
        const { n } = envelope.data as CaseTouchedData;
        if (n === 2 && envelope.caseId === skipped) throw new PoisonMessageError('never');
        if (n === 2 && envelope.caseId === replayed && replayedFails) throw new PoisonMessageError('not yet');
        await record(envelope, manager, meta);
      },
    });
    for (const caseId of [replayed, skipped]) for (let n = 1; n <= 4; n += 1) await publishTouch(namespace, caseId, n);
    await publishTouch(namespace, other, 1);
    await waitFor('all settled', () => settled(namespace, durable));

    // The test database is shared by this file's tests: only this consumer's cases count here.
    const ours = <T extends { consumerGroup: string }>(rows: T[]): T[] => rows.filter((row) => row.consumerGroup === durable);
    const held = ours(await desk.heldCases());
    expect(held.map((c) => [c.caseId, c.appliedVersion, c.missingVersion, c.parkedEvents]).sort()).toEqual(
      [
        [replayed, 1, 2, 2],
        [skipped, 1, 2, 2],
      ].sort(),
    );
    expect(held.every((c) => c.deadLetterId !== null)).toBe(true);
    const stats = new MessagingStats(store.dataSource, nc, () => [], namespace);
    expect((await stats.snapshot()).groups.filter((group) => group.group === durable)).toEqual([{ group: durable, heldCases: 2, openDeadLetters: 2 }]);
    expect((await appliedOrderByCase(durable)).get(other)).toEqual([1]);

    const letterOf = (caseId: string) => held.find((c) => c.caseId === caseId)?.deadLetterId ?? '';
    await expect(desk.skip(letterOf(skipped), 'operator:test', 'short')).rejects.toThrow('reason');
    replayedFails = false;
    await desk.requestReplay(letterOf(replayed), 'operator:test', 'the handler was mended');
    await desk.skip(letterOf(skipped), 'operator:test', 'the event cannot apply to this case, checked with intake');
    await waitFor('what waited applied', async () => {
      const order = await appliedOrderByCase(durable);
      return order.get(replayed)?.length === 4 && order.get(skipped)?.length === 3;
    });
    const order = await appliedOrderByCase(durable);
    expect(order.get(replayed)).toEqual([1, 2, 3, 4]);
    expect(order.get(skipped)).toEqual([1, 3, 4]);
    expect(ours(await desk.heldCases())).toEqual([]);
    expect(ours(await desk.list()).map((letter) => [letter.caseId, letter.resolution]).sort()).toEqual(
      [
        [replayed, 'replayed'],
        [skipped, 'skipped'],
      ].sort(),
    );
    expect(audited.sort()).toEqual([`dead-letter.replay-requested ${replayed} operator:test`, `dead-letter.skipped ${skipped} operator:test`].sort());
    expect(consumer.appliedCount).toBeGreaterThan(0);
  });
  it('closes by itself a dead letter of a version its group applied meanwhile (another instance applied the event)', async () => {
    const durable = 'dead-but-applied';
    const namespace = await setUp(durable);
    const [caseId = ''] = caseIds(1);
    await startConsumer(namespace, { durable, sweepIntervalMs: 100, handler: recordEffect(durable) });
    const applied = await publishTouch(namespace, caseId, 1);
    await waitFor('applied', async () => (await appliedOrderByCase(durable)).get(caseId)?.length === 1);
    // The letter this instance wrote after its last failed delivery, while the other one applied it.
    await store.dataSource.query(
      `INSERT INTO dead_letter (id, consumer, consumer_group, subject, stream_sequence, event_id, case_id, case_version, payload, reason, deliveries)
       VALUES (gen_random_uuid(), $1, $1, 'opis.intake.case.touched.v1.CHP', 999, $2, $3, 1, '{}', 'failed 5 deliveries', 5)`,
      [durable, applied.id, caseId],
    );
    await waitFor('resolved as applied', async () =>
      (await count(store.dataSource, `SELECT count(*) FROM dead_letter WHERE consumer_group = $1 AND resolution = 'already-applied'`, [durable])) === 1,
    );
  });
});
