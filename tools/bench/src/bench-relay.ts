// `npm run bench:relay [-- --rows 100000 --cases 20000]`: how fast the outbox relay drains a
// backlog, beside the JetStream publish ceiling measured in the same run (issue 17: at least half).
// The ceiling publishes the same envelopes straight to JetStream with 256 in flight at all times;
// the relay reads them from a fresh database (written beforehand, several versions per case,
// interleaved) and publishes them in case-version order. Both on a private nats-server.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';

import { createEnvelope, eventSubject, OfficeCode, streamName, uuidv7 } from '@opis/contracts-envelope';
import { caseUpdatedV1 } from '@opis/contracts-intake';
import { MESSAGING_MIGRATIONS, OutboxEvent, OutboxRelay, OutboxWriter, provisionJetStream } from '@opis/messaging';
import { ensureDatabase, runTool, UsageError } from '@opis/platform';
import { databaseUrl, DEFAULT_DATABASE_URL } from '@opis/platform-services';
import { WORKSPACE_ROOT } from '@opis/platform-tools';
import { NatsServerProcess, waitFor } from '@opis/testing';


const root = WORKSPACE_ROOT;
const OFFICES = ['CHP', 'TAB', 'VER', 'OAX', 'BCN'] as const satisfies readonly OfficeCode[];

function events(rows: number, cases: number): OutboxEvent[] {
  const caseIds = Array.from({ length: cases }, () => uuidv7());
  // Round r touches every case once: a case's versions are spread over the whole backlog.
  return Array.from({ length: rows }, (_, i) => {
    const caseId = caseIds[i % cases] as string;
    const officeCode = OFFICES[i % OFFICES.length] as OfficeCode;
    const envelope = createEnvelope({
      name: caseUpdatedV1.name,
      caseId,
      officeCode,
      actor: { kind: 'officer', id: 'opi-bench' },
      data: caseUpdatedV1.example,
    });
    return { envelope, subject: eventSubject(caseUpdatedV1.name, officeCode) };
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' }, cases: { type: 'string', default: '20000' } } });
  const rows = Number(values.rows);
  const cases = Number(values.cases);
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(cases) || cases < 1 || cases > rows) {
    throw new UsageError('usage: npm run bench:relay -- [--rows N] [--cases M], 1 <= M <= N');
  }
  const nats = await NatsServerProcess.start();
  const database = `opis_bench_relay_${Date.now()}`;
  const adminUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  await ensureDatabase(adminUrl, database);
  const dataSource = new DataSource({ type: 'postgres', url: databaseUrl(adminUrl, database), migrations: MESSAGING_MIGRATIONS, extra: { max: 4 } });
  await dataSource.initialize();
  const nc = await connect({ servers: nats.url, name: 'bench-relay' });
  const stream = streamName('intake');
  const provision = () => provisionJetStream(nc, { streams: [{ service: 'intake', maxAgeMs: 0, maxBytes: -1 }], consumers: [] });
  try {
    await dataSource.runMigrations();
    await provision();
    const backlog = events(rows, cases);

    // The ceiling: the same messages, 256 in flight at all times, acknowledged one by one.
    const js = jetstream(nc);
    let next = 0;
    const ceilingStart = performance.now();
    await Promise.all(
      Array.from({ length: 256 }, async () => {
        for (let i = next++; i < backlog.length; i = next++) {
          const { envelope, subject } = backlog[i] as OutboxEvent;
          await js.publish(subject, JSON.stringify({ ...envelope, caseVersion: 1 }), { msgID: `ceiling-${envelope.id}` });
        }
      }),
    );
    const ceilingPerSecond = rows / ((performance.now() - ceilingStart) / 1000);
    console.log(`JetStream publish ceiling: ${ceilingPerSecond.toFixed(0)} events/s (${rows} events, 256 in flight)`);
    await (await jetstreamManager(nc)).streams.delete(stream);
    await provision();

    const writeStart = performance.now();
    const writer = new OutboxWriter();
    for (let i = 0; i < backlog.length; i += 1_000) {
      await dataSource.transaction((manager) => writer.appendMany(manager, backlog.slice(i, i + 1_000)));
    }
    console.log(`backlog written: ${rows} outbox rows of ${cases} cases in ${((performance.now() - writeStart) / 1000).toFixed(1)} s`);
    // A service's outbox has statistics (autovacuum analyses it after 1 % changed); a table
    // created a second ago has none yet, and its reads would be planned blind.
    await dataSource.query('ANALYZE outbox');

    const relay = new OutboxRelay(dataSource, nc, {});
    const drainStart = performance.now();
    relay.start();
    await waitFor('backlog published', async () => relay.publishedCount >= rows, { timeoutMs: 600_000, intervalMs: 50 });
    const drainPerSecond = rows / ((performance.now() - drainStart) / 1000);
    await relay.stop();
    const stored = (await (await jetstreamManager(nc)).streams.info(stream)).state.messages;
    const ratio = drainPerSecond / ceilingPerSecond;
    console.log(`relay drain: ${drainPerSecond.toFixed(0)} events/s (${stored} stored)`);
    console.log(`drain / ceiling: ${ratio.toFixed(2)} (target >= 0.5) ${ratio >= 0.5 ? 'met' : 'MISSED'}`);
    mkdirSync(join(root, 'bench-results'), { recursive: true });
    writeFileSync(
      join(root, 'bench-results', 'relay.json'),
      `${JSON.stringify({ at: new Date().toISOString(), rows, cases, ceilingPerSecond, drainPerSecond, ratio, stored }, null, 2)}\n`,
    );
    if (stored !== rows) throw new Error(`stream holds ${stored} events, expected ${rows}`);
  } finally {
    await nc.close();
    await dataSource.destroy();
    await nats.stop();
    const admin = new DataSource({ type: 'postgres', url: adminUrl });
    await admin.initialize();
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.destroy();
  }
}

runTool(main);
