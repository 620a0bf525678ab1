// The whole platform on servers of its own, for the platform benchmark and the fault-injection
// run: a PostgreSQL initialised into a temporary folder and a nats-server, both on free ports (so
// that killing them harms nothing else on the machine), every service's database, migrations and
// the provisioning step, and each service as a supervised child process that is started again
// whenever it exits (a crash, `kill -9`) until the platform stops. A service may run as several
// instances on its one database and its durables (the fault run starts two of each consumer).
// On request, PostgreSQL keeps a record of what the services wrote, in commit order, read from
// its write-ahead log by logical decoding (EffectRecorder): evidence for the fault run's checker
// that owes nothing to the consumers' own bookkeeping (inbox, cursors).
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

  /**
   * `logicalDecoding`: wal_level = logical and room for replication slots, so that an
   * EffectRecorder can read the services' committed writes back in commit order.
   */
  public static async start(options: { logicalDecoding?: boolean } = {}): Promise<PrivatePostgres> {
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
        ...(options.logicalDecoding ? ['wal_level = logical', 'max_replication_slots = 16', 'max_wal_senders = 16'] : []),
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

/** One row change a service committed, as logical decoding reports it. */
export interface EffectChange {
  /** Position in its database's commit order: transactions in commit order, a transaction's changes in statement order. */
  position: number;
  xid: string;
  table: string;
  op: 'INSERT' | 'UPDATE' | 'DELETE';
  /** Column values as text (null for SQL NULL), as the change carries them. */
  values: Record<string, string | null>;
}

/** `name[type]:value` of test_decoding's output; a value is quoted (quotes doubled inside) or a bare word. */
const DECODED_COLUMN = /(?:^|\s)([a-z_][a-z0-9_]*)\[[^\]]*(?:\[\])?\]:('(?:[^']|'')*'|\S+)/g;

export function parseDecodedChange(data: string): Omit<EffectChange, 'position' | 'xid'> | undefined {
  const head = /^table public\.([a-z0-9_]+): (INSERT|UPDATE|DELETE): (.*)$/s.exec(data);
  if (!head) return undefined;
  const values: Record<string, string | null> = {};
  for (const [, column, raw] of head[3].matchAll(DECODED_COLUMN)) {
    values[column] = raw === 'null' ? null : raw.startsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : raw;
  }
  return { table: head[1], op: head[2] as EffectChange['op'], values };
}

/**
 * What the services committed to chosen tables, read back in commit order from PostgreSQL's
 * write-ahead log (logical decoding, the test_decoding plugin, one slot per database created
 * before the first migration). It is the database's own record of every committed write, so it
 * shows what a handler did (twice, out of order, not at all) whatever the consumer that ran it
 * believes. Reads consume the slot: a read cut by a server stop could lose what it consumed, so
 * a stop of PostgreSQL waits for the read under way (`exclusive`). A read after a crash may see
 * transactions again (the slot's position is saved at checkpoints): they are told apart by xid.
 */
export class EffectRecorder {
  private readonly changes = new Map<string, EffectChange[]>();
  private readonly recordedXids = new Map<string, Set<string>>();
  private lock: Promise<unknown> = Promise.resolve();
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  public failedReads = 0;

  constructor(
    private readonly postgres: PrivatePostgres,
    /** Tables to record, per database. */
    private readonly watched: ReadonlyMap<string, readonly string[]>,
  ) {
    for (const database of watched.keys()) {
      this.changes.set(database, []);
      this.recordedXids.set(database, new Set());
    }
  }

  private static slot(database: string): string {
    return `chaos_effects_${database}`;
  }

  /** Creates each database's slot; run before anything writes to it. */
  public async createSlots(): Promise<void> {
    for (const database of this.watched.keys()) {
      const client = new Client({ connectionString: this.postgres.url(database) });
      await client.connect();
      try {
        await client.query(`SELECT pg_create_logical_replication_slot($1, 'test_decoding')`, [EffectRecorder.slot(database)]);
      } finally {
        await client.end();
      }
    }
  }

  /** Runs `action` while no slot is being read. */
  public exclusive<T>(action: () => Promise<T>): Promise<T> {
    const run = this.lock.then(action, action);
    this.lock = run.catch(() => undefined);
    return run;
  }

  /** Reads what every database committed since the last read. */
  public read(): Promise<void> {
    return this.exclusive(async () => {
      for (const database of this.watched.keys()) await this.readDatabase(database);
    });
  }

  /** Reads in the background, so that the slots hold back little of the log. */
  public start(intervalMs: number): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        await this.read().catch(() => {
          // PostgreSQL is down or restarting: the next read takes up where this one could not.
          this.failedReads += 1;
        });
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, intervalMs).unref();
        });
      }
    })();
  }

  public async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Changes to the watched tables of one database, in commit order. */
  public changesOf(database: string): readonly EffectChange[] {
    return this.changes.get(database) ?? [];
  }

  private async readDatabase(database: string): Promise<void> {
    const tables = this.watched.get(database) ?? [];
    const client = new Client({ connectionString: this.postgres.url(database), connectionTimeoutMillis: 2_000 });
    await client.connect();
    let rows: Array<{ xid: string; data: string }>;
    try {
      ({ rows } = await client.query<{ xid: string; data: string }>(
        `SELECT xid::text AS xid, data FROM pg_logical_slot_get_changes($1, NULL, NULL, 'include-xids', '1', 'skip-empty-xacts', '1')
          WHERE data LIKE 'COMMIT%' OR split_part(data, ':', 1) = ANY ($2::text[])`,
        [EffectRecorder.slot(database), tables.map((table) => `table public.${table}`)],
      ));
    } finally {
      await client.end().catch(() => undefined);
    }
    const recorded = this.recordedXids.get(database) as Set<string>;
    const changes = this.changes.get(database) as EffectChange[];
    let open: Array<Omit<EffectChange, 'position' | 'xid'>> = [];
    for (const row of rows) {
      if (row.data.startsWith('COMMIT')) {
        if (open.length > 0 && !recorded.has(row.xid)) {
          recorded.add(row.xid);
          for (const change of open) changes.push({ ...change, xid: row.xid, position: changes.length });
        }
        open = [];
        continue;
      }
      const change = parseDecodedChange(row.data);
      if (change) open.push(change);
    }
  }
}

/** One process of a service. */
export interface SupervisedInstance {
  /** `<service>#<n>`, n from 1. */
  id: string;
  service: ServiceName;
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
  name: ServiceName;
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
  services: Map<ServiceName, SupervisedService>;
  /** Every instance of every service. */
  instances: readonly SupervisedInstance[];
  /** Present when the harness was asked to record effects. */
  effects: EffectRecorder | undefined;
  token(roles: Role[], offices: OfficeCode[], subject?: string): Promise<string>;
  /** Sends a signal to a service's first instance (SIGKILL: the supervisor restarts it; SIGSTOP/SIGCONT: a pause). */
  signal(name: ServiceName, signal: NodeJS.Signals): number | undefined;
  /** Sends a signal to one instance (`care#2`). */
  signalInstance(id: string, signal: NodeJS.Signals): number | undefined;
  /** Resolves once every instance answers /health/ready. */
  waitUntilReady(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** Which services (default: all of PLATFORM_SERVICES). */
  services?: readonly ServiceName[];
  /** Instances per service (default 1), each on a port of its own, sharing the service's database and durables. */
  instances?: Partial<Record<ServiceName, number>>;
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
  /** Tables whose committed changes to record (EffectRecorder), per service. */
  recordEffects?: Partial<Record<ServiceName, readonly string[]>>;
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

/** Starts PostgreSQL, nats-server, databases, migrations, provisioning and every instance of every service. */
export async function startPlatformHarness(options: HarnessOptions = {}): Promise<PlatformHarness> {
  const log = options.log ?? (() => undefined);
  const chosen = PLATFORM_SERVICES.filter((service) => !options.services || options.services.includes(service.name));
  const recordEffects = options.recordEffects ?? {};
  const postgres = await PrivatePostgres.start({ logicalDecoding: Object.keys(recordEffects).length > 0 });
  log(`postgres on port ${postgres.port}`);
  const nats = await NatsServerProcess.start();
  log(`nats-server on port ${nats.port}`);
  const signer = createTestSigner();
  const allOffices = [...OFFICE_CODES];
  const familyToken = await signer.mint({ subject: 'svc-family-contact', roles: ['integration'], offices: allOffices });
  const repatriationToken = await signer.mint({ subject: 'svc-repatriation', roles: ['integration'], offices: allOffices });

  const services = new Map<ServiceName, SupervisedService>();
  const instances: SupervisedInstance[] = [];
  const children = new Map<string, ChildProcess>();
  const launchers: Array<() => void> = [];
  const migrations: Array<Promise<void>> = [];
  let stopping = false;
  const watched = new Map(
    chosen.flatMap((service) => (recordEffects[service.name] ? [[service.database, recordEffects[service.name] as readonly string[]] as const] : [])),
  );
  const effects = watched.size > 0 ? new EffectRecorder(postgres, watched) : undefined;

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
    // The load comes from a few subjects on one address, far beyond an officer's rate: the
    // benchmarks measure the services, not the per-client limit (RATE_LIMIT_MAX).
    RATE_LIMIT_MAX: '100000000',
    // As the image runs them (deploy/Dockerfile): what the benchmarks measure is what runs.
    NODE_OPTIONS: '--max-old-space-size=128',
    FIELD_DEV_KEYS: 'true',
    ...(service.name === 'family-contact' ? { LEGAL_STATUS_TOKEN: familyToken } : {}),
    ...(service.name === 'repatriation' ? { LEGAL_STATUS_TOKEN: repatriationToken } : {}),
    ...options.serviceEnv?.[service.name],
  });

  const cleanUp = async () => {
    stopping = true;
    await effects?.stop();
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
        return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
      },
      restarts: 0,
      peakRssMb: 0,
      cpuSeconds: () => {
        const pid = instance.pid();
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
    // Databases (and their effect slots) first: a slot waits for every transaction under way when it is made.
    for (const service of chosen) await postgres.createDatabase(service.database);
    await effects?.createSlots();
    for (const service of chosen) {
      const count = Math.max(1, options.instances?.[service.name] ?? 1);
      const ports: number[] = [];
      for (let index = 0; index < count; index++) ports.push(await freePort());
      const migration = runToEnd(join('services', service.name, 'src', 'migrate.js'), envOf(service, ports[0]));
      // Awaited with the others below; until then a failure must not go unhandled.
      migration.catch(() => undefined);
      migrations.push(migration);
      const own = ports.map((port, index) => supervise(service, index, port));
      instances.push(...own);
      services.set(service.name, {
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
      });
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
      instances.map((instance) =>
        waitFor(`${instance.id} ready`, async () => (await fetch(`${instance.url}/health/ready`)).ok, { timeoutMs, intervalMs: 100 }),
      ),
    );
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
    if (!child || child.exitCode !== null || child.signalCode !== null) return undefined;
    child.kill(signal);
    return child.pid;
  };
  return {
    postgres,
    nats,
    services,
    instances,
    effects,
    token: (roles, offices, subject = `officer-${offices.join('-')}`) => signer.mint({ subject, roles, offices }),
    signal: (name, signal) => signalInstance(`${name}#1`, signal),
    signalInstance,
    waitUntilReady,
    stop: cleanUp,
  };
}
