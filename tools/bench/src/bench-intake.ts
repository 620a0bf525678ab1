// `npm run bench:intake`: registrations over HTTP at concurrency 32 against a real intake process
// (its own database, a private nats-server, the relay publishing), and in the same run the
// ceiling: a plain `pg` script writing the same rows and outbox rows in one transaction.
import { Agent } from 'node:http';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { Pool } from 'pg';

import { OfficeCode } from '@opis/contracts-envelope';
import { ensureDatabase, runMigrations, runTool, UsageError } from '@opis/platform';
import { databaseUrl, DEFAULT_DATABASE_URL, provisionPlatform } from '@opis/platform-services';
import { percentile, serviceEnv, spawnService, stopProcess, untilReady, WORKSPACE_ROOT } from '@opis/platform-tools';
import { freePort, NatsServerProcess } from '@opis/testing';

import { benchRegistration, insertIntakeRows, officerTokens, plainTransaction, postRegistration } from './bench-support';

const root = WORKSPACE_ROOT;
const OFFICES = ['CHP', 'CHP', 'CHP', 'CHP', 'TAB', 'VER', 'OAX', 'BCN', 'CHH', 'TAM'] as const satisfies readonly OfficeCode[];

async function closedLoop(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<{ seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t0 = performance.now();
        await task(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, latencies: latencies.sort((a, b) => a - b) };
}

/**
 * Requests sent at a fixed rate whatever the answers (an open loop): the latency an officer sees
 * when registrations arrive at `perSecond`, queueing included, where a closed loop measures the
 * rate that `concurrency` clients waiting on each other reach.
 */
async function openLoop(count: number, perSecond: number, task: (i: number) => Promise<void>): Promise<{ seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  const started = performance.now();
  const sent: Array<Promise<void>> = [];
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    // Timed from when it was due, so a late send counts against the service, not for it.
    sent.push(task(i).then(() => void latencies.push(performance.now() - due)));
  }
  await Promise.all(sent);
  return { seconds: (performance.now() - started) / 1000, latencies: latencies.sort((a, b) => a - b) };
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** CPU seconds (user + system) the process has used so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds used so far by every running Postgres process (server and backends) on this machine. */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.includes('(postgres)')) total += cpuSeconds(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/** The ceiling: the same person, case, outbox and audit rows in one transaction, straight through `pg`. */
async function plainPgRate(url: string, count: number, concurrency: number) {
  const pool = new Pool({ connectionString: url, max: concurrency });
  const run = await closedLoop(count, concurrency, async (i) => {
    const input = benchRegistration(i, OFFICES);
    await plainTransaction(pool, (client) => insertIntakeRows(client, input));
  });
  await pool.end();
  return run;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '3000' },
      concurrency: { type: 'string', default: '32' },
      // A database holding a register (e.g. opis_bench_duplicates, which `npm run bench:duplicates`
      // keeps): both databases start as copies of it, so registration is measured against a
      // national register, its duplicate search included, not an empty one.
      register: { type: 'string' },
      // Also registrations sent at this many a second (an open loop), after the closed-loop run.
      rate: { type: 'string' },
    },
  });
  const count = Number(values.count);
  const concurrency = Number(values.concurrency);
  const registerDb = values.register;
  const rate = values.rate === undefined ? undefined : Number(values.rate);
  if (rate !== undefined && !(rate > 0)) throw new UsageError('--rate must be a number of registrations a second above 0');
  if (registerDb !== undefined && !/^[a-z_][a-z0-9_]*$/.test(registerDb)) throw new UsageError('--register must name a database (lower case, digits, _)');
  const adminUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const suffix = randomUUID().slice(0, 8);
  const serviceDb = `bench_intake_${suffix}`;
  const plainDb = `bench_plain_${suffix}`;
  const migrations = (await import(join(root, 'dist/services/intake/src/intake.schema.js'))).INTAKE_MIGRATIONS;
  for (const name of [serviceDb, plainDb]) {
    if (registerDb) {
      // A file-level copy: 9 s for a 1,000,000-person register, where seeding one takes 13 minutes.
      // It needs the register free of other connections (not while bench:duplicates runs).
      const admin = new Pool({ connectionString: adminUrl, max: 1 });
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${registerDb}"`);
      } finally {
        await admin.end();
      }
    } else {
      await ensureDatabase(adminUrl, name);
    }
    // On a copy, brings a register seeded under older migrations up to date.
    await runMigrations(databaseUrl(adminUrl, name), migrations);
  }
  if (registerDb) {
    const admin = new Pool({ connectionString: databaseUrl(adminUrl, serviceDb), max: 1 });
    const persons = Number((await admin.query('SELECT count(*) AS n FROM person')).rows[0].n);
    await admin.end();
    console.log(`register: copies of ${registerDb}, ${persons} persons`);
  }

  const nats = await NatsServerProcess.start();
  await provisionPlatform(nats.url);
  const port = await freePort();
  // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the service under load.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const service = spawnService(
    'intake',
    serviceEnv({ port, databaseUrl: databaseUrl(adminUrl, serviceDb), natsUrl: nats.url }, { NODE_ENV: 'development', AUTH_DEV_KEYS: 'true' }),
    'inherit',
    nodeArgs,
  );
  const base = `http://127.0.0.1:${port}`;
  try {
    await untilReady(base, { label: 'intake', timeoutMs: 30_000, child: service });
    const tokens = await officerTokens(OFFICES);
    const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    const register = async (i: number) => void (await postRegistration(base, agent, tokens, benchRegistration(i, OFFICES)));
    await closedLoop(Math.min(300, count), concurrency, register); // warm-up
    const cpuBefore = cpuSeconds(service.pid as number);
    const postgresCpuBefore = postgresCpuSeconds();
    const http = await closedLoop(count, concurrency, register);
    const cpuMsPerRegistration = ((cpuSeconds(service.pid as number) - cpuBefore) * 1000) / count;
    const postgresCpuMsPerRegistration = ((postgresCpuSeconds() - postgresCpuBefore) * 1000) / count;
    const rssMb = peakRssMb(service.pid as number);
    const atRate = rate === undefined ? undefined : await openLoop(Math.min(count, Math.ceil(rate * 20)), rate, register);
    const postgresCpuBeforePlain = postgresCpuSeconds();
    const plain = await plainPgRate(databaseUrl(adminUrl, plainDb), count, concurrency);
    const postgresCpuMsPerPlain = ((postgresCpuSeconds() - postgresCpuBeforePlain) * 1000) / count;

    const figures = {
      count,
      concurrency,
      ...(registerDb ? { register: registerDb } : {}),
      registrationsPerSecond: Math.round(count / http.seconds),
      p50Ms: Number(percentile(http.latencies, 50).toFixed(1)),
      p99Ms: Number(percentile(http.latencies, 99).toFixed(1)),
      peakRssMb: Math.round(rssMb),
      serviceCpuMsPerRegistration: Number(cpuMsPerRegistration.toFixed(2)),
      postgresCpuMsPerRegistration: Number(postgresCpuMsPerRegistration.toFixed(2)),
      postgresCpuMsPerPlainTransaction: Number(postgresCpuMsPerPlain.toFixed(2)),
      plainPgTransactionsPerSecond: Math.round(count / plain.seconds),
      plainP50Ms: Number(percentile(plain.latencies, 50).toFixed(1)),
      plainP99Ms: Number(percentile(plain.latencies, 99).toFixed(1)),
      ...(atRate
        ? { openLoop: { perSecond: rate, count: atRate.latencies.length, p50Ms: Number(percentile(atRate.latencies, 50).toFixed(1)), p99Ms: Number(percentile(atRate.latencies, 99).toFixed(1)) } }
        : {}),
      ratio: Number((count / http.seconds / (count / plain.seconds)).toFixed(2)),
    };
    console.log(`intake registrations over HTTP: ${figures.registrationsPerSecond}/s (${count} at concurrency ${concurrency})`);
    console.log(`latency: p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms (target p99 < 100 ms)`);
    console.log(`intake peak RSS: ${figures.peakRssMb} MB (target < 200 MB)`);
    console.log(
      `CPU per registration: intake ${figures.serviceCpuMsPerRegistration} ms, Postgres ${figures.postgresCpuMsPerRegistration} ms (plain transaction: Postgres ${figures.postgresCpuMsPerPlainTransaction} ms)`,
    );
    console.log(
      `plain pg transaction (person + case + outbox + audit): ${figures.plainPgTransactionsPerSecond}/s, p50 ${figures.plainP50Ms} ms, p99 ${figures.plainP99Ms} ms at concurrency ${concurrency}`,
    );
    if (figures.openLoop) {
      console.log(`registrations sent at ${figures.openLoop.perSecond}/s (${figures.openLoop.count}): p50 ${figures.openLoop.p50Ms} ms, p99 ${figures.openLoop.p99Ms} ms`);
    }
    mkdirSync(join(root, 'bench-results'), { recursive: true });
    writeFileSync(join(root, 'bench-results', 'intake.json'), JSON.stringify(figures, null, 2));
    console.log(`ratio to the plain transaction rate: ${figures.ratio.toFixed(2)} (target >= 0.4)`);
    agent.destroy();
  } finally {
    await stopProcess(service);
    await nats.dispose();
    const pool = new Pool({ connectionString: adminUrl, max: 1 });
    for (const name of [serviceDb, plainDb]) await pool.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await pool.end();
  }
}

runTool(main);
