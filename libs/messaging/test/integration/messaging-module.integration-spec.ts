import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { jetstreamManager, StorageType } from '@nats-io/jetstream';
import { millis, NatsConnection } from '@nats-io/nats-core';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

import {
  EventConsumerFactory,
  MessagingModule,
  MessagingStats,
  namespacedStream,
  OutboxRelay,
  OutboxWriter,
  provisionJetStream,
} from '../../src';
import {
  caseIds,
  caseTouched,
  connectNats,
  count,
  deleteNamespace,
  INTAKE_EVENTS,
  INTAKE_STREAM,
  openTestStore,
  recordEffect,
  sharedNatsUrl,
  testNamespace,
  TestStore,
  touch,
  waitFor,
} from './support';

@Module({})
class TestDatabaseModule {
  public static forDataSource(dataSource: DataSource): DynamicModule {
    return {
      module: TestDatabaseModule,
      global: true,
      providers: [{ provide: DataSource, useValue: dataSource }],
      exports: [DataSource],
    };
  }
}

describe('MessagingModule and provisioning (shared NATS)', () => {
  const namespace = testNamespace('module');
  let store: TestStore;
  let nc: NatsConnection;

  const provision = () =>
    provisionJetStream(nc, {
      namespace,
      streams: [{ service: 'intake', maxAgeMs: 24 * 3_600_000, maxBytes: 64 * 1024 * 1024 }],
      consumers: [{ stream: INTAKE_STREAM, durable: 'module-test', filterSubject: INTAKE_EVENTS, ackWaitMs: 10_000 }],
    });

  beforeAll(async () => {
    store = await openTestStore('module');
    nc = await connectNats(await sharedNatsUrl(), 'module-test-admin');
  });

  afterAll(async () => {
    await deleteNamespace(nc, namespace);
    await nc.close();
    await store.close();
  });

  it('provisions idempotently: file storage, 2 min duplicate window, the dead-letter stream', async () => {
    const first = await provision();
    expect(first.streams.map((s) => [s.name, s.action])).toEqual([
      [`${namespace}_OPIS_DEADLETTER`, 'created'],
      [`${namespace}_OPIS_INTAKE`, 'created'],
    ]);
    expect(first.consumers.map((c) => c.action)).toEqual(['created']);
    const second = await provision();
    expect([...second.streams, ...second.consumers].every((entry) => entry.action === 'updated')).toBe(true);

    const jsm = await jetstreamManager(nc);
    const { config } = await jsm.streams.info(namespacedStream(INTAKE_STREAM, namespace));
    expect(config.subjects).toEqual([`${namespace}.opis.intake.*.*.*.*`]);
    expect(config.storage).toBe(StorageType.File);
    expect(millis(config.duplicate_window)).toBe(120_000);
    expect(config.max_bytes).toBe(64 * 1024 * 1024);
    const consumer = await jsm.consumers.info(namespacedStream(INTAKE_STREAM, namespace), 'module-test');
    expect(consumer.config.filter_subject).toBe(`${namespace}.${INTAKE_EVENTS}`);
    expect(consumer.config.max_deliver).toBe(-1);
  });

  it('wires writer, relay, consumers and stats into a Nest application', async () => {
    @Module({
      imports: [
        TestDatabaseModule.forDataSource(store.dataSource),
        MessagingModule.forRoot({ serviceName: 'intake', natsUrl: await sharedNatsUrl(), namespace }),
      ],
    })
    class AppModule {}

    const app: INestApplicationContext = await NestFactory.createApplicationContext(AppModule, { logger: false });
    try {
      await app.get(EventConsumerFactory).start({
        stream: INTAKE_STREAM,
        durable: 'module-test',
        filterSubject: INTAKE_EVENTS,
        contracts: [caseTouched],
        handler: recordEffect('module-test'),
      });
      const writer = app.get(OutboxWriter);
      const [caseId = ''] = caseIds(1);
      await store.dataSource.transaction(async (manager) => {
        const { envelope, subject } = touch(caseId, 1);
        await writer.append(manager, envelope, subject);
      });
      await waitFor('event applied', async () => (await count(store.dataSource, 'SELECT count(*) FROM inbox')) === 1);
      expect(app.get(OutboxRelay).isLeader).toBe(true);

      const stats = app.get(MessagingStats);
      await waitFor('consumer lag zero', async () => (await stats.snapshot()).consumers[0]?.numAckPending === 0);
      // The relay marks its last batch with its next read, or markDelayMs after it.
      await waitFor('outbox marked', async () => (await stats.snapshot()).outbox.unpublished === 0);
      const snapshot = await stats.snapshot();
      expect(snapshot.outbox).toEqual({ unpublished: 0, oldestUnpublishedAgeSeconds: 0, deadLetters: 0 });
      expect(snapshot.consumers).toEqual([
        expect.objectContaining({ stream: INTAKE_STREAM, durable: 'module-test', lastStreamSequence: 1, numPending: 0 }),
      ]);
    } finally {
      await app.close();
    }
    expect(app.get(OutboxRelay).isLeader).toBe(false);
  });

  it('wakes the relay when events commit, without polling: locally without NOTIFY, from another instance with it', async () => {
    @Module({
      imports: [
        TestDatabaseModule.forDataSource(store.dataSource),
        // A poll slower than the test: only a wake-up can publish in time.
        MessagingModule.forRoot({ serviceName: 'intake', natsUrl: await sharedNatsUrl(), namespace, relay: { pollIntervalMs: 600_000 } }),
      ],
    })
    class AppModule {}

    const listener = new Client({ connectionString: store.db.url });
    await listener.connect();
    let notifications = 0;
    listener.on('notification', () => (notifications += 1));
    await listener.query('LISTEN opis_outbox');
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    const unpublished = () => count(store.dataSource, 'SELECT count(*) FROM outbox WHERE published_at IS NULL');
    try {
      const relay = app.get(OutboxRelay);
      await waitFor('relay active', () => relay.isLeader);
      await waitFor('relay idle', async () => (await unpublished()) === 0);
      const writer = app.get(OutboxWriter);
      const [inTransaction = '', inOneStatement = '', fromElsewhere = ''] = caseIds(3);

      await store.dataSource.transaction(async (manager) => {
        const { envelope, subject } = touch(inTransaction, 1);
        await writer.append(manager, envelope, subject);
      });
      await waitFor('an event of a transaction published', async () => (await unpublished()) === 0, { timeoutMs: 5_000 });

      const { envelope } = touch(inOneStatement, 1);
      await writer.commitWithEvents(store.dataSource.manager, [], [
        { contract: caseTouched, event: { caseId: envelope.caseId, officeCode: 'CHP', actor: envelope.actor, data: { n: 1 } } },
      ]);
      await waitFor('an event of one statement published', async () => (await unpublished()) === 0, { timeoutMs: 5_000 });
      expect(notifications).toBe(0);

      // Another instance of the service (its relay stands by) wakes this one through Postgres.
      const otherInstance = new OutboxWriter();
      await store.dataSource.transaction(async (manager) => {
        const event = touch(fromElsewhere, 1);
        await otherInstance.append(manager, event.envelope, event.subject);
      });
      await waitFor('an event of another instance published', async () => (await unpublished()) === 0, { timeoutMs: 5_000 });
      await waitFor('one NOTIFY for it', () => notifications === 1);
    } finally {
      await app.close();
      await listener.end();
    }
  });
});
