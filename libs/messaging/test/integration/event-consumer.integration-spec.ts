import { EventEnvelope } from '@opis/contracts-envelope';

import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/nats-core';
import { EntityManager } from 'typeorm';
import {
  DEAD_LETTER_STREAM,
  EventConsumer,
  EventConsumerOptions,
  EventMeta,
  namespacedStream,
  namespacedSubject,
  PoisonMessageError,
} from '../../src';
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
    options: Omit<EventConsumerOptions, 'stream' | 'contracts' | 'filterSubject'>,
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
    expect(calls).toBe(6);
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

  it('dead-letters poison with the reason and goes on with the next message', async () => {
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

    const [caseId = ''] = caseIds(1);
    const subject = touch(caseId, 1).subject;
    await publish(namespace, subject, '{"not json');
    await publish(namespace, subject, { ...touch(caseId, 1).envelope, version: 2 });
    await publish(namespace, subject, { ...touch(caseId, 1).envelope, data: { n: 0 } });
    await publishTouch(namespace, caseId, 13);
    await publishTouch(namespace, caseId, 66);
    const good = await publishTouch(namespace, caseId, 7);

    await waitFor('all settled', () => settled(namespace, durable));
    const letters = (await store.dataSource.query(
      'SELECT reason, deliveries, event_id, stream_sequence::int AS seq FROM dead_letter WHERE consumer = $1 ORDER BY stream_sequence',
      [durable],
    )) as { reason: string; deliveries: number; event_id: string | null; seq: number }[];
    expect(letters.map((l) => [l.seq, l.deliveries])).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
      [5, 2],
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
    expect(effects.map((row) => row.event_id)).toEqual([good.id]);
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
});
