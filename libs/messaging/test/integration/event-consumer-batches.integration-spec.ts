import { createEnvelope, defineEvent, EventEnvelope, eventSubject } from '@opis/contracts-envelope';

import { jetstreamManager } from '@nats-io/jetstream';
import { EntityManager, EntitySubscriberInterface } from 'typeorm';

import {
  EventConsumer,
  EventConsumerFactory,
  EventMeta,
  MessagingStats,
  namespacedStream,
  OutboxWriter,
  PoisonMessageError,
} from '../../src';
import { laneOf } from '../../src/delivery-queue';
import { gate, interleaved, transactionId, useConsumerBed } from './consumer-bed';
import {
  caseIds,
  caseTouched,
  CaseTouchedData,
  count,
  INTAKE_EVENTS,
  INTAKE_STREAM,
  provisionIntake,
  recordEffect,
  testNamespace,
  touch,
  waitFor,
} from './support';

describe('event consumer: batches (shared NATS)', () => {
  const bed = useConsumerBed('consumer-batches');
  const { setUp, publish, publishTouch, startConsumer, settled, batchBehindGate, appliedOrderByCase } = bed;

  it('counts as detached (not ready) until its durable exists, and attached once it pulls', async () => {
    const namespace = testNamespace('attach');
    bed.namespaces.push(namespace);
    await provisionIntake(bed.nc, namespace, []);
    const factory = new EventConsumerFactory(bed.store.dataSource, bed.nc, { serviceName: 'care', namespace });
    const consumer = await factory.start({ stream: INTAKE_STREAM, filterSubject: INTAKE_EVENTS, contracts: [caseTouched], durable: 'attach-test', handler: async () => undefined });
    bed.consumers.push(consumer);
    expect(factory.detached()).toEqual(['attach-test']);
    await provisionIntake(bed.nc, namespace, ['attach-test']);
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
    const [row] = (await bed.store.dataSource.query('SELECT payload FROM outbox WHERE id = $1', [written[0].id])) as Array<{ payload: EventEnvelope }>;
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
    expect(await count(bed.store.dataSource, 'SELECT count(*) FROM inbox WHERE consumer = $1', [durable])).toBe(16);
    const stats = new MessagingStats(bed.store.dataSource, bed.nc, () => [{ stream: INTAKE_STREAM, durable }], namespace);
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
      (await count(bed.store.dataSource, 'SELECT count(*) FROM inbox WHERE consumer = $1 AND event_id = $2', [durable, envelope.id])) === 1,
    );
    await waitFor('all settled', () => settled(namespace, durable));
    expect(deliveries).toEqual([1, 2]);
    expect(await count(bed.store.dataSource, 'SELECT count(*) FROM test_effect WHERE consumer = $1', [durable])).toBe(1);
    expect(await count(bed.store.dataSource, 'SELECT count(*) FROM dead_letter WHERE consumer = $1', [durable])).toBe(0);
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
    const parked = (await bed.store.dataSource.query(
      'SELECT case_version::int AS v FROM consumer_pending_event WHERE consumer = $1 AND case_id = $2 ORDER BY case_version',
      [durable, a],
    )) as { v: number }[];
    expect(parked.map((row) => row.v)).toEqual([4, 5]);
    expect(await count(bed.store.dataSource, 'SELECT count(*) FROM consumer_pending_event WHERE consumer = $1 AND case_id = $2', [durable, b])).toBe(0);
    expect(await count(bed.store.dataSource, 'SELECT count(*) FROM test_effect WHERE consumer = $1', [durable])).toBe(
      await count(bed.store.dataSource, 'SELECT count(DISTINCT event_id) FROM test_effect WHERE consumer = $1', [durable]),
    );
    const letters = (await bed.store.dataSource.query(
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
        await bed.store.dataSource.query(`INSERT INTO test_commit_refused (consumer) VALUES ($1)`, [durable]);
        refusing = true;
      },
    );
    try {
      await waitFor('each event failed again on its own', async () => {
        const info = await (await jetstreamManager(bed.nc)).consumers.info(namespacedStream(INTAKE_STREAM, namespace), durable);
        return info.num_redelivered >= 4;
      });
    } finally {
      if (refusing) await bed.store.dataSource.query(`DELETE FROM test_commit_refused WHERE consumer = $1`, [durable]);
    }

    await waitFor('all settled', () => settled(namespace, durable));
    const transactions = [...eventsByTransaction.values()];
    const ids = envelopes.map((envelope) => envelope.id);
    expect(transactions.some((events) => ids.every((id) => events.has(id)))).toBe(true);
    for (const id of ids) expect(transactions.some((events) => events.size === 1 && events.has(id))).toBe(true);
    expect(await count(bed.store.dataSource, 'SELECT count(*) FROM test_effect WHERE consumer = $1', [durable])).toBe(4);
    expect(await count(bed.store.dataSource, 'SELECT count(DISTINCT event_id) FROM test_effect WHERE consumer = $1', [durable])).toBe(4);
    expect(await count(bed.store.dataSource, 'SELECT count(*) FROM dead_letter WHERE consumer = $1', [durable])).toBe(0);
  });

  it('skips in a batch the versions its case applied already and a second copy of one event, and applies the rest once', async () => {
    const durable = 'batch-duplicates';
    const namespace = await setUp(durable);
    const record = recordEffect(durable);
    const [caseId = ''] = caseIds(1);
    const [first, seen, twice, last] = [1, 2, 3, 4].map((n) => touch(caseId, n).envelope) as EventEnvelope[];
    // Versions 1 and 2 committed before; only their acks were lost.
    await bed.store.dataSource.query('INSERT INTO consumer_case_cursor (consumer, case_id, applied_version) VALUES ($1, $2, 2)', [durable, caseId]);
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
    bed.store.dataSource.subscribers.push(countTransactions);
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
    bed.store.dataSource.subscribers.splice(bed.store.dataSource.subscribers.indexOf(countTransactions), 1);
    expect([transactionsForIgnored, transactions]).toEqual([0, 1]);
    expect(calls).toEqual([3]);
    expect(consumer.appliedCount).toBe(3);
    expect(await count(bed.store.dataSource, 'SELECT count(*) FROM inbox WHERE consumer = $1', [durable])).toBe(3);
    await expect(
      new EventConsumer(bed.store.dataSource, bed.nc, { serviceName: 'care', namespace }).start({
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
    const consumer = new EventConsumer(bed.store.dataSource, bed.nc, { serviceName: 'care', namespace });
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
        (await count(bed.store.dataSource, 'SELECT count(*) FROM test_effect WHERE consumer = $1 AND case_id <> $2', [durable, held])) ===
        others.length * 4,
      );
      expect(await count(bed.store.dataSource, 'SELECT count(*) FROM test_effect WHERE case_id = $1', [held])).toBe(0);
    } finally {
      release.open();
    }

    await waitFor('all settled', () => settled(namespace, durable));
    const order = await appliedOrderByCase(durable);
    for (const caseId of [held, ...others]) expect(order.get(caseId)).toEqual([1, 2, 3, 4]);
    expect(await count(bed.store.dataSource, 'SELECT count(*) FROM inbox WHERE consumer = $1', [durable])).toBe(20);
  });
});
