// A PostgreSQL server of the harness's own, in a temporary folder and on a free port, run as the postgres user.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chownSync, closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from 'pg';

import { freePort, postgresAnswers, waitFor } from '@opis/testing';

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
        return postgresAnswers(this.adminUrl, 1_000);
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