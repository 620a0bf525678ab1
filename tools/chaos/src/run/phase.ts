// One phase of the chaos run: a platform of its own, the load and its faults, then the checker once it settles.
import { Client } from 'pg';
import { DataSource } from 'typeorm';

import { OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';
import { DeadLetterDesk } from '@opis/messaging';
import { CheckReport, ClientRecord, createJourneyClient, createRegistrar, EFFECT_TABLES, HarnessServiceName, journeyFor, OFFICE_MIX, Outcome, PlatformHarness, Registrar, registrationBody, sleep, startPlatformHarness, StepRecord } from '@opis/platform-tools';
import { waitFor } from '@opis/testing';

import { PlatformChecker } from '../platform-checker';
import { CONSUMING_SERVICES, FaultInjector, FaultLogEntry, log } from './faults';

const CHAOS_SERVICES: readonly HarnessServiceName[] = ['intake', ...CONSUMING_SERVICES];
export const SELF_TEST_VARIANTS = ['out-of-order', 'no-dedup', 'drop'] as const;
export type SelfTestVariant = (typeof SELF_TEST_VARIANTS)[number];

export interface Counts {
  lost: number;
  phantoms: number;
  duplicates: number;
  halfWritten: number;
  outOfOrder: number;
  stale: number;
  lostFacts: number;
}

interface PhaseOptions {
  name: string;
  /** Consumers deliberately broken (the self-test), or none (the real run). */
  selfTestFault?: SelfTestVariant;
  rate: number;
  seed: number;
  ackWaitMs: number;
  gapMs: number;
  outageMs: number;
  instances: number;
  killEveryInstance: boolean;
  settleTimeoutMs: number;
  requestTimeoutMs: number;
  /** Longest a journey step keeps retrying. */
  stepDeadlineMs: number;
  /** After the system settles, replay the dead letters of published events as an operator would (npm run deadletters -- replay). */
  replayDeadLetters: boolean;
  serviceLog: number;
  /** Injects the phase's faults while the load runs; resolves when they are over. */
  faults: (injector: FaultInjector, pick: () => number) => Promise<void>;
}

export interface PhaseResult {
  run: string;
  report: CheckReport;
  counts: Counts;
  faults: FaultLogEntry[];
  restarts: Record<string, number>;
  convergeMs: number | null;
  cases: number;
  steps: Record<string, Record<string, number>>;
  durationMs: number;
  effectLogFailedReads: number;
  /** Dead letters of published events the operator step replayed: what failed, and how the replay ended. */
  replayedDeadLetters: ReplayedDeadLetter[];
}

interface ReplayedDeadLetter {
  service: HarnessServiceName;
  consumer: string;
  caseId: string | null;
  caseVersion: number | null;
  failure: string;
  outcome: string;
}

/**
 * The operator's way out once the faults are over (`npm run deadletters -- replay`, through the
 * same desk): every open dead letter of an event a producer published is replayed, and the run
 * waits for each to be resolved. Poison stays where it is. Not audited: the run's databases go
 * with it.
 */
async function replayDeadLettersOfPublishedEvents(platform: PlatformHarness): Promise<ReplayedDeadLetter[]> {
  const databaseOf = (service: HarnessServiceName) => platform.services.get(service)?.database as string;
  const published = new Set<string>();
  for (const producer of ['intake', 'legal-status', 'family-contact'] as const) {
    const client = new Client({ connectionString: platform.postgres.url(databaseOf(producer)) });
    await client.connect();
    try {
      for (const row of (await client.query<{ id: string }>('SELECT id FROM outbox WHERE published_at IS NOT NULL')).rows) published.add(row.id);
    } finally {
      await client.end();
    }
  }
  const replayed: ReplayedDeadLetter[] = [];
  for (const service of CONSUMING_SERVICES) {
    const dataSource = new DataSource({ type: 'postgres', url: platform.postgres.url(databaseOf(service)), applicationName: 'chaos-operator' });
    await dataSource.initialize();
    try {
      const desk = new DeadLetterDesk(dataSource);
      const letters = (await desk.list({ open: true })).filter((letter) => letter.eventId !== null && published.has(letter.eventId));
      for (const letter of letters) await desk.requestReplay(letter.id, 'chaos-operator', `replayed after the fault run (${letter.reason.slice(0, 200)})`);
      for (const letter of letters) {
        let outcome = 'not resolved within 60 s';
        await waitFor(
          `replay of dead letter ${letter.id} in ${service}`,
          async () => {
            const now = await desk.get(letter.id);
            if (now?.resolution) outcome = now.resolution;
            else if (now && !now.replayRequestedAt) outcome = `not applied: ${now.replayError ?? 'unknown'}`;
            else return false;
            return true;
          },
          { timeoutMs: 60_000, intervalMs: 250 },
        ).catch(() => undefined);
        replayed.push({ service, consumer: letter.consumerGroup, caseId: letter.caseId, caseVersion: letter.caseVersion, failure: letter.reason, outcome });
      }
    } finally {
      await dataSource.destroy();
    }
  }
  return replayed;
}

function countsOf(report: CheckReport): Counts {
  return {
    lost: report.lost.length,
    phantoms: report.phantoms.length,
    duplicates: report.duplicates.length,
    halfWritten: report.halfWritten.length,
    outOfOrder: report.outOfOrder.length,
    stale: report.stale.length,
    lostFacts: report.lostFacts.length,
  };
}

/** A small deterministic generator, so that a failing run's choices can be replayed with --seed. */
function seededPick(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Registration with its retries: the same Idempotency-Key and the same body, so a retry never
 * makes a second case. What the client learned over all attempts.
 */
async function registerWithRetries(registrar: Registrar, run: string, i: number, deadlineMs: number): Promise<ClientRecord> {
  const deadline = performance.now() + deadlineMs;
  const body = registrationBody(run, i);
  let sawUnknown: Outcome | undefined;
  let key = '';
  for (let attempt = 1; ; attempt++) {
    const result = await registrar.register(i, body);
    key = result.key;
    const { outcome } = result;
    if (outcome.kind === 'acknowledged') return { key, outcome };
    if (outcome.kind === 'unknown') sawUnknown = outcome;
    const transient = outcome.kind === 'unknown' || outcome.status === 503 || outcome.status === 0;
    if (!transient || performance.now() > deadline) return { key, outcome: sawUnknown ?? outcome };
    // A client's pause before it tries again: the retry itself is what finds intake back.
    await sleep(Math.min(2_000, 100 * 2 ** Math.min(attempt, 5)));
  }
}

export async function runPhase(options: PhaseOptions): Promise<PhaseResult> {
  const startedAt = performance.now();
  const run = `chaos-${Date.now().toString(36)}`;
  const pick = seededPick(options.seed);
  const brokenEnv = options.selfTestFault ? { MESSAGING_SELF_TEST_FAULT: options.selfTestFault } : undefined;
  const platform = await startPlatformHarness({
    // Notifications keeps no copy of a case for the checker to hold to intake's order; its own
    // tests cover redelivery and restarts. Left out, the run's load and figures stay comparable.
    services: CHAOS_SERVICES,
    ackWaitMs: options.ackWaitMs,
    serviceOutput: ['ignore', options.serviceLog, options.serviceLog],
    log,
    instances: Object.fromEntries(CONSUMING_SERVICES.map((service) => [service, options.instances])),
    serviceEnv: brokenEnv ? Object.fromEntries(CONSUMING_SERVICES.map((service) => [service, brokenEnv])) : undefined,
    recordEffects: EFFECT_TABLES,
  });
  const effects = platform.effects;
  if (!effects) throw new Error('the effect log is not recording');
  effects.start(2_000);
  const databaseOf = (service: HarnessServiceName) => platform.services.get(service)?.database as string;
  const checker = new PlatformChecker((service) => platform.postgres.url(databaseOf(service)), (service) => effects.changesOf(databaseOf(service)));
  try {
    log(`${options.name}: platform up in ${Math.round(performance.now() - startedAt)} ms; run ${run}; ack wait ${options.ackWaitMs} ms`);
    const tokens = new Map<OfficeCode, string>();
    for (const [office] of OFFICE_MIX) tokens.set(office, await platform.token(['officer'], [office], `chaos-${office}`));
    const intake = platform.services.get('intake');
    if (!intake) throw new Error('intake is not running');
    const registrar = createRegistrar({ baseUrl: () => intake.url, run, tokenFor: (office) => tokens.get(office) as string, timeoutMs: options.requestTimeoutMs });
    const urlsOf = (service: HarnessServiceName) => platform.services.get(service)?.instances.map((instance) => instance.url) ?? [];
    const journeys = createJourneyClient({
      urlsOf,
      token: await platform.token(['officer', 'supervisor'], [...OFFICE_CODES], 'chaos-national-desk'),
      timeoutMs: options.requestTimeoutMs,
      stepDeadlineMs: options.stepDeadlineMs,
    });

    // Open loop: cases start paced by the clock, so a stalled service meets the load it would meet in an office.
    const records: ClientRecord[] = [];
    const steps: StepRecord[] = [];
    const inflight = new Set<Promise<void>>();
    let loadRunning = true;
    const live = async (i: number) => {
      const record = await registerWithRetries(registrar, run, i, options.stepDeadlineMs);
      records.push(record);
      if (record.outcome.kind !== 'acknowledged') return;
      const caseId = record.outcome.caseId;
      for (const { step, afterMs } of journeyFor(options.seed, i).steps) {
        // An officer's think time between two things done to a case: the interleaving of cases.
        if (afterMs > 0) await sleep(afterMs);
        steps.push(await journeys.run(caseId, i, step));
      }
    };
    const load = (async () => {
      const intervalMs = 1000 / options.rate;
      const t0 = performance.now();
      for (let i = 0; loadRunning; i++) {
        const wait = t0 + i * intervalMs - performance.now();
        if (wait > 1) await sleep(wait);
        if (!loadRunning) break;
        const journey = live(i);
        inflight.add(journey);
        void journey.finally(() => inflight.delete(journey));
      }
    })();

    const injector = new FaultInjector(platform, {
      outageMs: options.outageMs,
      pauseMs: options.ackWaitMs * 1.5 + 1_000,
      republishCount: 40,
      killEveryInstance: options.killEveryInstance,
    });
    await options.faults(injector, pick);
    loadRunning = false;
    await load;
    await Promise.all(inflight);
    registrar.close();
    journeys.close();
    const faultsEndedAt = performance.now();
    log(`${options.name}: faults over; ${records.length} cases, ${steps.length} journey steps; waiting for every consumer to settle`);

    for (const instance of platform.instances) platform.signalInstance(instance.id, 'SIGCONT');
    await platform.nats.restart();
    await platform.postgres.restart();
    await platform.waitUntilReady(90_000);
    const deadline = faultsEndedAt + options.settleTimeoutMs;
    const settle = async () => {
      let lastProgressLog = performance.now();
      while (performance.now() < deadline) {
        const waiting = await checker.waitingFor().catch((error: unknown) => `the databases (${error instanceof Error ? error.message : String(error)})`);
        if (waiting === null) return true;
        if (performance.now() - lastProgressLog > 10_000) {
          log(`${options.name}: still waiting for ${waiting}`);
          lastProgressLog = performance.now();
        }
        // Nothing to await but the consumers' work: look again shortly.
        await sleep(500);
      }
      return false;
    };
    let converged = await settle();
    const convergeMs = Math.round(performance.now() - faultsEndedAt);
    const replayedDeadLetters = options.replayDeadLetters ? await replayDeadLettersOfPublishedEvents(platform) : [];
    if (replayedDeadLetters.length > 0) {
      log(`${options.name}: ${replayedDeadLetters.length} dead letters of published events replayed by the operator step; waiting for the consumers again`);
      converged = (await settle()) && converged;
    }
    // Everything was committed before the system settled: one more read of the log holds all of it.
    await effects.stop();
    await effects.read();
    const report = await checker.check(records, injector.poisonEventIds);
    const restarts = Object.fromEntries(platform.instances.map((instance) => [instance.id, instance.restarts]));
    const stepSummary: Record<string, Record<string, number>> = {};
    for (const step of steps) {
      const byOutcome = (stepSummary[step.kind] ??= {});
      byOutcome[step.outcome] = (byOutcome[step.outcome] ?? 0) + 1;
    }
    return {
      run,
      report,
      counts: countsOf(report),
      faults: injector.entries,
      restarts,
      convergeMs: converged ? convergeMs : null,
      cases: records.length,
      steps: stepSummary,
      durationMs: Math.round(performance.now() - startedAt),
      effectLogFailedReads: effects.failedReads,
      replayedDeadLetters,
    };
  } finally {
    await checker.close();
    await platform.stop();
  }
}