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

import { CONSUMING_SERVICES, FAULT_KINDS, FaultKind, log } from './run/faults';
import { Counts, PhaseResult, runPhase, SELF_TEST_VARIANTS, SelfTestVariant } from './run/phase';
import { runTool, UsageError } from '@opis/platform';
import { sleep, WORKSPACE_ROOT } from '@opis/platform-tools';

const root = WORKSPACE_ROOT;
/** The verdict each broken consumer must trip. */
const MEANT_TO_CATCH: Record<SelfTestVariant, keyof Counts> = { 'out-of-order': 'outOfOrder', 'no-dedup': 'duplicates', drop: 'lostFacts' };

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
