// `npm run bench:care`: how fast care applies intake's registrations, and the delay from intake's
// commit to care's. Real intake and care processes (their own databases, a private nats-server,
// provisioned streams and care's durable), registrations over HTTP into intake.
//   1. intake's registration rate, measured briefly (closed loop at concurrency 32) or `--rate`
//      (then a shorter closed loop only warms both services up);
//   2. registrations at half that rate, open loop (paced by the clock, not by answers), for
//      `--seconds`; per case, delay = care's record insert (clock_timestamp) minus intake's
//      transaction start (outbox created_at = now()): an upper bound of commit-to-commit.
import { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { connect } from '@nats-io/transport-node';
import { Pool } from 'pg';

import { OfficeCode } from '@opis/contracts-envelope';
import { provisionJetStream } from '@opis/messaging';
import { ensureDatabase, runMigrations, runTool } from '@opis/platform';
import { CARE_CONSUMERS, databaseUrl, DEFAULT_DATABASE_URL } from '@opis/platform-services';
import { percentile, serviceEnv, spawnService, stopProcess, untilReady, WORKSPACE_ROOT } from '@opis/platform-tools';
import { freePort, NatsServerProcess, waitFor } from '@opis/testing';

import { benchRegistration, officerTokens, postRegistration } from './bench-support';

const root = WORKSPACE_ROOT;
const OFFICES = ['CHP', 'CHP', 'CHP', 'TAB', 'VER', 'OAX'] as const satisfies readonly OfficeCode[];

function startService(name: 'intake' | 'care', port: number, dbUrl: string, natsUrl: string): ChildProcess {
  return spawnService(name, serviceEnv({ port, databaseUrl: dbUrl, natsUrl }, { NODE_ENV: 'development', AUTH_DEV_KEYS: 'true', FIELD_DEV_KEYS: 'true' }));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string' },
      seconds: { type: 'string', default: '10' },
      'measure-count': { type: 'string', default: '1000' },
    },
  });
  const adminUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const suffix = randomUUID().slice(0, 8);
  const intakeDb = `bench_care_intake_${suffix}`;
  const careDb = `bench_care_care_${suffix}`;
  const intakeMigrations = (await import(join(root, 'dist/services/intake/src/intake.schema.js'))).INTAKE_MIGRATIONS;
  const careMigrations = (await import(join(root, 'dist/services/care/src/care.schema.js'))).CARE_MIGRATIONS;
  for (const [name, migrations] of [[intakeDb, intakeMigrations], [careDb, careMigrations]] as const) {
    await ensureDatabase(adminUrl, name);
    await runMigrations(databaseUrl(adminUrl, name), migrations);
  }

  const nats = await NatsServerProcess.start();
  const nc = await connect({ servers: nats.url, name: 'bench-care-provisioner' });
  await provisionJetStream(nc, {
    streams: [
      { service: 'intake', maxAgeMs: 0, maxBytes: -1 },
      { service: 'care', maxAgeMs: 0, maxBytes: -1 },
    ],
    consumers: CARE_CONSUMERS,
  });
  await nc.close();

  const [intakePort, carePort] = [await freePort(), await freePort()];
  const intake = startService('intake', intakePort, databaseUrl(adminUrl, intakeDb), nats.url);
  const care = startService('care', carePort, databaseUrl(adminUrl, careDb), nats.url);
  const intakePool = new Pool({ connectionString: databaseUrl(adminUrl, intakeDb), max: 2 });
  const carePool = new Pool({ connectionString: databaseUrl(adminUrl, careDb), max: 2 });
  const base = `http://127.0.0.1:${intakePort}`;
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  try {
    await untilReady(base, { label: 'intake', timeoutMs: 30_000, child: intake });
    await untilReady(`http://127.0.0.1:${carePort}`, { label: 'care', timeoutMs: 30_000, child: care });
    const tokens = await officerTokens(OFFICES);
    let sent = 0;
    const register = () => postRegistration(base, agent, tokens, benchRegistration(sent++, OFFICES, { medicalEmergencyEvery: 50 }));
    const careRecords = async () => Number((await carePool.query('SELECT count(*)::int AS n FROM care_record')).rows[0].n);
    const caughtUp = async (expected: number) =>
      waitFor(`care to apply ${expected} registrations`, async () => (await careRecords()) >= expected, { timeoutMs: 120_000, intervalMs: 50 });

    let intakeRate = Number(values.rate ?? 0);
    // With --rate the closed loop still runs, shorter, so that both services are warm (JIT,
    // connections) before the paced phase, as they are after a measurement.
    const count = intakeRate ? Math.min(300, Number(values['measure-count'])) : Number(values['measure-count']);
    const loopStarted = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next++ < count) await register();
      }),
    );
    const measuredRate = count / ((performance.now() - loopStarted) / 1000);
    await caughtUp(sent);
    if (!intakeRate) {
      intakeRate = measuredRate;
      console.log(`intake registrations over HTTP (closed loop, concurrency 32): ${Math.round(intakeRate)}/s`);
      const { rows } = await carePool.query(`SELECT extract(epoch FROM max(created_at) - min(created_at)) AS seconds, count(*)::int AS n FROM care_record`);
      console.log(`care consumer while intake ran flat out (backlog drain): ${Math.round(rows[0].n / Number(rows[0].seconds))} events/s`);
    } else {
      console.log(`intake registration rate given: ${intakeRate}/s (warm-up: ${count} registrations at ${Math.round(measuredRate)}/s)`);
    }

    const pacedRate = intakeRate / 2;
    const pacedCount = Math.max(1, Math.round(pacedRate * Number(values.seconds)));
    const before = await careRecords();
    const intervalMs = 1000 / pacedRate;
    const started = performance.now();
    const caseIds: string[] = [];
    const inflight: Promise<void>[] = [];
    for (let i = 0; i < pacedCount; i++) {
      const at = started + i * intervalMs;
      const wait = at - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      inflight.push(register().then((caseId) => void caseIds.push(caseId)));
    }
    await Promise.all(inflight);
    await caughtUp(before + pacedCount);

    const { rows } = await intakePool.query(
      `SELECT case_id, extract(epoch FROM created_at) * 1000 AS created
         FROM outbox WHERE event_type = 'intake.case.registered' AND case_id = ANY ($1::uuid[])`,
      [caseIds],
    );
    const intakeAt = new Map(rows.map((row) => [row.case_id as string, Number(row.created)]));
    // inbox.applied_at is now(), when care's transaction began: it splits the delay into the way
    // there (intake's relay, JetStream, care's queue) and care's own transaction. (The outbox's
    // published_at cannot split it further: the relay marks a batch when it fetches the next.)
    const careRows = (
      await carePool.query(
        `SELECT r.case_id, extract(epoch FROM r.created_at) * 1000 AS at, extract(epoch FROM i.applied_at) * 1000 AS began
           FROM care_record r JOIN inbox i ON i.event_id = r.opened_by_event_id
          WHERE r.case_id = ANY ($1::uuid[])`,
        [caseIds],
      )
    ).rows as Array<{ case_id: string; at: string; began: string }>;
    const legs = careRows.map((row) => {
      const created = intakeAt.get(row.case_id) as number;
      return { total: Number(row.at) - created, wayThere: Number(row.began) - created, apply: Number(row.at) - Number(row.began) };
    });
    const sorted = (pick: (leg: (typeof legs)[number]) => number) => legs.map(pick).sort((a, b) => a - b);
    const delays = sorted((leg) => leg.total);
    const careTimes = careRows.map((row) => Number(row.at)).sort((a, b) => a - b);
    const appliedPerSecond = careRows.length / ((careTimes[careTimes.length - 1] - careTimes[0]) / 1000);
    const figures = {
      intakeRegistrationsPerSecond: Math.round(intakeRate),
      pacedRatePerSecond: Math.round(pacedRate),
      registrations: pacedCount,
      careAppliedPerSecond: Math.round(appliedPerSecond),
      delayP50Ms: Number(percentile(delays, 50).toFixed(1)),
      delayP90Ms: Number(percentile(delays, 90).toFixed(1)),
      delayP99Ms: Number(percentile(delays, 99).toFixed(1)),
      delayMaxMs: Number(delays[delays.length - 1].toFixed(1)),
    };
    console.log(`paced at half of intake's rate: ${figures.pacedRatePerSecond}/s, ${pacedCount} registrations (open loop)`);
    console.log(`care consumer applied: ${figures.careAppliedPerSecond} registration events/s`);
    console.log(`intake commit -> care record commit: p50 ${figures.delayP50Ms} ms, p90 ${figures.delayP90Ms} ms, p99 ${figures.delayP99Ms} ms, max ${figures.delayMaxMs} ms (target p99 < 100 ms)`);
    for (const [label, values] of [
      ["intake commit -> care's transaction start (relay, JetStream, care's queue)", sorted((leg) => leg.wayThere)],
      ["care's transaction", sorted((leg) => leg.apply)],
    ] as const) {
      console.log(`  of which ${label}: p50 ${percentile(values, 50).toFixed(1)} ms, p99 ${percentile(values, 99).toFixed(1)} ms`);
    }
    mkdirSync(join(root, 'bench-results'), { recursive: true });
    writeFileSync(join(root, 'bench-results', 'care.json'), JSON.stringify(figures, null, 2));
  } finally {
    agent.destroy();
    await intakePool.end();
    await carePool.end();
    await Promise.all([stopProcess(intake), stopProcess(care)]);
    await nats.dispose();
    const pool = new Pool({ connectionString: adminUrl, max: 1 });
    for (const name of [intakeDb, careDb]) await pool.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await pool.end();
  }
}

runTool(main);
