import { EventEnvelope } from '@opis/contracts-envelope';

import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/nats-core';
import { EntityManager } from 'typeorm';

import { EventConsumer, EventConsumerOptions, namespacedStream, namespacedSubject } from '../../src';
import {
  caseIds,
  caseTouched,
  connectNats,
  deleteNamespace,
  INTAKE_EVENTS,
  INTAKE_STREAM,
  openTestStore,
  provisionIntake,
  sharedNatsUrl,
  testNamespace,
  TestStore,
  touch,
  waitFor,
} from './support';

/** A promise the test opens: holds a handler so that the next messages queue up behind it. */
export function gate(): { open: () => void; opened: Promise<void> } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

export async function transactionId(manager: EntityManager): Promise<string> {
  const [row] = (await manager.query('SELECT txid_current()::text AS txid')) as { txid: string }[];
  return row?.txid ?? '';
}

/** n = 1..rounds for each case, interleaved case by case as a busy producer would write them. */
export function interleaved(cases: string[], rounds: number): EventEnvelope[] {
  const envelopes: EventEnvelope[] = [];
  for (let n = 1; n <= rounds; n += 1) for (const caseId of cases) envelopes.push(touch(caseId, n).envelope);
  return envelopes;
}

/**
 * The event consumer tests' bed: a database of its own and the shared NATS, opened before the
 * file's tests and closed after them with every consumer and namespace they started.
 */
export function useConsumerBed(label: string) {
  let store: TestStore;
  let nc: NatsConnection;
  const namespaces: string[] = [];
  const consumers: EventConsumer[] = [];

  beforeAll(async () => {
    store = await openTestStore(label);
    nc = await connectNats(await sharedNatsUrl(), `${label}-test`);
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

  async function appliedOrderByCase(durable: string): Promise<Map<string, number[]>> {
    const rows = (await store.dataSource.query(
      'SELECT case_id, array_agg(n ORDER BY id) AS ns FROM test_effect WHERE consumer = $1 GROUP BY case_id',
      [durable],
    )) as { case_id: string; ns: number[] }[];
    return new Map(rows.map((row) => [row.case_id, row.ns]));
  }

  return {
    get store(): TestStore {
      return store;
    },
    get nc(): NatsConnection {
      return nc;
    },
    namespaces,
    consumers,
    setUp,
    publish,
    publishTouch,
    startConsumer,
    settled,
    batchBehindGate,
    appliedOrderByCase,
  };
}
