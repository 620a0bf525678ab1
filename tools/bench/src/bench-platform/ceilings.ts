// The ceilings the platform is measured against: plain transactions of the same rows, and JetStream publish from Node.
import { join } from 'node:path';

import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Pool } from 'pg';

import { createEnvelope, uuidv7 } from '@opis/contracts-envelope';
import { caseRegisteredV1 } from '@opis/contracts-intake';
import { runMigrations } from '@opis/platform';
import { PLATFORM_SERVICES } from '@opis/platform-services';
import { HarnessServiceName, PlatformHarness, registrationBody, WORKSPACE_ROOT } from '@opis/platform-tools';

import { insertIntakeRows, plainTransaction } from '../bench-support';
import { round1 } from './figures';

const root = WORKSPACE_ROOT;
export const BENCHED_SERVICES: readonly HarnessServiceName[] = PLATFORM_SERVICES.map((service) => service.name).filter((name) => name !== 'notifications');

/** The same rows a registration writes, in one plain transaction, on a database of its own on the same server. */
export async function plainTransactionRate(platform: PlatformHarness, count: number, concurrency: number): Promise<{ perSecond: number }> {
  await platform.postgres.createDatabase('bench_plain');
  const url = platform.postgres.url('bench_plain');
  const migrations = (await import(join(root, 'dist/services/intake/src/intake.schema.js'))).INTAKE_MIGRATIONS;
  await runMigrations(url, migrations);
  const pool = new Pool({ connectionString: url, max: concurrency });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const input = registrationBody('plain', i);
        await plainTransaction(pool, (client) => insertIntakeRows(client, input, `plain-${i}`));
      }
    }),
  );
  const perSecond = count / ((performance.now() - started) / 1000);
  await pool.end();
  return { perSecond };
}

/** The server's next transaction id: rows written from here on carry an xmin at or above it. */
export async function currentTransactionId(pool: Pool): Promise<bigint> {
  const { rows } = await pool.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid');
  return BigInt(rows[0].xid);
}

/**
 * The other ceiling: every row the platform wrote for the closed loop's registrations, in all six
 * databases (intake's rows, each copy, inboxes, outboxes, audit), inserted again into empty
 * databases with the same migrations as plain pg transactions: one per database and registration,
 * each with one multi-row INSERT per table. Rows are found by their xmin (written or last updated
 * since `sinceXid`) and dealt out to `registrations` transactions in the order they were written.
 * Foreign keys are not checked (session_replication_role = replica), which only makes the ceiling
 * cheaper: the platform checks them.
 */
export async function platformRowsRate(platform: PlatformHarness, sinceXid: bigint, registrations: number, concurrency: number): Promise<{ perSecond: number; rowsPerRegistration: number }> {
  // The INSERT is built once per table, outside the timed loop.
  type TableRows = { insert: string; rows: unknown[] };
  const copies: Array<{ url: string; tables: TableRows[] }> = [];
  for (const service of PLATFORM_SERVICES.filter((candidate) => BENCHED_SERVICES.includes(candidate.name))) {
    const source = new Pool({ connectionString: platform.postgres.url(platform.services.get(service.name)?.database as string), max: 1 });
    try {
      const { rows: tables } = await source.query<{ table: string; columns: string[] }>(
        `SELECT c.table_name AS table, array_agg(c.column_name::text ORDER BY c.ordinal_position) AS columns
           FROM information_schema.columns c JOIN pg_tables t ON t.tablename = c.table_name AND t.schemaname = c.table_schema
          WHERE c.table_schema = 'public' AND c.is_generated = 'NEVER' AND c.table_name <> 'migrations'
          GROUP BY c.table_name`,
      );
      const written: TableRows[] = [];
      for (const { table, columns } of tables) {
        const { rows } = await source.query<{ row: unknown }>(
          `SELECT to_jsonb(t) AS row FROM "${table}" t WHERE t.xmin::text::bigint >= $1 ORDER BY t.xmin::text::bigint`,
          [sinceXid.toString()],
        );
        if (rows.length === 0) continue;
        const list = columns.map((column) => `"${column}"`).join(', ');
        written.push({
          insert: `INSERT INTO "${table}" (${list}) OVERRIDING SYSTEM VALUE SELECT ${list} FROM jsonb_populate_recordset(NULL::"${table}", $1::jsonb) ON CONFLICT DO NOTHING`,
          rows: rows.map((entry) => entry.row),
        });
      }
      const database = `bench_plain_${service.name.replace('-', '_')}`;
      await platform.postgres.createDatabase(database);
      const url = platform.postgres.url(database);
      const exportName = `${service.name.toUpperCase().replace('-', '_')}_MIGRATIONS`;
      const migrations = (await import(join(root, `dist/services/${service.name}/src/${service.name}.schema.js`)))[exportName];
      if (!Array.isArray(migrations)) throw new Error(`${service.name}.schema has no ${exportName}: the ceiling cannot build its database`);
      await runMigrations(url, migrations);
      copies.push({ url, tables: written });
    } finally {
      await source.end();
    }
  }
  const tasks = copies.flatMap((copy) => Array.from({ length: registrations }, (_, index) => ({ copy, index })));
  const pools = new Map(copies.map((copy) => [copy.url, new Pool({ connectionString: copy.url, max: concurrency, options: '-c session_replication_role=replica' })]));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let task = tasks[next++]; task; task = tasks[next++]) {
        await plainTransaction(pools.get(task.copy.url) as Pool, async (client) => {
          for (const { insert, rows } of task.copy.tables) {
            // Registration i's share of the table: the rows from i/n to (i+1)/n of it.
            const share = rows.slice(Math.floor((task.index * rows.length) / registrations), Math.floor(((task.index + 1) * rows.length) / registrations));
            if (share.length > 0) await client.query(insert, [JSON.stringify(share)]);
          }
        });
      }
    }),
  );
  const perSecond = registrations / ((performance.now() - started) / 1000);
  await Promise.all([...pools.values()].map((entry) => entry.end()));
  const rowCount = copies.reduce((sum, copy) => sum + copy.tables.reduce((rows, table) => rows + table.rows.length, 0), 0);
  return { perSecond, rowsPerRegistration: round1(rowCount / Math.max(registrations, 1)) };
}

/** JetStream publish from Node, with 1, 16, 64 and 256 publishes awaiting their acknowledgement. */
export async function jetStreamPublishRates(natsUrl: string, count: number): Promise<Array<{ window: number; perSecond: number }>> {
  const nc = await connect({ servers: natsUrl, name: 'bench-publish' });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'BENCH_CEILING', subjects: ['bench.ceiling.>'], duplicate_window: 120_000_000_000 });
    const js = jetstream(nc);
    const payload = JSON.stringify(createEnvelope({ name: caseRegisteredV1.name, caseId: uuidv7(), officeCode: 'CHP', actor: { kind: 'officer', id: 'bench' }, data: { padding: 'x'.repeat(600) } }));
    const results: Array<{ window: number; perSecond: number }> = [];
    for (const window of [1, 16, 64, 256]) {
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: window }, async () => {
          for (let i = next++; i < count; i = next++) await js.publish(`bench.ceiling.w${window}`, payload, { msgID: uuidv7() });
        }),
      );
      results.push({ window, perSecond: count / ((performance.now() - started) / 1000) });
    }
    await jsm.streams.delete('BENCH_CEILING');
    return results;
  } finally {
    await nc.close();
  }
}