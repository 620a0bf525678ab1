// `npm run bench:platform`: the whole platform under registrations, with every consumer running,
// on a PostgreSQL and a nats-server of its own. In one run:
//   1. the ceilings: a plain `pg` transaction of intake's rows (person, case, key, outbox, audit)
//      on the same server, and JetStream publish with acknowledgement windows from Node; after the
//      closed loop, plain transactions of the same rows the platform wrote for it in all six
//      databases, the ceiling the ratio is taken to;
//   2. after a warm-up (past the services' first full GC), a closed loop (concurrency 32): the
//      maximum registration rate;
//   3. fixed rates (open loop) at fractions of it: HTTP latency and the delay from intake's
//      commit to each downstream service's (inbox row of the registered event; both stamps are
//      their transaction's now(), so the figure is commit-to-commit within a transaction's length);
//   4. a NATS outage at the production rate, then the drain of the backlog it left.
// Outbox backlog and consumer lag are sampled all along; each process's peak RSS and CPU at the
// end. Figures go to bench-results/platform.json and a chart to bench-results/platform.svg.
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Pool } from 'pg';

import { OfficeCode } from '@opis/contracts-envelope';
import { provisionedConsumers } from '@opis/messaging';
import { runTool } from '@opis/platform';
import { PLATFORM_SERVICES } from '@opis/platform-services';
import { CASE_COPIES, createRegistrar, HarnessServiceName, OFFICE_MIX, percentile, sleep, startPlatformHarness, WORKSPACE_ROOT } from '@opis/platform-tools';

import { BENCHED_SERVICES, currentTransactionId, jetStreamPublishRates, plainTransactionRate, platformRowsRate } from './bench-platform/ceilings';
import { plot, round1, RunFigures, Sample } from './bench-platform/figures';
import { findPid, treeUsage } from './bench-platform/process-usage';

/** A case's registration as its copies open from it: v2 (v1 follows it for subscribers not yet moved). */
const CURRENT_REGISTRATION = `subject LIKE '%.registered.v2.%'`;
const root = WORKSPACE_ROOT;
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 23)}] ${line}`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'closed-seconds': { type: 'string', default: '30' },
      // A p99 over 30 s at about 50/s rests on its 15 slowest registrations, so one busy second of
      // the host moved it by half; 60 s gives each fixed rate twice the samples.
      'rate-seconds': { type: 'string', default: '60' },
      fractions: { type: 'string', default: '0.25,0.5,0.75' },
      'outage-seconds': { type: 'string', default: '60' },
      // The busiest office on its worst day, with a margin: a caravan of several hundred children
      // met in a morning at Tapachula is about one registration every few seconds; 5/s is all 32
      // offices at that pace at once.
      'production-rate': { type: 'string', default: '5' },
      'ceiling-count': { type: 'string', default: '3000' },
      // Six services started together run their first full GC together: V8's memory reducer
      // collects about 100 s after the start-up collection if none came in between. On two
      // cores that stalled everything for 0.5-0.9 s (seen with --trace-gc: all six within
      // 1.4 s), and it always fell in the first fixed-rate phase. Measurements start after it.
      'warm-up-seconds': { type: 'string', default: '130' },
      concurrency: { type: 'string', default: '32' },
      out: { type: 'string', default: join(root, 'bench-results', 'platform.json') },
      chart: { type: 'string', default: join(root, 'bench-results', 'platform.svg') },
      'service-log': { type: 'string', default: join(root, 'tmp', 'bench-platform-services.log') },
    },
  });
  const concurrency = Number(values.concurrency);
  const productionRate = Number(values['production-rate']);
  mkdirSync(join(root, 'tmp'), { recursive: true });
  const serviceLog = openSync(values['service-log'] as string, 'w');
  // The services whose work a registration is (docs/performance): notifications, which only acts
  // on alerts, is left out so that figures stay comparable with earlier runs.
  const platform = await startPlatformHarness({ services: BENCHED_SERVICES, serviceOutput: ['ignore', serviceLog, serviceLog], log });
  const readyAt = performance.now();
  const pools = new Map<HarnessServiceName, Pool>();
  const pool = (service: HarnessServiceName) => {
    let existing = pools.get(service);
    if (!existing) {
      existing = new Pool({ connectionString: platform.postgres.url(platform.services.get(service)?.database as string), max: 2 });
      existing.on('error', () => undefined);
      pools.set(service, existing);
    }
    return existing;
  };
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  let phase = 'start';
  const samples: Sample[] = [];
  const nc = await connect({ servers: platform.nats.url, name: 'bench-platform', maxReconnectAttempts: -1 });
  const jsm = await jetstreamManager(nc);
  const durables = PLATFORM_SERVICES.filter((service) => BENCHED_SERVICES.includes(service.name)).flatMap((service) => provisionedConsumers(service.consumers, []));
  const sampled = new Set(durables.map((durable) => durable.durable));
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const sample: Sample = { t: round1(elapsed()), phase, outboxBacklog: 0, consumerLag: {} };
      try {
        const { rows } = await pool('intake').query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL');
        sample.outboxBacklog = rows[0].n;
      } catch {
        sample.outboxBacklog = -1;
      }
      // One listing per stream, once a second: the sampling's own JetStream requests (one per
      // durable, twice a second) were most of nats-server's CPU at the production rate.
      if (platform.nats.running) {
        await Promise.all(
          [...new Set(durables.map((durable) => durable.stream))].map(async (stream) => {
            try {
              for await (const info of jsm.consumers.list(stream)) {
                if (sampled.has(info.name)) sample.consumerLag[info.name] = info.num_pending + info.num_ack_pending;
              }
            } catch {
              // the server is restarting
            }
          }),
        );
      }
      samples.push(sample);
      await sleep(1000);
    }
  })();

  try {
    // 1. Ceilings, on this run's servers.
    phase = 'ceiling: plain pg';
    const ceilingCount = Number(values['ceiling-count']);
    const plain = await plainTransactionRate(platform, ceilingCount, concurrency);
    log(`ceiling: plain pg transaction (person, case, key, outbox, audit): ${Math.round(plain.perSecond)}/s`);
    phase = 'ceiling: jetstream';
    const publish = await jetStreamPublishRates(platform.nats.url, ceilingCount);
    for (const entry of publish) log(`ceiling: JetStream publish, ${entry.window} awaiting acknowledgement: ${Math.round(entry.perSecond)}/s`);

    const tokens = new Map<OfficeCode, string>();
    for (const [office] of OFFICE_MIX) tokens.set(office, await platform.token(['officer'], [office], `bench-${office}`));
    const intake = platform.services.get('intake');
    if (!intake) throw new Error('intake is not running');
    const run = `bench-${Date.now().toString(36)}`;
    const registrar = createRegistrar({ baseUrl: () => intake.url, run, tokenFor: (office) => tokens.get(office) as string, timeoutMs: 30_000, maxSockets: 256 });
    let next = 0;
    const runs: RunFigures[] = [];

    const measure = async (name: string, targetRate: number | null, seconds: number): Promise<RunFigures> => {
      phase = name;
      const latencies: number[] = [];
      const caseIds: string[] = [];
      let failures = 0;
      const onResult = ({ outcome, ms }: Awaited<ReturnType<typeof registrar.register>>) => {
        if (outcome.kind === 'acknowledged') {
          latencies.push(ms);
          caseIds.push(outcome.caseId);
        } else failures += 1;
      };
      const cpuBefore = processCpuSeconds();
      const started = performance.now();
      const until = started + seconds * 1000;
      if (targetRate === null) {
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (performance.now() < until) onResult(await registrar.register(next++));
          }),
        );
      } else {
        const inflight: Promise<void>[] = [];
        const intervalMs = 1000 / targetRate;
        for (let i = 0; started + i * intervalMs < until; i++) {
          const wait = started + i * intervalMs - performance.now();
          if (wait > 1) await sleep(wait);
          inflight.push(registrar.register(next++).then(onResult));
        }
        await Promise.all(inflight);
      }
      const wall = (performance.now() - started) / 1000;
      await waitForDownstream(caseIds);
      const cpuAfter = processCpuSeconds();
      const delays = await downstreamDelays(caseIds);
      latencies.sort((a, b) => a - b);
      const figures: RunFigures = {
        phase: name,
        targetRate: targetRate === null ? null : round1(targetRate),
        registrations: caseIds.length,
        registrationsPerSecond: round1(caseIds.length / wall),
        httpP50Ms: round1(percentile(latencies, 50)),
        httpP99Ms: round1(percentile(latencies, 99)),
        failures,
        delayMs: delays.perService,
        lastDownstreamP99Ms: delays.lastP99,
        cpuMsPerRegistration: Object.fromEntries(
          Object.entries(cpuAfter).map(([name, cpu]) => [name, round1(((cpu - (cpuBefore[name] ?? 0)) * 1000) / Math.max(caseIds.length, 1))]),
        ),
      };
      log(
        `${name}: ${figures.registrationsPerSecond} registrations/s${failures > 0 ? ` (${failures} not acknowledged)` : ''}; HTTP p50 ${figures.httpP50Ms} ms, p99 ${figures.httpP99Ms} ms; ` +
          `to the last downstream commit p99 ${figures.lastDownstreamP99Ms} ms; ` +
          Object.entries(figures.delayMs)
            .map(([service, delay]) => `${service} p50 ${delay.p50}/p99 ${delay.p99}`)
            .join(', '),
      );
      log(`${name}: CPU per registration: ${Object.entries(figures.cpuMsPerRegistration).map(([process, ms]) => `${process} ${ms} ms`).join(', ')}`);
      runs.push(figures);
      return figures;
    };

    /** CPU seconds so far of every service (across restarts), of PostgreSQL's processes and of nats-server. */
    const processCpuSeconds = (): Record<string, number> => ({
      ...Object.fromEntries([...platform.services.values()].map((service) => [service.name, service.cpuSeconds()])),
      postgres: treeUsage(platform.postgres.pid).cpuSeconds,
      'nats-server': treeUsage(findPid('nats-server', String(platform.nats.port))).cpuSeconds,
    });

    const waitForDownstream = async (caseIds: string[]) => {
      const deadline = performance.now() + 300_000;
      for (const copy of CASE_COPIES) {
        while (performance.now() < deadline) {
          const { rows } = await pool(copy.service).query(`SELECT count(*)::int AS n FROM ${copy.table} WHERE case_id = ANY ($1::uuid[])`, [caseIds]);
          if (rows[0].n >= caseIds.length) break;
          await sleep(200);
        }
      }
    };

    const downstreamDelays = async (caseIds: string[]) => {
      const { rows } = await pool('intake').query(
        `SELECT id, case_id, extract(epoch FROM created_at) * 1000 AS at FROM outbox WHERE ${CURRENT_REGISTRATION} AND case_id = ANY ($1::uuid[])`,
        [caseIds],
      );
      const committedAt = new Map(rows.map((row) => [row.id as string, Number(row.at)]));
      const eventIds = [...committedAt.keys()];
      const lastPerEvent = new Map<string, number>();
      const perService: Record<string, { p50: number; p99: number }> = {};
      for (const copy of CASE_COPIES) {
        const applied = await pool(copy.service).query(
          `SELECT event_id, extract(epoch FROM applied_at) * 1000 AS at FROM inbox WHERE consumer = $1 AND event_id = ANY ($2::uuid[])`,
          [copy.durable, eventIds],
        );
        const delays = applied.rows.map((row) => {
          const delay = Number(row.at) - (committedAt.get(row.event_id) as number);
          lastPerEvent.set(row.event_id, Math.max(lastPerEvent.get(row.event_id) ?? 0, delay));
          return delay;
        });
        delays.sort((a, b) => a - b);
        perService[copy.service] = { p50: round1(percentile(delays, 50)), p99: round1(percentile(delays, 99)) };
      }
      const last = [...lastPerEvent.values()].sort((a, b) => a - b);
      return { perService, lastP99: round1(percentile(last, 99)) };
    };

    // 2. Warm-up, then the maximum rate.
    await measure('warm-up', null, Math.min(5, Number(values['closed-seconds'])));
    const warmUpLeft = Number(values['warm-up-seconds']) - (performance.now() - readyAt) / 1000;
    if (warmUpLeft > 1) await measure('warm-up, production rate', productionRate, warmUpLeft);
    runs.length = 0;
    const closedLoopStart = await currentTransactionId(pool('intake'));
    const closed = await measure(`closed loop (concurrency ${concurrency})`, null, Number(values['closed-seconds']));
    phase = 'ceiling: platform rows';
    const platformRows = await platformRowsRate(platform, closedLoopStart, closed.registrations, concurrency);
    log(
      `ceiling: the rows the closed loop wrote in all six databases (${platformRows.rowsPerRegistration} per registration), ` +
        `as plain pg transactions, one per database and registration: ${Math.round(platformRows.perSecond)} registrations/s`,
    );
    // 3. Fixed rates.
    for (const fraction of (values.fractions as string).split(',').map(Number)) {
      await measure(`fixed ${Math.round(fraction * 100)}% of max`, closed.registrationsPerSecond * fraction, Number(values['rate-seconds']));
    }
    // 4. A NATS outage at the production rate, then the drain.
    const outageSeconds = Number(values['outage-seconds']);
    phase = 'production rate';
    const productionLoad = (async () => {
      const inflight: Promise<unknown>[] = [];
      const started = performance.now();
      const intervalMs = 1000 / productionRate;
      for (let i = 0; phase !== 'done'; i++) {
        const wait = started + i * intervalMs - performance.now();
        if (wait > 1) await sleep(wait);
        inflight.push(registrar.register(next++));
      }
      await Promise.all(inflight);
    })();
    await sleep(2_000);
    phase = `NATS outage ${outageSeconds} s`;
    const outageStart = elapsed();
    // The outage kills this nats-server; its successor's figures start from zero.
    const natsBeforeOutage = treeUsage(findPid('nats-server', String(platform.nats.port)));
    await platform.nats.stop('SIGKILL');
    await sleep(outageSeconds * 1000);
    const { rows: backlogRows } = await pool('intake').query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL');
    const backlog = backlogRows[0].n as number;
    await platform.nats.restart();
    const drainStart = elapsed();
    phase = 'drain';
    const { rows: markRows } = await pool('intake').query('SELECT max(position)::bigint AS p FROM outbox');
    const mark = Number(markRows[0].p);
    // Drained: every event written up to the restart is published and applied by every copy.
    const markedIds = (await pool('intake').query(`SELECT case_id FROM outbox WHERE position <= $1 AND ${CURRENT_REGISTRATION}`, [mark])).rows.map(
      (row) => row.case_id as string,
    );
    await waitForDownstream(markedIds);
    const drainSeconds = elapsed() - drainStart;
    phase = 'after drain';
    await sleep(2_000);
    phase = 'done';
    await productionLoad;
    registrar.close();
    const drainRate = backlog / drainSeconds;
    log(`NATS outage of ${outageSeconds} s at ${productionRate} registrations/s: backlog ${backlog} events, drained in ${round1(drainSeconds)} s = ${Math.round(drainRate)} events/s (${round1(drainRate / productionRate)}x the production rate; target >= 3x)`);

    // 5. Processes.
    const processes: Record<string, { peakRssMb: number; cpuSeconds: number; restarts?: number }> = {};
    for (const service of platform.services.values()) {
      processes[service.name] = { peakRssMb: Math.round(service.peakRssMb), cpuSeconds: round1(service.cpuSeconds()), restarts: service.restarts };
    }
    processes.postgres = treeUsage(platform.postgres.pid);
    const natsAfterOutage = treeUsage(findPid('nats-server', String(platform.nats.port)));
    processes['nats-server'] = {
      peakRssMb: Math.max(natsBeforeOutage.peakRssMb, natsAfterOutage.peakRssMb),
      cpuSeconds: round1(natsBeforeOutage.cpuSeconds + natsAfterOutage.cpuSeconds),
    };
    for (const [name, usage] of Object.entries(processes)) log(`process ${name}: peak RSS ${usage.peakRssMb} MB, CPU ${usage.cpuSeconds} s`);

    const half = runs.find((entry) => entry.phase.startsWith('fixed 50%'));
    // The ratio to the platform's own rows: a registration is written by six services, so its
    // ceiling is all six databases' rows, not intake's alone (printed too, as before).
    const ratio = closed.registrationsPerSecond / platformRows.perSecond;
    const ratioToIntakeRows = closed.registrationsPerSecond / plain.perSecond;
    const figures = {
      machine: { cores: 2 },
      ceilings: {
        plainPgTransactionsPerSecond: Math.round(plain.perSecond),
        platformRowsRegistrationsPerSecond: Math.round(platformRows.perSecond),
        platformRowsPerRegistration: platformRows.rowsPerRegistration,
        jetStreamPublishPerSecond: publish.map((entry) => ({ window: entry.window, perSecond: Math.round(entry.perSecond) })),
      },
      ratioToIntakeRowsAlone: Number(ratioToIntakeRows.toFixed(2)),
      runs,
      outage: { seconds: outageSeconds, productionRate, backlogEvents: backlog, drainSeconds: round1(drainSeconds), drainEventsPerSecond: Math.round(drainRate), timesProductionRate: round1(drainRate / productionRate), startedAt: round1(outageStart), restartedAt: round1(drainStart) },
      processes,
      samples,
      targets: {
        ratio: { value: Number(ratio.toFixed(2)), target: '>= 0.3', met: ratio >= 0.3 },
        halfRateLastDownstreamP99Ms: { value: half?.lastDownstreamP99Ms ?? null, target: '< 100', met: (half?.lastDownstreamP99Ms ?? Infinity) < 100 },
        drainTimesProductionRate: { value: round1(drainRate / productionRate), target: '>= 3', met: drainRate / productionRate >= 3 },
        servicesUnder200Mb: { value: Math.max(...[...platform.services.values()].map((service) => Math.round(service.peakRssMb))), target: '< 200', met: [...platform.services.values()].every((service) => service.peakRssMb < 200) },
      },
    };
    for (const [name, target] of Object.entries(figures.targets)) log(`target ${name}: ${target.value} (${target.target}) ${target.met ? 'met' : 'NOT met'}`);
    mkdirSync(join(root, 'bench-results'), { recursive: true });
    writeFileSync(values.out as string, JSON.stringify(figures, null, 2));
    plot(values.chart as string, figures);
    log(`figures in ${values.out}, chart in ${values.chart}`);
    console.log(
      `ratio of registrations per second to the plain transaction rate of the same rows: ${ratio.toFixed(2)} ` +
        `(${Math.round(closed.registrationsPerSecond)}/s over ${Math.round(platformRows.perSecond)}/s; target >= 0.3; ` +
        `to intake's rows alone: ${ratioToIntakeRows.toFixed(2)}, over ${Math.round(plain.perSecond)}/s)`,
    );
  } finally {
    sampling = false;
    await sampler;
    await nc.close().catch(() => undefined);
    await Promise.all([...pools.values()].map((entry) => entry.end().catch(() => undefined)));
    await platform.stop();
  }
}

runTool(main);
