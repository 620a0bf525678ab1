import { jetstreamManager } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/nats-core';

import { EventConsumer, namespacedStream, OutboxPurgeJob, outboxRetentionDays, OutboxRelay, republishOutbox } from '../../src';
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

describe('outbox retention and republish (shared NATS)', () => {
  const namespace = testNamespace('republish');
  const stream = namespacedStream(INTAKE_STREAM, namespace);
  let store: TestStore;
  let nc: NatsConnection;
  let relay: OutboxRelay;
  let consumer: EventConsumer | undefined;

  const startConsumer = async () => {
    consumer = new EventConsumer(store.dataSource, nc, { serviceName: 'care', namespace });
    await consumer.start({ stream: INTAKE_STREAM, durable: 'replayed', filterSubject: INTAKE_EVENTS, contracts: [caseTouched], handler: recordEffect('replayed') });
  };
  /** The durable has been delivered and has settled every message in the stream. */
  const caughtUp = async (messages: number) => {
    const info = await (await jetstreamManager(nc)).consumers.info(stream, 'replayed');
    return info.delivered.stream_seq === messages && info.num_ack_pending === 0 && info.num_pending === 0;
  };

  beforeAll(async () => {
    store = await openTestStore('republish');
    nc = await connectNats(await sharedNatsUrl(), 'republish-test');
    await provisionIntake(nc, namespace, ['replayed']);
    relay = new OutboxRelay(store.dataSource, nc, { namespace });
  });

  afterAll(async () => {
    await consumer?.stop();
    await relay.stop();
    await deleteNamespace(nc, namespace);
    await nc.close();
    await store.close();
  });

  it('refills a lost stream from the outbox, and the consumer applies nothing twice', async () => {
    const since = new Date(Date.now() - 60_000);
    const events = caseIds(3).flatMap((caseId) => [touch(caseId, 1), touch(caseId, 2)]);
    await writeEvents(store.dataSource, events);
    relay.start();
    await startConsumer();
    await waitFor('six events applied', async () => (await count(store.dataSource, 'SELECT count(*) FROM test_effect')) === 6);
    await relay.stop();
    await consumer?.stop();

    // The stream is lost (a new one, as after a disaster or a new cluster): empty, sequences from 1.
    await (await jetstreamManager(nc)).streams.delete(stream);
    await provisionIntake(nc, namespace, ['replayed']);
    expect(await streamMessages(nc, stream)).toBe(0);

    expect(await republishOutbox(store.dataSource, nc, { since, namespace })).toEqual({ published: 6, duplicates: 0 });
    expect(await streamMessages(nc, stream)).toBe(6);
    const jsm = await jetstreamManager(nc);
    const ids = await Promise.all([1, 2, 3, 4, 5, 6].map(async (seq) => (await jsm.streams.getMessage(stream, { seq }))?.header?.get('Nats-Msg-Id')));
    expect(ids).toEqual(events.map((event) => event.envelope.id));
    // Each keeps its case version: the sequence is new, what consumers decide by is not.
    const versions = await Promise.all([1, 2, 3, 4, 5, 6].map(async (seq) => (await jsm.streams.getMessage(stream, { seq }))?.json<{ caseVersion: number }>().caseVersion));
    expect(versions).toEqual([1, 2, 1, 2, 1, 2]);

    // The same durable reads the refilled stream from its start. Its inbox gone too, only the
    // case versions it applied can tell it that it applied every one of them.
    await store.dataSource.query('DELETE FROM inbox');
    await startConsumer();
    await waitFor('consumer caught up with the refilled stream', () => caughtUp(6));
    expect(await count(store.dataSource, 'SELECT count(*) FROM test_effect')).toBe(6);
    expect(await count(store.dataSource, 'SELECT count(DISTINCT event_id) FROM test_effect')).toBe(6);

    // Republished again within the duplicate window: JetStream keeps one copy.
    expect(await republishOutbox(store.dataSource, nc, { since, namespace })).toEqual({ published: 0, duplicates: 6 });
    expect(await streamMessages(nc, stream)).toBe(6);
    // Only rows created since the given time.
    expect(await republishOutbox(store.dataSource, nc, { since: new Date(Date.now() + 60_000), namespace })).toEqual({ published: 0, duplicates: 0 });
  });

  it('purges published rows older than the retention, never unpublished ones', async () => {
    const [caseId = ''] = caseIds(1);
    await writeEvents(store.dataSource, [touch(caseId, 1)]);
    const purge = new OutboxPurgeJob(relay, { retentionDays: outboxRetentionDays('7') });
    expect(await purge.runOnce(new Date())).toBe(0);
    expect(await purge.runOnce(new Date(Date.now() + 8 * 86_400_000))).toBe(6);
    expect(await count(store.dataSource, 'SELECT count(*) FROM outbox WHERE published_at IS NULL')).toBe(1);
    expect(outboxRetentionDays(undefined)).toBe(30);
    expect(() => outboxRetentionDays('0')).toThrow(/OUTBOX_RETENTION_DAYS/);
  });
});
