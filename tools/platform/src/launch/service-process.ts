// One built process of the platform, as every launcher runs it (`npm start`, the end-to-end
// tests, the chaos run, the benchmarks): a service's environment, spawning a built service or
// script from dist/, waiting until a service is ready, stopping it, running a script to its end.
import { ChildProcess, spawn, StdioOptions } from 'node:child_process';
import { join } from 'node:path';

import { WORKSPACE_ROOT } from '../workspace-root';

const root = WORKSPACE_ROOT;

/** Where a service process listens and what it connects to. */
export interface ServiceAddress {
  port: number;
  databaseUrl: string | undefined;
  natsUrl: string;
}

/**
 * The environment every service process (and its migrations) starts from, then each launcher's
 * own settings in order: only PATH is passed on, so that nothing exported in the shell changes a
 * test or a benchmark without anyone seeing it.
 */
export function serviceEnv(address: ServiceAddress, ...settings: Array<Record<string, string | undefined> | undefined>): NodeJS.ProcessEnv {
  return Object.assign(
    {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(address.port),
      DATABASE_URL: address.databaseUrl,
      NATS_URL: address.natsUrl,
      LOG_LEVEL: 'warn',
    },
    ...settings,
  );
}

/** `node dist/<script>` from the workspace root (`services/intake/src/main.js`). */
export function spawnBuilt(
  script: string,
  options: { args?: readonly string[]; env?: NodeJS.ProcessEnv; stdio?: StdioOptions; nodeArgs?: readonly string[] } = {},
): ChildProcess {
  return spawn(process.execPath, [...(options.nodeArgs ?? []), join(root, 'dist', script), ...(options.args ?? [])], {
    cwd: root,
    env: options.env,
    stdio: options.stdio ?? 'inherit',
  });
}

/** A built service's main process (`nodeArgs`: e.g. `--cpu-prof`, to profile it under a benchmark). */
export function spawnService(name: string, env: NodeJS.ProcessEnv, stdio: StdioOptions = 'inherit', nodeArgs?: readonly string[]): ChildProcess {
  return spawnBuilt(join('services', name, 'src', 'main.js'), { env, stdio, nodeArgs });
}

export interface ReadyWait {
  /** Named in the errors (`care`, `care#2`). */
  label: string;
  timeoutMs: number;
  /**
   * The process started for it: its exit ends the wait at once. Left out when a supervisor starts
   * it again (the harness), where an exit is not the end.
   */
  child?: ChildProcess;
}

/** Resolves once `<url>/health/ready` answers 2xx; fails when the child exits or the time is up. */
export async function untilReady(url: string, { label, timeoutMs, child }: ReadyWait): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`${label} exited with ${child.signalCode ?? child.exitCode} while starting`);
    }
    try {
      if ((await fetch(`${url}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${label} was not ready within ${Math.round(timeoutMs / 1000)} s`);
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Sends the signal and resolves once the process has exited (at once if it had). SIGCONT first:
 * a paused process (SIGSTOP, the fault run) would never act on it. With `killAfterMs`, a
 * process still running then is killed.
 */
export function stopProcess(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM', killAfterMs?: number): Promise<void> {
  if (!child || hasExited(child)) return Promise.resolve();
  return new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGCONT');
    child.kill(signal);
    if (killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), killAfterMs).unref();
  });
}

/**
 * Runs a built script to its end (migrations, provisioning) and fails unless it exits 0. Quiet by
 * default: only errors reach the output, where migrations and provisioning report every step.
 */
export function runToEnd(script: string, env: NodeJS.ProcessEnv, stdio: StdioOptions = ['ignore', 'ignore', 'inherit']): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawnBuilt(script, { env, stdio });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${script} exited with ${signal ?? code}`))));
  });
}

/**
 * Runs a built tool to its end (`tools/chaos/src/chaos` runs dist/tools/chaos/src/chaos.js, as
 * `npm run chaos` does) with this process's environment: its exit code, its whole output and its
 * stdout alone, for the tests that read what the tool printed.
 */
export function runBuiltScript(script: string, args: string[]): Promise<{ code: number | null; output: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawnBuilt(`${script}.js`, { args, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      stdout += chunk.toString('utf8');
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('exit', (code) => resolve({ code, output, stdout }));
  });
}
