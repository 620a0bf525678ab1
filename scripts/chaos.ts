// `npm run chaos`: cases living their journeys under faults, then a checker (in the manner of
// Jepsen). The whole platform runs on a PostgreSQL and a nats-server of its own, with two
// instances of every consuming service on the same durables and database (intake: one). A load
// generator registers children at a fixed rate, each with an Idempotency-Key it can find again,
// and takes each case through a journey across services (corrections, a protection need raised
// later, transfers, the Procuraduría, DIF, a COMAR claim, a session with the child, a free call),
// interleaved with the other cases'. Meanwhile faults are injected one kind at a time, then mixed:
// kill -9 of each instance (the supervisor starts it again), kill -9 of nats-server, an immediate
// stop of PostgreSQL, SIGSTOP pauses longer than the ack wait, intake's and legal-status's events
// republished out of order, poison messages. After the faults stop and the system settles, the
// checker reads every service's database and the log of what each committed (platform-checker.ts):
// lost, phantom, applied twice, half-written, out of order, stale, lost facts.
//
// Then the self-test: the same checker against deliberately broken consumers
// (MESSAGING_SELF_TEST_FAULT = out-of-order, no-dedup, drop, each on a fresh platform, under a short
// load with pauses that reorder deliveries and republished events). A checker that cannot fail
// proves nothing: each variant must be caught by the verdict meant for it.
// Exit code 1 on any non-zero verdict of the real run, a run that never converges, or a broken
// variant not caught.
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

import { createEnvelope, eventSubject, OFFICE_CODES, OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import { caseRegisteredV1 } from '@opis/contracts-intake';
import { DeadLetterDesk } from '@opis/messaging';
import { waitFor } from '@opis/testing';

import { PlatformChecker } from './platform-checker';
import { CheckReport, ClientRecord, EFFECT_TABLES } from './platform-checker/evidence';
import { PlatformHarness, ServiceName, SupervisedInstance, startPlatformHarness } from './platform-harness';
import { createJourneyClient, createRegistrar, journeyFor, OFFICE_MIX, Outcome, Registrar, registrationBody, sleep, StepRecord } from './platform-load';
import { runTool, UsageError } from './tool-entry';

const root = join(__dirname, '..', '..');

export const FAULT_KINDS = ['kill-services', 'kill-nats', 'stop-postgres', 'pause', 'republish', 'poison'] as const;
type FaultKind = (typeof FAULT_KINDS)[number];

const CONSUMING_SERVICES: readonly ServiceName[] = ['care', 'family-contact', 'legal-status', 'repatriation', 'statistics'];
const CHAOS_SERVICES: readonly ServiceName[] = ['intake', ...CONSUMING_SERVICES];
const SELF_TEST_VARIANTS = ['out-of-order', 'no-dedup', 'drop'] as const;
type SelfTestVariant = (typeof SELF_TEST_VARIANTS)[number];
/** The verdict each broken consumer must trip. */
const MEANT_TO_CATCH: Record<SelfTestVariant, keyof Counts> = { 'out-of-order': 'outOfOrder', 'no-dedup': 'duplicates', drop: 'lostFacts' };

interface Counts {
  lost: number;
  phantoms: number;
  duplicates: number;
  halfWritten: number;
  outOfOrder: number;
  stale: number;
  lostFacts: number;
}

interface FaultLogEntry {
  kind: string;
  target?: string;
  startedAtMs: number;
  endedAtMs: number;
}

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 23)}] ${line}`);

class FaultInjector {
  public readonly entries: FaultLogEntry[] = [];
  public readonly poisonEventIds = new Set<string>();
  private readonly t0 = performance.now();

  constructor(
    private readonly platform: PlatformHarness,
    private readonly options: { outageMs: number; pauseMs: number; republishCount: number; killEveryInstance: boolean },
  ) {}

  /** From now on a kill takes one instance of each service (the mixed rounds: every instance was killed once already). */
  public killOneInstanceEach(): void {
    this.options.killEveryInstance = false;
  }

  private async record(kind: string, target: string | undefined, action: () => Promise<void>): Promise<void> {
    const startedAtMs = Math.round(performance.now() - this.t0);
    log(`fault ${kind}${target ? ` ${target}` : ''}: begins`);
    await action();
    const endedAtMs = Math.round(performance.now() - this.t0);
    log(`fault ${kind}${target ? ` ${target}` : ''}: healed after ${endedAtMs - startedAtMs} ms`);
    this.entries.push({ kind, target, startedAtMs, endedAtMs });
  }

  /** Until the supervisor has started a new process in place of `pid` and it answers ready. */
  private async restartedAndReady(instance: SupervisedInstance, pid: number | undefined): Promise<void> {
    await waitFor(`${instance.id} restarted`, () => instance.pid() !== undefined && instance.pid() !== pid, { timeoutMs: 30_000, intervalMs: 50 });
    await waitFor(`${instance.id} ready again`, async () => (await fetch(`${instance.url}/health/ready`)).ok, { timeoutMs: 90_000, intervalMs: 100 });
  }

  private instancesOf(service: ServiceName): readonly SupervisedInstance[] {
    return this.platform.services.get(service)?.instances ?? [];
  }

  private async pauseInstance(instance: SupervisedInstance): Promise<void> {
    await this.record('SIGSTOP', instance.id, async () => {
      this.platform.signalInstance(instance.id, 'SIGSTOP');
      // The pause is the fault: longer than the ack wait, so what the instance holds is redelivered elsewhere.
      await sleep(this.options.pauseMs);
      this.platform.signalInstance(instance.id, 'SIGCONT');
    });
  }

  /** One instance of every consuming service paused at once (each service's other instance goes on). */
  public async pauseConsumers(pick: () => number): Promise<void> {
    await Promise.all(
      CONSUMING_SERVICES.map((service) => {
        const instances = this.instancesOf(service);
        return this.pauseInstance(instances[Math.floor(pick() * instances.length)] as SupervisedInstance);
      }),
    );
  }

  public async inject(kind: FaultKind, pick: () => number = Math.random): Promise<void> {
    switch (kind) {
      case 'kill-services': {
        // Every instance in the full run; one instance of each service (chosen by the seed) in a short one.
        const targets = [...this.platform.services.values()].flatMap((service) =>
          this.options.killEveryInstance ? service.instances : [service.instances[Math.floor(pick() * service.instances.length)] as SupervisedInstance],
        );
        for (const instance of targets) {
          await this.record('kill -9', instance.id, async () => {
            const pid = this.platform.signalInstance(instance.id, 'SIGKILL');
            await this.restartedAndReady(instance, pid);
          });
        }
        return;
      }
      case 'kill-nats':
        return this.record('kill -9', 'nats-server', async () => {
          await this.platform.nats.stop('SIGKILL');
          await sleep(this.options.outageMs);
          await this.platform.nats.restart();
        });
      case 'stop-postgres':
        return this.record('immediate stop', 'postgresql', async () => {
          // Not while the effect log is read: a read cut by the stop could lose what it consumed.
          const stop = async () => {
            await this.platform.postgres.stop('immediate');
            await sleep(this.options.outageMs);
            await this.platform.postgres.restart();
          };
          await (this.platform.effects ? this.platform.effects.exclusive(stop) : stop());
        });
      case 'pause':
        // The relay's process, then one instance of each consumer.
        await this.pauseInstance(this.instancesOf('intake')[0] as SupervisedInstance);
        return this.pauseConsumers(pick);
      case 'republish':
        await this.record('republish out of order', 'intake stream', () => this.republish('intake'));
        return this.record('republish out of order', 'legal-status stream', () => this.republish('legal-status'));
      case 'poison':
        return this.record('poison', 'intake stream', () => this.poison());
    }
  }

  /** A producer's latest published events again, newest first, as new messages (no Nats-Msg-Id dedup). */
  private async republish(producer: 'intake' | 'legal-status'): Promise<void> {
    const database = this.platform.services.get(producer)?.database as string;
    // Mixed with a database outage, the events are read once PostgreSQL is back.
    let rows: Array<{ subject: string; payload: unknown }> = [];
    await waitFor(
      `${producer} outbox readable`,
      async () => {
        const client = new Client({ connectionString: this.platform.postgres.url(database), connectionTimeoutMillis: 1_000 });
        try {
          await client.connect();
          rows = (
            await client.query<{ subject: string; payload: unknown }>(
              'SELECT subject, payload FROM outbox WHERE published_at IS NOT NULL ORDER BY position DESC LIMIT $1',
              [this.options.republishCount],
            )
          ).rows;
          return true;
        } catch {
          return false;
        } finally {
          await client.end().catch(() => undefined);
        }
      },
      { timeoutMs: 120_000, intervalMs: 250 },
    );
    await this.withJetStream(async (publish) => {
      for (const row of rows) await publish(row.subject, JSON.stringify(row.payload));
      // And the oldest of them once more with a fresh message id, after the newer ones.
      for (const row of rows.slice(-Math.ceil(rows.length / 4))) await publish(row.subject, JSON.stringify(row.payload), uuidv7());
    });
  }

  /** Bytes that are not JSON, and an envelope whose data breaks the contract: both must be dead-lettered, nothing applied. */
  private async poison(): Promise<void> {
    const office: OfficeCode = 'CHP';
    const subject = eventSubject(caseRegisteredV1.name, office);
    const invalid = createEnvelope({ name: caseRegisteredV1.name, caseId: uuidv7(), officeCode: office, actor: { kind: 'officer', id: 'chaos' }, data: { caseNumber: 'not a case number' } });
    this.poisonEventIds.add(invalid.id);
    await this.withJetStream(async (publish) => {
      await publish(subject, '{"this is": not json');
      await publish(subject, JSON.stringify(invalid));
    });
  }

  /**
   * Publishes straight to JetStream. Mixed with a kill of nats-server, the injector waits for it to
   * come back: the first connection and every reconnection retry for as long as it is away, and
   * each message is published until JetStream acknowledges it (a repeat is one more duplicate,
   * which is what these faults are made of).
   */
  private async withJetStream(body: (publish: (subject: string, payload: string, msgID?: string) => Promise<void>) => Promise<void>): Promise<void> {
    const nc = await connect({ servers: this.platform.nats.url, name: 'chaos-injector', waitOnFirstConnect: true, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    try {
      const js = jetstream(nc);
      await body(async (subject, payload, msgID) => {
        for (;;) {
          try {
            await js.publish(subject, payload, { ...(msgID ? { msgID } : {}), timeout: 2_000 });
            return;
          } catch {
            // nats-server is away: the client reconnects on its own; try again at its reconnect pace.
            await sleep(250);
          }
        }
      });
    } finally {
      await nc.close();
    }
  }
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

interface PhaseResult {
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
  service: ServiceName;
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
  const databaseOf = (service: ServiceName) => platform.services.get(service)?.database as string;
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

async function runPhase(options: PhaseOptions): Promise<PhaseResult> {
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
  const databaseOf = (service: ServiceName) => platform.services.get(service)?.database as string;
  const checker = new PlatformChecker((service) => platform.postgres.url(databaseOf(service)), (service) => effects.changesOf(databaseOf(service)));
  try {
    log(`${options.name}: platform up in ${Math.round(performance.now() - startedAt)} ms; run ${run}; ack wait ${options.ackWaitMs} ms`);
    const tokens = new Map<OfficeCode, string>();
    for (const [office] of OFFICE_MIX) tokens.set(office, await platform.token(['officer'], [office], `chaos-${office}`));
    const intake = platform.services.get('intake');
    if (!intake) throw new Error('intake is not running');
    const registrar = createRegistrar({ baseUrl: () => intake.url, run, tokenFor: (office) => tokens.get(office) as string, timeoutMs: options.requestTimeoutMs });
    const urlsOf = (service: ServiceName) => platform.services.get(service)?.instances.map((instance) => instance.url) ?? [];
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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      /** Cases started per second (each then lives its journey: several requests and events). */
      rate: { type: 'string', default: '5' },
      faults: { type: 'string', default: FAULT_KINDS.join(',') },
      'mixed-rounds': { type: 'string', default: '3' },
      'outage-ms': { type: 'string', default: '10000' },
      'ack-wait-ms': { type: 'string', default: '5000' },
      'gap-ms': { type: 'string', default: '3000' },
      'settle-timeout-ms': { type: 'string', default: '180000' },
      'request-timeout-ms': { type: 'string', default: '10000' },
      /** Instances of each consuming service (intake runs one). */
      instances: { type: 'string', default: '2' },
      /** kill -9 every instance (all), or one instance of each service chosen by the seed (one). */
      'kill-instances': { type: 'string', default: 'all' },
      /** The broken variants to run the checker against (none: skip the self-test). */
      'self-test': { type: 'string', default: SELF_TEST_VARIANTS.join(',') },
      /** How long each self-test variant's load runs. */
      'self-test-seconds': { type: 'string', default: '20' },
      out: { type: 'string', default: join(root, 'bench-results', 'chaos.json') },
      'service-log': { type: 'string', default: join(root, 'tmp', 'chaos-services.log') },
      seed: { type: 'string', default: '1' },
    },
  });
  const kinds = (values.faults as string).split(',').filter(Boolean) as FaultKind[];
  for (const kind of kinds) if (!FAULT_KINDS.includes(kind)) throw new UsageError(`unknown fault "${kind}" (known: ${FAULT_KINDS.join(', ')})`);
  const variants = (values['self-test'] as string).split(',').filter((variant) => variant && variant !== 'none') as SelfTestVariant[];
  for (const variant of variants) if (!SELF_TEST_VARIANTS.includes(variant)) throw new UsageError(`unknown self-test variant "${variant}" (known: ${SELF_TEST_VARIANTS.join(', ')}, none)`);
  const gapMs = Number(values['gap-ms']);
  const mixedRounds = Number(values['mixed-rounds']);
  const common = {
    rate: Number(values.rate),
    seed: Number(values.seed),
    ackWaitMs: Number(values['ack-wait-ms']),
    gapMs,
    outageMs: Number(values['outage-ms']),
    instances: Math.max(1, Number(values.instances)),
    killEveryInstance: values['kill-instances'] !== 'one',
    settleTimeoutMs: Number(values['settle-timeout-ms']),
    requestTimeoutMs: Number(values['request-timeout-ms']),
  };
  mkdirSync(dirname(values['service-log'] as string), { recursive: true });
  const serviceLog = openSync(values['service-log'] as string, 'w');
  const startedAt = performance.now();
  log(`services' output in ${values['service-log']}`);

  const real = await runPhase({
    ...common,
    name: 'real run',
    serviceLog,
    stepDeadlineMs: 45_000,
    replayDeadLetters: true,
    faults: async (injector, pick) => {
      // The gaps are part of the plan: load without faults between two of them, so each one meets a system that has recovered.
      await sleep(gapMs);
      for (const kind of kinds) {
        await injector.inject(kind, pick);
        await sleep(gapMs);
      }
      // Mixed: two kinds at once, chosen by the seed.
      injector.killOneInstanceEach();
      for (let round = 0; round < mixedRounds && kinds.length > 1; round++) {
        const first = kinds[Math.floor(pick() * kinds.length)];
        const others = kinds.filter((kind) => kind !== first);
        const second = others[Math.floor(pick() * others.length)];
        log(`mixed round ${round + 1}: ${first} + ${second}`);
        await Promise.all([injector.inject(first, pick), sleep(500).then(() => injector.inject(second, pick))]);
        await sleep(gapMs);
      }
    },
  });
  printReport('real run', real);

  // The self-test: each broken variant on a fresh platform, a short load, deliveries reordered
  // (pauses of one instance of each consumer, longer than the ack wait) and repeated (republished events).
  const selfTest: Array<{ variant: SelfTestVariant; meantToCatch: keyof Counts; caught: boolean; caughtBy: string[]; counts: Counts; examples: string[]; cases: number; faults: number; convergeMs: number | null; durationMs: number }> = [];
  const selfTestMs = Number(values['self-test-seconds']) * 1000;
  for (const variant of variants) {
    const phase = await runPhase({
      ...common,
      name: `self-test ${variant}`,
      selfTestFault: variant,
      killEveryInstance: false,
      serviceLog,
      // The broken consumers never open some copies: a step waiting for one gives up sooner.
      stepDeadlineMs: 10_000,
      // What the broken consumers leave held stays held: the verdicts are about them.
      replayDeadLetters: false,
      faults: async (injector, pick) => {
        const endsAt = performance.now() + selfTestMs;
        await sleep(gapMs);
        for (let round = 0; performance.now() < endsAt; round++) {
          await injector.pauseConsumers(pick);
          if (round === 0) await injector.inject('republish', pick);
          await sleep(gapMs);
        }
      },
    });
    const meantToCatch = MEANT_TO_CATCH[variant];
    const caughtBy = Object.entries(phase.counts)
      .filter(([, n]) => n > 0)
      .map(([verdict]) => verdict);
    const verdictList = { lost: phase.report.lost, phantoms: phase.report.phantoms, duplicates: phase.report.duplicates, halfWritten: phase.report.halfWritten, outOfOrder: phase.report.outOfOrder, stale: phase.report.stale, lostFacts: phase.report.lostFacts }[meantToCatch];
    const entry = {
      variant,
      meantToCatch,
      caught: phase.counts[meantToCatch] > 0,
      caughtBy,
      counts: phase.counts,
      examples: verdictList.slice(0, 5),
      cases: phase.cases,
      faults: phase.faults.length,
      convergeMs: phase.convergeMs,
      durationMs: phase.durationMs,
    };
    selfTest.push(entry);
    printReport(`self-test ${variant}`, phase);
    console.log(
      `\n--- self-test ${variant}: ${entry.caught ? 'CAUGHT' : 'NOT CAUGHT'} by ${meantToCatch} (${phase.counts[meantToCatch]}); non-zero verdicts: ${caughtBy.join(', ') || 'none'}`,
    );
    for (const example of entry.examples) console.log(`  - ${example}`);
  }

  const realViolations = Object.values(real.counts).reduce((sum, n) => sum + n, 0);
  const passed = realViolations === 0 && real.convergeMs !== null && selfTest.every((entry) => entry.caught);
  const instancesPerService = Object.fromEntries(['intake', ...CONSUMING_SERVICES].map((service) => [service, service === 'intake' ? 1 : common.instances]));
  const { report } = real;
  mkdirSync(dirname(values.out as string), { recursive: true });
  writeFileSync(
    values.out as string,
    JSON.stringify(
      {
        run: real.run,
        rate: common.rate,
        seed: common.seed,
        ackWaitMs: common.ackWaitMs,
        instancesPerService,
        faults: real.faults,
        restarts: real.restarts,
        convergeMs: real.convergeMs,
        cases: real.cases,
        steps: real.steps,
        ...report,
        lost: report.lost.slice(0, 50),
        phantoms: report.phantoms.slice(0, 50),
        duplicates: report.duplicates.slice(0, 50),
        halfWritten: report.halfWritten.slice(0, 50),
        outOfOrder: report.outOfOrder.slice(0, 50),
        stale: report.stale.slice(0, 50),
        lostFacts: report.lostFacts.slice(0, 50),
        counts: real.counts,
        effectLogFailedReads: real.effectLogFailedReads,
        replayedDeadLetters: real.replayedDeadLetters,
        selfTest,
        realRunMs: real.durationMs,
        totalMs: Math.round(performance.now() - startedAt),
        passed,
      },
      null,
      2,
    ),
  );
  log(`figures written to ${values.out}; ${passed ? 'passed' : 'FAILED'} in ${Math.round((performance.now() - startedAt) / 1000)} s`);
  process.exit(passed ? 0 : 1);
}

function printReport(name: string, phase: PhaseResult): void {
  const { report } = phase;
  const show = (label: string, items: string[]) => {
    console.log(`${label}: ${items.length}${items.length ? ' (must be 0)' : ''}`);
    for (const item of items.slice(0, 10)) console.log(`  - ${item}`);
  };
  console.log(`\n--- checker: ${name} ---`);
  console.log(`faults: ${phase.faults.length}; cases: ${phase.cases}; journey steps: ${JSON.stringify(phase.steps)}`);
  console.log(`registrations sent: ${report.registrations} (acknowledged ${report.acknowledged}, refused ${report.refused}, unknown ${report.unknown})`);
  console.log(`unknown outcomes: ${report.unknownLanded} landed whole, ${report.unknownAbsent} not at all`);
  console.log(`intake cases: ${report.intakeCases}; events published: ${JSON.stringify(report.events)}; intake outbox unpublished: ${report.unpublishedOutbox}`);
  for (const [service, copy] of Object.entries(report.copies)) {
    console.log(`  ${service.padEnd(15)} ${copy.cases} cases, missing ${copy.missing}, extra ${copy.extra}${copy.missing || copy.extra ? '' : ' (equal to intake)'}`);
  }
  for (const [group, figures] of Object.entries(report.consumers)) {
    console.log(
      `  ${group.padEnd(32)} ${figures.applied}/${figures.expected} facts applied; out of order ${figures.outOfOrder}, twice ${figures.appliedTwice}, lost ${figures.lost}, held ${figures.held}`,
    );
  }
  console.log(`dead letters (poison messages end there): ${JSON.stringify(report.deadLetters)}`);
  console.log(`dead letters of published events, replayed by the operator step: ${phase.replayedDeadLetters.length}`);
  for (const letter of phase.replayedDeadLetters) {
    console.log(`  - ${letter.consumer} case ${letter.caseId} v${letter.caseVersion}: ${letter.failure} -> ${letter.outcome}`);
  }
  console.log(`cases visibly held back at the end (excused): ${JSON.stringify(report.held)}`);
  console.log(`effect log: ${JSON.stringify(report.effectChanges)} changes; reads failed (PostgreSQL away): ${phase.effectLogFailedReads}`);
  console.log(`restarts by the supervisor: ${JSON.stringify(phase.restarts)}`);
  show('acknowledged registrations lost', report.lost);
  show('phantom records', report.phantoms);
  show('applied twice', report.duplicates);
  show('half-written', report.halfWritten);
  show('out of order', report.outOfOrder);
  show('stale copies', report.stale);
  show('lost facts', report.lostFacts);
  console.log(phase.convergeMs === null ? 'did NOT converge' : `converged ${phase.convergeMs} ms after the faults stopped`);
}

runTool(main);
