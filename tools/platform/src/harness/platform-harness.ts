// The whole platform on servers of its own, for the platform benchmark and the fault-injection
// run: a PostgreSQL initialised into a temporary folder and a nats-server, both on free ports (so
// that killing them harms nothing else on the machine), every service's database, migrations and
// the provisioning step, and each service as a supervised child process that is started again
// whenever it exits (a crash, `kill -9`) until the platform stops. A service may run as several
// instances on its one database and its durables (the fault run starts two of each consumer).
// On request, PostgreSQL keeps a record of what the services wrote, in commit order, read from
// its write-ahead log by logical decoding (EffectRecorder): evidence for the fault run's checker
// that owes nothing to the consumers' own bookkeeping (inbox, cursors).
import { ChildProcess, StdioOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';

import { jetstreamManager } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';

import { OfficeCode } from '@opis/contracts-envelope';
import { Role } from '@opis/platform';
import { PLATFORM_SERVICES, PlatformService } from '@opis/platform-services';
import { freePort, NatsServerProcess } from '@opis/testing';

import { EffectRecorder } from './effect-recorder';
import { PrivatePostgres } from './private-postgres';
import { createTestIdentity, preparePlatform } from '../launch/launcher';
import { hasExited, serviceEnv, spawnService, stopProcess, untilReady } from '../launch/service-process';

export type HarnessServiceName = PlatformService['name'];

/** One process of a service. */
export interface SupervisedInstance {
  /** `<service>#<n>`, n from 1. */
  id: string;
  service: HarnessServiceName;
  port: number;
  url: string;
  /** The running process's pid (undefined between a crash and the restart). */
  pid(): number | undefined;
  /** How many times the supervisor started it again after it exited on its own or was killed. */
  restarts: number;
  /** Peak RSS over every process of this instance, MB (VmHWM, sampled while running). */
  peakRssMb: number;
  /** CPU seconds used by every process of this instance so far (finished ones included). */
  cpuSeconds(): number;
}

export interface SupervisedService {
  name: HarnessServiceName;
  /** The first instance's port and URL. */
  port: number;
  url: string;
  database: string;
  /** Its processes, all on one database and the same durables. */
  instances: readonly SupervisedInstance[];
  /** The first instance's running pid. */
  pid(): number | undefined;
  /** Restarts of all its instances. */
  readonly restarts: number;
  /** The largest peak RSS of its instances, MB. */
  readonly peakRssMb: number;
  /** CPU seconds of all its instances. */
  cpuSeconds(): number;
}

export interface PlatformHarness {
  postgres: PrivatePostgres;
  nats: NatsServerProcess;
  services: Map<HarnessServiceName, SupervisedService>;
  /** Every instance of every service. */
  instances: readonly SupervisedInstance[];
  /** Present when the harness was asked to record effects. */
  effects: EffectRecorder | undefined;
  token(roles: Role[], offices: OfficeCode[], subject?: string): Promise<string>;
  /** Sends a signal to a service's first instance (SIGKILL: the supervisor restarts it; SIGSTOP/SIGCONT: a pause). */
  signal(name: HarnessServiceName, signal: NodeJS.Signals): number | undefined;
  /** Sends a signal to one instance (`care#2`). */
  signalInstance(id: string, signal: NodeJS.Signals): number | undefined;
  /** Resolves once every instance answers /health/ready. */
  waitUntilReady(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** Which services (default: all of PLATFORM_SERVICES). */
  services?: readonly HarnessServiceName[];
  /** Instances per service (default 1), each on a port of its own, sharing the service's database and durables. */
  instances?: Partial<Record<HarnessServiceName, number>>;
  /** Service settings beyond the common ones. */
  serviceEnv?: Partial<Record<HarnessServiceName, Record<string, string>>>;
  /** Where the services' output goes ('ignore' keeps a long run's console readable). */
  serviceOutput?: StdioOptions;
  log?: (line: string) => void;
  /**
   * The durables' ack wait, set after provisioning (production's is 30 s): a fault run pauses a
   * consumer for longer than it, which a shorter wait keeps to seconds.
   */
  ackWaitMs?: number;
  /** Tables whose committed changes to record (EffectRecorder), per service. */
  recordEffects?: Partial<Record<HarnessServiceName, readonly string[]>>;
}

async function setAckWait(natsUrl: string, ackWaitMs: number): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    for await (const stream of jsm.streams.list()) {
      for await (const consumer of jsm.consumers.list(stream.config.name)) {
        if (!consumer.config.durable_name) continue;
        await jsm.consumers.update(stream.config.name, consumer.config.durable_name, { ack_wait: nanos(ackWaitMs) });
      }
    }
  } finally {
    await nc.close();
  }
}

function processCpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

function processPeakRssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** A service seen as the sum of its instances. */
function supervisedService(service: PlatformService, own: readonly SupervisedInstance[]): SupervisedService {
  return {
    name: service.name,
    port: own[0].port,
    url: own[0].url,
    database: service.database,
    instances: own,
    pid: () => own[0].pid(),
    get restarts() {
      return own.reduce((sum, instance) => sum + instance.restarts, 0);
    },
    get peakRssMb() {
      return Math.max(...own.map((instance) => instance.peakRssMb));
    },
    cpuSeconds: () => own.reduce((sum, instance) => sum + instance.cpuSeconds(), 0),
  };
}

/** Starts PostgreSQL, nats-server, databases, migrations, provisioning and every instance of every service. */
export async function startPlatformHarness(options: HarnessOptions = {}): Promise<PlatformHarness> {
  const log = options.log ?? (() => undefined);
  const chosen = PLATFORM_SERVICES.filter((service) => !options.services || options.services.includes(service.name));
  const recordEffects = options.recordEffects ?? {};
  const postgres = await PrivatePostgres.start({ logicalDecoding: Object.keys(recordEffects).length > 0 });
  log(`postgres on port ${postgres.port}`);
  const nats = await NatsServerProcess.start();
  log(`nats-server on port ${nats.port}`);
  const identity = await createTestIdentity();

  const services = new Map<HarnessServiceName, SupervisedService>();
  const instances: SupervisedInstance[] = [];
  const children = new Map<string, ChildProcess>();
  const launchers: Array<() => void> = [];
  let stopping = false;
  const watched = new Map(
    chosen.flatMap((service) => (recordEffects[service.name] ? [[service.database, recordEffects[service.name] as readonly string[]] as const] : [])),
  );
  const effects = watched.size > 0 ? new EffectRecorder(postgres, watched) : undefined;

  const envOf = (service: PlatformService, port: number): NodeJS.ProcessEnv =>
    serviceEnv(
      { port, databaseUrl: postgres.url(service.database), natsUrl: nats.url },
      identity.envOf(service.name),
      // As the image runs them (deploy/Dockerfile): what the benchmarks measure is what runs.
      { NODE_OPTIONS: '--max-old-space-size=128' },
      options.serviceEnv?.[service.name],
    );

  const cleanUp = async () => {
    stopping = true;
    await effects?.stop();
    // A service that does not stop within 10 s is killed.
    await Promise.all([...children.values()].map((child) => stopProcess(child, 'SIGTERM', 10_000)));
    await nats.dispose();
    await postgres.dispose();
  };

  const supervise = (service: PlatformService, index: number, port: number): SupervisedInstance => {
    const id = `${service.name}#${index + 1}`;
    let finishedCpu = 0;
    let backoffMs = 50;
    const instance: SupervisedInstance = {
      id,
      service: service.name,
      port,
      url: `http://127.0.0.1:${port}`,
      pid: () => {
        const child = children.get(id);
        return child && !hasExited(child) ? child.pid : undefined;
      },
      restarts: 0,
      peakRssMb: 0,
      cpuSeconds: () => {
        const pid = instance.pid();
        return finishedCpu + (pid ? processCpuSeconds(pid) : 0);
      },
    };
    const launch = () => {
      const child = spawnService(service.name, envOf(service, port), options.serviceOutput);
      const pid = child.pid as number;
      const startedAt = Date.now();
      // CPU and RSS of a process are gone once it has been reaped: sample them while it runs.
      let lastCpu = 0;
      const sampler = setInterval(() => {
        lastCpu = processCpuSeconds(pid) || lastCpu;
        instance.peakRssMb = Math.max(instance.peakRssMb, processPeakRssMb(pid));
      }, 250);
      child.on('exit', (code, signal) => {
        clearInterval(sampler);
        finishedCpu += lastCpu;
        if (stopping) return;
        instance.restarts += 1;
        // A service that keeps failing at start (its database down) is started again less often.
        backoffMs = Date.now() - startedAt < 5_000 ? Math.min(2_000, backoffMs * 2) : 100;
        log(`supervisor: ${id} exited (${signal ?? code}); starting it again in ${backoffMs} ms`);
        setTimeout(() => {
          if (!stopping) launch();
        }, backoffMs);
      });
      children.set(id, child);
    };
    launchers.push(launch);
    return instance;
  };

  try {
    for (const service of chosen) {
      const count = Math.max(1, options.instances?.[service.name] ?? 1);
      const own: SupervisedInstance[] = [];
      for (let index = 0; index < count; index++) own.push(supervise(service, index, await freePort()));
      instances.push(...own);
      services.set(service.name, supervisedService(service, own));
    }
    await preparePlatform({
      services: chosen,
      createDatabase: (service) => postgres.createDatabase(service.database),
      beforeMigrations: async () => {
        await effects?.createSlots();
      },
      envOf: (service) => envOf(service, services.get(service.name)?.port as number),
      natsUrl: nats.url,
    });
    if (options.ackWaitMs) await setAckWait(nats.url, options.ackWaitMs);
    for (const launch of launchers) launch();
  } catch (error) {
    await cleanUp();
    throw error;
  }

  // The supervisor starts an instance again whenever it exits: only the time limit ends the wait.
  const waitUntilReady = async (timeoutMs = 60_000) => {
    await Promise.all(instances.map((instance) => untilReady(instance.url, { label: instance.id, timeoutMs })));
  };
  try {
    await waitUntilReady(90_000);
  } catch (error) {
    await cleanUp();
    throw error;
  }
  log(`services ready: ${instances.map((instance) => `${instance.id} ${instance.port}`).join(', ')}`);

  const signalInstance = (id: string, signal: NodeJS.Signals) => {
    const child = children.get(id);
    if (!child || hasExited(child)) return undefined;
    child.kill(signal);
    return child.pid;
  };
  return {
    postgres,
    nats,
    services,
    instances,
    effects,
    token: (roles, offices, subject) => identity.token(roles, offices, subject),
    signal: (name, signal) => signalInstance(`${name}#1`, signal),
    signalInstance,
    waitUntilReady,
    stop: cleanUp,
  };
}
