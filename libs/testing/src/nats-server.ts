import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { connect } from '@nats-io/transport-node';

import { freePort, waitFor } from './free-port';

const NATS_SERVER_BIN = process.env.NATS_SERVER_BIN ?? 'nats-server';

export interface NatsServerOptions {
  /** Extra nats-server arguments (e.g. `-c`, a config file with users). */
  args?: string[];
  /** Added to the server's environment, e.g. the passwords a config file reads as `$INTAKE_NATS_PASSWORD`. */
  env?: Record<string, string>;
  /**
   * The user the readiness check connects as, when the config requires one (it asks
   * `$JS.API.INFO`), with the inbox prefix its permissions let it subscribe to, if not `_INBOX`.
   * The `url` stays without credentials.
   */
  readinessUser?: { user: string; pass: string; inboxPrefix?: string };
}

/**
 * A nats-server of a test's own, on a free port with JetStream in a temporary folder, for
 * tests that stop, kill or restart the server. Never touches the shared server.
 */
export class NatsServerProcess {
  public readonly url: string;
  private child: ChildProcess | undefined;

  private constructor(
    public readonly port: number,
    private readonly storeDir: string,
    private readonly options: NatsServerOptions,
  ) {
    this.url = `nats://127.0.0.1:${port}`;
  }

  public static async start(options: NatsServerOptions = {}): Promise<NatsServerProcess> {
    const port = await freePort();
    const storeDir = mkdtempSync(join(tmpdir(), 'opis-nats-'));
    const server = new NatsServerProcess(port, storeDir, options);
    await server.restart();
    return server;
  }

  public get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the server again on the same port and store (a no-op when it runs). */
  public async restart(): Promise<void> {
    if (this.running) return;
    const child = spawn(
      NATS_SERVER_BIN,
      ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir, ...(this.options.args ?? [])],
      { stdio: 'ignore', env: { ...process.env, ...this.options.env } },
    );
    // A test whose set-up timed out before it held the server cannot dispose of it: unreferenced,
    // the server does not keep jest from exiting (it hung a whole `npm test` once), and it goes
    // with the test process.
    child.unref();
    const killWithTest = () => child.kill('SIGKILL');
    process.once('exit', killWithTest);
    child.once('exit', () => process.removeListener('exit', killWithTest));
    this.child = child;
    await waitFor(`nats-server on port ${this.port}`, async () => {
      if (child.exitCode !== null) throw new Error(`nats-server exited with ${child.exitCode}`);
      const nc = await connect({ servers: this.url, timeout: 500, reconnect: false, ...this.options.readinessUser });
      try {
        // JetStream answers only once its store is ready.
        const reply = await nc.request('$JS.API.INFO', undefined, { timeout: 500 });
        return reply.json<{ error?: unknown }>().error === undefined;
      } finally {
        await nc.close();
      }
    });
  }

  /** Stops the server: SIGTERM (clean shutdown) or SIGKILL (a crash). Resolves once it exited. */
  public async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // Referenced again while it is awaited: otherwise a script with nothing else pending (npm run
    // docs) ends here, with exit code 0, and never runs what follows the stop.
    child.ref();
    child.kill(signal);
    await exited;
  }

  /** Stops the server and removes its store. */
  public async dispose(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}
