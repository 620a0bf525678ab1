/* eslint @nx/enforce-module-boundaries: "off" -- test support may use @opis/testing (type:testing); the root config has no exception for a library's tests. */
import { createEnvelope, defineEvent, EventEnvelope, eventSubject, streamName, uuidv7 } from '@opis/contracts-envelope';
import { createTestDatabase, NatsServerProcess, sharedNatsUrl, TestDatabase, testNamespace, waitFor } from '@opis/testing';

import { IsInt, Min } from 'class-validator';
import { jetstreamManager } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';

import { EventMeta, MESSAGING_MIGRATIONS, messagingEntities, OutboxEvent, OutboxWriter, provisionJetStream } from '../../src';

export { NatsServerProcess, sharedNatsUrl, testNamespace, waitFor };

export class CaseTouchedData {
  @IsInt()
  @Min(1)
  public n!: number;
}

export const caseTouched = defineEvent({
  name: { service: 'intake', aggregate: 'case', event: 'touched', version: 1 },
  dataClass: CaseTouchedData,
  example: { n: 1 },
  description: 'test event: the n-th change of a case',
  semantics: 'change',
});

export const INTAKE_STREAM = streamName('intake');
export const INTAKE_EVENTS = 'opis.intake.*.*.*.*';

/** What a test handler "applies": one row per application, in application order. */
class TestEffects1764460000001 implements MigrationInterface {
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE test_effect (
        id bigserial PRIMARY KEY,
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        case_id uuid NOT NULL,
        n integer NOT NULL
      )`);
    // A consumer listed here has every transaction that recorded an effect refused at COMMIT.
    await queryRunner.query(`CREATE TABLE test_commit_refused (consumer text PRIMARY KEY)`);
    await queryRunner.query(`
      CREATE FUNCTION test_refuse_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM test_commit_refused WHERE consumer = NEW.consumer) THEN
          RAISE EXCEPTION 'commit refused for %', NEW.consumer;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER test_refuse_commit AFTER INSERT ON test_effect
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_refuse_commit()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE test_effect');
    await queryRunner.query('DROP TABLE test_commit_refused');
    await queryRunner.query('DROP FUNCTION test_refuse_commit()');
  }
}

export interface TestStore {
  db: TestDatabase;
  dataSource: DataSource;
  close(): Promise<void>;
}

export async function openTestStore(label: string): Promise<TestStore> {
  const db = await createTestDatabase(label);
  const dataSource = new DataSource({
    type: 'postgres',
    url: db.url,
    entities: messagingEntities,
    migrations: [...MESSAGING_MIGRATIONS, TestEffects1764460000001],
    extra: { max: 8 },
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return {
    db,
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await db.drop();
    },
  };
}

export function touch(caseId: string, n: number, caseVersion = n): OutboxEvent {
  const envelope = createEnvelope({
    name: caseTouched.name,
    caseId,
    officeCode: 'CHP',
    actor: { kind: 'system', id: 'test' },
    // The n-th change of its case: what the outbox numbers it, and what a test publishing
    // straight to the stream must say.
    caseVersion,
    data: { n },
  });
  return { envelope, subject: eventSubject(caseTouched.name, 'CHP') };
}

export function caseIds(count: number): string[] {
  return Array.from({ length: count }, () => uuidv7());
}

export async function writeEvents(dataSource: DataSource, events: readonly OutboxEvent[]): Promise<void> {
  const writer = new OutboxWriter();
  await dataSource.transaction((manager) => writer.appendMany(manager, events));
}

/** A handler that records each application in test_effect. */
export function recordEffect(consumer: string) {
  return async (envelope: EventEnvelope, manager: EntityManager, _meta: EventMeta): Promise<void> => {
    const { n } = envelope.data as CaseTouchedData;
    await manager.query('INSERT INTO test_effect (consumer, event_id, case_id, n) VALUES ($1, $2, $3, $4)', [
      consumer,
      envelope.id,
      envelope.caseId,
      n,
    ]);
  };
}

export async function count(dataSource: DataSource, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = (await dataSource.query(sql, params)) as { count: string | number }[];
  return Number(row?.count ?? 0);
}

export function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({ servers: url, name, maxReconnectAttempts: -1, reconnectTimeWait: 100, waitOnFirstConnect: true });
}

/** The intake stream plus one durable consumer per name, all in `namespace`. */
export async function provisionIntake(
  nc: NatsConnection,
  namespace: string | undefined,
  durables: string[],
  ackWaitMs = 5_000,
): Promise<void> {
  await provisionJetStream(nc, {
    namespace,
    streams: [{ service: 'intake', maxAgeMs: 0, maxBytes: -1 }],
    consumers: durables.map((durable) => ({ stream: INTAKE_STREAM, durable, filterSubject: INTAKE_EVENTS, ackWaitMs })),
  });
}

/** Removes a namespace's streams from the shared NATS. */
export async function deleteNamespace(nc: NatsConnection, namespace: string): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for await (const name of jsm.streams.names()) {
    if (name.startsWith(`${namespace}_`)) await jsm.streams.delete(name);
  }
}

export async function streamMessages(nc: NatsConnection, stream: string): Promise<number> {
  const jsm = await jetstreamManager(nc);
  return (await jsm.streams.info(stream)).state.messages;
}
