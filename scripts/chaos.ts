// `npm run chaos`: registrations under faults, then a checker (in the manner of Jepsen). The whole
// platform runs on a PostgreSQL and a nats-server of its own; a load generator registers children
// at a fixed rate, each with an Idempotency-Key it can find again, and records what it was told.
// Meanwhile faults are injected one kind at a time, then mixed: kill -9 of each service (the
// supervisor starts it again), kill -9 of nats-server, an immediate stop of PostgreSQL, SIGSTOP
// pauses longer than the ack wait, intake's events republished out of order, poison messages.
// After the faults stop and the system settles, the checker reads every service's database.
// Exit code 1 on any loss, phantom, duplicate or half-write, or if the copies never converge.
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';

import { createEnvelope, eventSubject, OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import { caseRegisteredV1 } from '@opis/contracts-intake';
import { waitFor } from '@opis/testing';

import { CheckReport, ClientRecord, PlatformChecker } from './platform-checker';
import { PlatformHarness, ServiceName, startPlatformHarness } from './platform-harness';
import { createRegistrar, OFFICE_MIX, sleep } from './platform-load';

const root = join(__dirname, '..', '..');

export const FAULT_KINDS = ['kill-services', 'kill-nats', 'stop-postgres', 'pause', 'republish', 'poison'] as const;
type FaultKind = (typeof FAULT_KINDS)[number];

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
    private readonly options: { outageMs: number; pauseMs: number; republishCount: number },
  ) {}

  private async record(kind: string, target: string | undefined, action: () => Promise<void>): Promise<void> {
    const startedAtMs = Math.round(performance.now() - this.t0);
    log(`fault ${kind}${target ? ` ${target}` : ''}: begins`);
    await action();
    const endedAtMs = Math.round(performance.now() - this.t0);
    log(`fault ${kind}${target ? ` ${target}` : ''}: healed after ${endedAtMs - startedAtMs} ms`);
    this.entries.push({ kind, target, startedAtMs, endedAtMs });
  }

  private async serviceReady(name: ServiceName): Promise<void> {
    const service = this.platform.services.get(name);
    if (!service) return;
    await waitFor(`${name} ready again`, async () => (await fetch(`${service.url}/health/ready`)).ok, { timeoutMs: 90_000, intervalMs: 100 });
  }

  public async inject(kind: FaultKind, pick: () => number = Math.random): Promise<void> {
    const names = [...this.platform.services.keys()];
    switch (kind) {
      case 'kill-services':
        for (const name of names) {
          await this.record('kill -9', name, async () => {
            this.platform.signal(name, 'SIGKILL');
            await sleep(200);
            await this.serviceReady(name);
          });
        }
        return;
      case 'kill-nats':
        return this.record('kill -9', 'nats-server', async () => {
          await this.platform.nats.stop('SIGKILL');
          await sleep(this.options.outageMs);
          await this.platform.nats.restart();
        });
      case 'stop-postgres':
        return this.record('immediate stop', 'postgresql', async () => {
          await this.platform.postgres.stop('immediate');
          await sleep(this.options.outageMs);
          await this.platform.postgres.restart();
        });
      case 'pause': {
        // The relay's process and a consumer's: each paused for longer than the ack wait.
        const targets: ServiceName[] = ['intake', names.filter((name) => name !== 'intake')[Math.floor(pick() * (names.length - 1))]];
        for (const name of targets) {
          await this.record('SIGSTOP', name, async () => {
            this.platform.signal(name, 'SIGSTOP');
            await sleep(this.options.pauseMs);
            this.platform.signal(name, 'SIGCONT');
          });
        }
        return;
      }
      case 'republish':
        return this.record('republish out of order', 'intake stream', () => this.republish());
      case 'poison':
        return this.record('poison', 'intake stream', () => this.poison());
    }
  }

  /** Intake's latest published events again, newest first, as new messages (no Nats-Msg-Id dedup). */
  private async republish(): Promise<void> {
    // Mixed with a database outage, the events are read once PostgreSQL is back.
    let rows: Array<{ subject: string; payload: unknown }> = [];
    await waitFor(
      'intake outbox readable',
      async () => {
        const client = new Client({ connectionString: this.platform.postgres.url('opis_intake'), connectionTimeoutMillis: 1_000 });
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

  private async withJetStream(body: (publish: (subject: string, payload: string, msgID?: string) => Promise<void>) => Promise<void>): Promise<void> {
    const nc = await connect({ servers: this.platform.nats.url, name: 'chaos-injector' });
    try {
      const js = jetstream(nc);
      await body(async (subject, payload, msgID) => {
        await js.publish(subject, payload, msgID ? { msgID } : undefined);
      });
    } finally {
      await nc.close();
    }
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string', default: '20' },
      faults: { type: 'string', default: FAULT_KINDS.join(',') },
      'mixed-rounds': { type: 'string', default: '3' },
      'outage-ms': { type: 'string', default: '10000' },
      'ack-wait-ms': { type: 'string', default: '5000' },
      'gap-ms': { type: 'string', default: '3000' },
      'settle-timeout-ms': { type: 'string', default: '180000' },
      'request-timeout-ms': { type: 'string', default: '10000' },
      out: { type: 'string', default: join(root, 'bench-results', 'chaos.json') },
      'service-log': { type: 'string', default: join(root, 'tmp', 'chaos-services.log') },
      seed: { type: 'string', default: '1' },
    },
  });
  const rate = Number(values.rate);
  const kinds = (values.faults as string).split(',').filter(Boolean) as FaultKind[];
  for (const kind of kinds) if (!FAULT_KINDS.includes(kind)) throw new Error(`unknown fault "${kind}" (known: ${FAULT_KINDS.join(', ')})`);
  const ackWaitMs = Number(values['ack-wait-ms']);
  const gapMs = Number(values['gap-ms']);
  const run = `chaos-${Date.now().toString(36)}`;
  // A small deterministic generator, so a failing run's choices can be replayed with --seed.
  let seed = Number(values.seed) >>> 0 || 1;
  const pick = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };

  mkdirSync(dirname(values['service-log'] as string), { recursive: true });
  const serviceLog = openSync(values['service-log'] as string, 'w');
  const startedAt = performance.now();
  const platform = await startPlatformHarness({ ackWaitMs, serviceOutput: ['ignore', serviceLog, serviceLog], log });
  const checker = new PlatformChecker((service) => platform.postgres.url(platform.services.get(service)?.database as string));
  let exitCode = 0;
  try {
    log(`platform up in ${Math.round(performance.now() - startedAt)} ms; run ${run}; ack wait ${ackWaitMs} ms; services' output in ${values['service-log']}`);
    const tokens = new Map<OfficeCode, string>();
    for (const [office] of OFFICE_MIX) tokens.set(office, await platform.token(['officer'], [office], `chaos-${office}`));
    const intake = platform.services.get('intake');
    if (!intake) throw new Error('intake is not running');
    const registrar = createRegistrar({ baseUrl: () => intake.url, run, tokenFor: (office) => tokens.get(office) as string, timeoutMs: Number(values['request-timeout-ms']) });

    // Open loop: paced by the clock, so a stalled service meets the load it would meet in an office.
    const records: ClientRecord[] = [];
    const inflight = new Set<Promise<void>>();
    let loadRunning = true;
    const load = (async () => {
      const intervalMs = 1000 / rate;
      const t0 = performance.now();
      for (let i = 0; loadRunning; i++) {
        const wait = t0 + i * intervalMs - performance.now();
        if (wait > 1) await sleep(wait);
        const pending = registrar.register(i).then(({ key, outcome }) => {
          records.push({ key, outcome });
        });
        inflight.add(pending);
        void pending.finally(() => inflight.delete(pending));
      }
    })();

    const injector = new FaultInjector(platform, { outageMs: Number(values['outage-ms']), pauseMs: ackWaitMs * 1.5 + 1_000, republishCount: 40 });
    await sleep(gapMs);
    for (const kind of kinds) {
      await injector.inject(kind, pick);
      await sleep(gapMs);
    }
    // Mixed: two kinds at once, chosen by the seed.
    for (let round = 0; round < Number(values['mixed-rounds']) && kinds.length > 1; round++) {
      const first = kinds[Math.floor(pick() * kinds.length)];
      const others = kinds.filter((kind) => kind !== first);
      const second = others[Math.floor(pick() * others.length)];
      log(`mixed round ${round + 1}: ${first} + ${second}`);
      await Promise.all([injector.inject(first, pick), sleep(500).then(() => injector.inject(second, pick))]);
      await sleep(gapMs);
    }
    loadRunning = false;
    await load;
    await Promise.all(inflight);
    registrar.close();
    const faultsEndedAt = performance.now();
    log(`faults over; ${records.length} registrations sent; waiting for the copies to converge`);

    for (const name of platform.services.keys()) platform.signal(name, 'SIGCONT');
    await platform.nats.restart();
    await platform.postgres.restart();
    await platform.waitUntilReady(90_000);
    let converged = false;
    const deadline = faultsEndedAt + Number(values['settle-timeout-ms']);
    while (performance.now() < deadline) {
      converged = await checker.converged().catch(() => false);
      if (converged) break;
      await sleep(250);
    }
    const convergeMs = Math.round(performance.now() - faultsEndedAt);
    const report = await checker.check(records, injector.poisonEventIds);
    const restarts = Object.fromEntries([...platform.services.values()].map((service) => [service.name, service.restarts]));
    printReport(report, converged ? convergeMs : null, restarts);
    const violations = report.lost.length + report.phantoms.length + report.duplicates.length + report.halfWritten.length;
    if (violations > 0 || !converged) exitCode = 1;
    mkdirSync(dirname(values.out as string), { recursive: true });
    writeFileSync(
      values.out as string,
      JSON.stringify(
        {
          run,
          rate,
          ackWaitMs,
          faults: injector.entries,
          restarts,
          convergeMs: converged ? convergeMs : null,
          ...report,
          lost: report.lost.slice(0, 50),
          phantoms: report.phantoms.slice(0, 50),
          duplicates: report.duplicates.slice(0, 50),
          halfWritten: report.halfWritten.slice(0, 50),
          counts: { lost: report.lost.length, phantoms: report.phantoms.length, duplicates: report.duplicates.length, halfWritten: report.halfWritten.length },
          passed: exitCode === 0,
        },
        null,
        2,
      ),
    );
    log(`figures written to ${values.out}`);
  } finally {
    await checker.close();
    await platform.stop();
  }
  process.exit(exitCode);
}

function printReport(report: CheckReport, convergeMs: number | null, restarts: Record<string, number>): void {
  const show = (label: string, items: string[]) => {
    console.log(`${label}: ${items.length}${items.length ? ' (must be 0)' : ''}`);
    for (const item of items.slice(0, 10)) console.log(`  - ${item}`);
  };
  console.log('\n--- checker ---');
  console.log(`registrations sent: ${report.registrations} (acknowledged ${report.acknowledged}, refused ${report.refused}, unknown ${report.unknown})`);
  console.log(`unknown outcomes: ${report.unknownLanded} landed whole, ${report.unknownAbsent} not at all`);
  console.log(`intake cases: ${report.intakeCases}; outbox unpublished: ${report.unpublishedOutbox}`);
  for (const [service, copy] of Object.entries(report.copies)) {
    console.log(`  ${service.padEnd(15)} ${copy.cases} cases, missing ${copy.missing}, extra ${copy.extra}${copy.missing || copy.extra ? '' : ' (equal to intake)'}`);
  }
  console.log(`dead letters (poison messages end there): ${JSON.stringify(report.deadLetters)}`);
  console.log(`service restarts by the supervisor: ${JSON.stringify(restarts)}`);
  show('acknowledged registrations lost', report.lost);
  show('phantom records', report.phantoms);
  show('applied twice', report.duplicates);
  show('half-written', report.halfWritten);
  console.log(convergeMs === null ? 'did NOT converge' : `converged ${convergeMs} ms after the faults stopped`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
