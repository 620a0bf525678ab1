// The whole platform on servers of its own, for the platform benchmark and the fault-injection
// run: a PostgreSQL initialised into a temporary folder and a nats-server, both on free ports (so
// that killing them harms nothing else on the machine), every service's database, migrations and
// the provisioning step, and each service as a supervised child process that is started again
// whenever it exits (a crash, `kill -9`) until the platform stops.
import { ChildProcess, spawn, spawnSync, StdioOptions } from 'node:child_process';
import { chownSync, closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { jetstreamManager } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';

import { OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';
import { createTestSigner, Role } from '@opis/platform';
import { freePort, NatsServerProcess, waitFor } from '@opis/testing';

import { PLATFORM_SERVICES, PlatformService } from './platform-services';

export type ServiceName = PlatformService['name'];

const root = join(__dirname, '..', '..');
const POSTGRES_BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

/** A PostgreSQL server of this run: initdb into a temporary folder, trust auth, fsync on. */
export class PrivatePostgres {
  private child: ChildProcess | undefined;
  public restarts = 0;

  private constructor(
    public readonly port: number,
    private readonly dataDir: string,
    private readonly owner: { uid: number; gid: number } | undefined,
  ) {}

  public static async start(): Promise<PrivatePostgres> {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'opis-pg-'));
    // initdb refuses to run as root: as root, the folder and the server belong to the postgres user.
    const owner = process.getuid?.() === 0 ? systemUser('postgres') : undefined;
    if (owner) chownSync(dir, owner.uid, owner.gid);
    const dataDir = join(dir, 'data');
    const init = spawnSync(join(POSTGRES_BIN, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'], {
      uid: owner?.uid,
      gid: owner?.gid,
      encoding: 'utf8',
    });
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
    // Tuned for two cores shared with the services: few background workers, enough connections
    // for six services' pools and consumers, durable commits (fsync and synchronous_commit on).
    writeFileSync(
      join(dataDir, 'postgresql.auto.conf'),
      [
        `listen_addresses = '127.0.0.1'`,
        `port = ${port}`,
        `unix_socket_directories = '${dir}'`,
        'max_connections = 300',
        'shared_buffers = 256MB',
        'work_mem = 8MB',
        'fsync = on',
        'synchronous_commit = on',
        'wal_buffers = 16MB',
        'max_wal_size = 2GB',
        'checkpoint_timeout = 15min',
        'max_worker_processes = 4',
        'max_parallel_workers = 2',
        'max_parallel_workers_per_gather = 0',
        'autovacuum_max_workers = 2',
        "logging_collector = off",
        '',
      ].join('\n'),
    );
    if (owner) chownSync(join(dataDir, 'postgresql.auto.conf'), owner.uid, owner.gid);
    const server = new PrivatePostgres(port, dataDir, owner);
    await server.restart();
    return server;
  }

  public get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  public url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  public get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  public get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  /** Starts the server on the same folder (after an immediate stop: crash recovery). */
  public async restart(): Promise<void> {
    if (this.running) return;
    const logFd = openSync(join(this.dataDir, '..', 'postgres.log'), 'a');
    const child = spawn(join(POSTGRES_BIN, 'postgres'), ['-D', this.dataDir], {
      uid: this.owner?.uid,
      gid: this.owner?.gid,
      stdio: ['ignore', logFd, logFd],
    });
    closeSync(logFd);
    this.child = child;
    await waitFor(
      `postgres on port ${this.port}`,
      async () => {
        if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode}`);
        const client = new Client({ connectionString: this.adminUrl, connectionTimeoutMillis: 1_000 });
        try {
          await client.connect();
          await client.query('SELECT 1');
          return true;
        } catch {
          return false;
        } finally {
          await client.end().catch(() => undefined);
        }
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
  }

  /**
   * Stops the server: 'immediate' (SIGQUIT, `pg_ctl stop -m immediate`: no checkpoint, crash
   * recovery at the next start), 'fast' (SIGINT, a clean shutdown) or 'kill' (SIGKILL of the postmaster).
   */
  public async stop(mode: 'immediate' | 'fast' | 'kill' = 'fast'): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(mode === 'immediate' ? 'SIGQUIT' : mode === 'fast' ? 'SIGINT' : 'SIGKILL');
    await exited;
  }

  public async createDatabase(name: string): Promise<void> {
    const client = new Client({ connectionString: this.adminUrl });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } finally {
      await client.end();
    }
  }

  /** The server's log (kept in its folder, which dispose removes). */
  public get logFile(): string {
    return join(this.dataDir, '..', 'postgres.log');
  }

  public async dispose(): Promise<void> {
    await this.stop('immediate');
    if (process.env.KEEP_PLATFORM_LOGS) return;
    rmSync(join(this.dataDir, '..'), { recursive: true, force: true });
  }
}

function systemUser(name: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${name}:`));
  if (!line) throw new Error(`no ${name} user to run PostgreSQL as (initdb refuses root)`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

export interface SupervisedService {
  name: ServiceName;
  port: number;
  url: string;
  database: string;
  /** The running process's pid (undefined between a crash and the restart). */
  pid(): number | undefined;
  /** How many times the supervisor started it again after it exited on its own or was killed. */
  restarts: number;
  /** Peak RSS over every process of this service, MB (VmHWM, sampled while running). */
  peakRssMb: number;
  /** CPU seconds used by every process of this service so far (finished ones included). */
  cpuSeconds(): number;
}

export interface PlatformHarness {
  postgres: PrivatePostgres;
  nats: NatsServerProcess;
  services: Map<ServiceName, SupervisedService>;
  token(roles: Role[], offices: OfficeCode[], subject?: string): Promise<string>;
  /** Sends a signal to a service's current process (SIGKILL: the supervisor restarts it; SIGSTOP/SIGCONT: a pause). */
  signal(name: ServiceName, signal: NodeJS.Signals): number | undefined;
  /** Resolves once every service answers /health/ready. */
  waitUntilReady(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** Which services (default: all of PLATFORM_SERVICES). */
  services?: readonly ServiceName[];
  /** Service settings beyond the common ones. */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Where the services' output goes ('ignore' keeps a long run's console readable). */
  serviceOutput?: StdioOptions;
  log?: (line: string) => void;
  /**
   * The durables' ack wait, set after provisioning (production's is 30 s): a fault run pauses a
   * consumer for longer than it, which a shorter wait keeps to seconds.
   */
  ackWaitMs?: number;
}

function runToEnd(script: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'dist', script)], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited with ${code}`))));
  });
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

/** Starts PostgreSQL, nats-server, databases, migrations, provisioning and every service. */
export async function startPlatformHarness(options: HarnessOptions = {}): Promise<PlatformHarness> {
  const log = options.log ?? (() => undefined);
  const chosen = PLATFORM_SERVICES.filter((service) => !options.services || options.services.includes(service.name));
  const postgres = await PrivatePostgres.start();
  log(`postgres on port ${postgres.port}`);
  const nats = await NatsServerProcess.start();
  log(`nats-server on port ${nats.port}`);
  const signer = createTestSigner();
  const allOffices = [...OFFICE_CODES];
  const familyToken = await signer.mint({ subject: 'svc-family-contact', roles: ['integration'], offices: allOffices });
  const repatriationToken = await signer.mint({ subject: 'svc-repatriation', roles: ['integration'], offices: allOffices });

  const services = new Map<ServiceName, SupervisedService>();
  const children = new Map<ServiceName, ChildProcess>();
  const launchers: Array<() => void> = [];
  const migrations: Array<Promise<void>> = [];
  let stopping = false;

  const envOf = (service: PlatformService, port: number): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: postgres.url(service.database),
    NATS_URL: nats.url,
    JWT_PUBLIC_KEY: signer.publicKeyPem,
    JWT_ISSUER: signer.issuer,
    JWT_AUDIENCE: signer.audience,
    LOG_LEVEL: 'warn',
    FIELD_DEV_KEYS: 'true',
    ...(service.name === 'family-contact' ? { LEGAL_STATUS_TOKEN: familyToken } : {}),
    ...(service.name === 'repatriation' ? { LEGAL_STATUS_TOKEN: repatriationToken } : {}),
    ...options.serviceEnv?.[service.name],
  });

  const cleanUp = async () => {
    stopping = true;
    await Promise.all(
      [...children.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGCONT');
            child.kill('SIGTERM');
            // A service that does not stop within 10 s is killed.
            setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
          }),
      ),
    );
    await nats.dispose();
    await postgres.dispose();
  };

  try {
    for (const service of chosen) {
      await postgres.createDatabase(service.database);
      const port = await freePort();
      const migration = runToEnd(join('services', service.name, 'src', 'migrate.js'), envOf(service, port));
      // Awaited with the others below; until then a failure must not go unhandled.
      migration.catch(() => undefined);
      migrations.push(migration);
      let finishedCpu = 0;
      let backoffMs = 50;
      const supervised: SupervisedService = {
        name: service.name,
        port,
        url: `http://127.0.0.1:${port}`,
        database: service.database,
        pid: () => {
          const child = children.get(service.name);
          return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
        },
        restarts: 0,
        peakRssMb: 0,
        cpuSeconds: () => {
          const pid = supervised.pid();
          return finishedCpu + (pid ? processCpuSeconds(pid) : 0);
        },
      };
      const launch = () => {
        const child = spawn(process.execPath, [join(root, 'dist', 'services', service.name, 'src', 'main.js')], {
          cwd: root,
          env: envOf(service, port),
          stdio: options.serviceOutput ?? 'inherit',
        });
        const pid = child.pid as number;
        const startedAt = Date.now();
        // CPU and RSS of a process are gone once it has been reaped: sample them while it runs.
        let lastCpu = 0;
        const sampler = setInterval(() => {
          lastCpu = processCpuSeconds(pid) || lastCpu;
          supervised.peakRssMb = Math.max(supervised.peakRssMb, processPeakRssMb(pid));
        }, 250);
        child.on('exit', (code, signal) => {
          clearInterval(sampler);
          finishedCpu += lastCpu;
          if (stopping) return;
          supervised.restarts += 1;
          // A service that keeps failing at start (its database down) is started again less often.
          backoffMs = Date.now() - startedAt < 5_000 ? Math.min(2_000, backoffMs * 2) : 100;
          log(`supervisor: ${service.name} exited (${signal ?? code}); starting it again in ${backoffMs} ms`);
          setTimeout(() => {
            if (!stopping) launch();
          }, backoffMs);
        });
        children.set(service.name, child);
      };
      services.set(service.name, supervised);
      launchers.push(launch);
    }
    await Promise.all([...migrations, runToEnd(join('scripts', 'provision.js'), { PATH: process.env.PATH, NATS_URL: nats.url })]);
    if (options.ackWaitMs) await setAckWait(nats.url, options.ackWaitMs);
    for (const launch of launchers) launch();
  } catch (error) {
    await cleanUp();
    throw error;
  }

  const waitUntilReady = async (timeoutMs = 60_000) => {
    await Promise.all(
      [...services.values()].map((service) =>
        waitFor(`${service.name} ready`, async () => (await fetch(`${service.url}/health/ready`)).ok, { timeoutMs, intervalMs: 100 }),
      ),
    );
  };
  try {
    await waitUntilReady();
  } catch (error) {
    await cleanUp();
    throw error;
  }
  log(`services ready: ${[...services.values()].map((service) => `${service.name} ${service.port}`).join(', ')}`);

  return {
    postgres,
    nats,
    services,
    token: (roles, offices, subject = `officer-${offices.join('-')}`) => signer.mint({ subject, roles, offices }),
    signal: (name, signal) => {
      const child = children.get(name);
      if (!child || child.exitCode !== null || child.signalCode !== null) return undefined;
      child.kill(signal);
      return child.pid;
    },
    waitUntilReady,
    stop: cleanUp,
  };
}
