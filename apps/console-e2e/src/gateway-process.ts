import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

import { connect } from '@nats-io/transport-node';

import { provisionJetStream } from '@opis/messaging';
import { TestSigner } from '@opis/platform';
import { GATEWAY_CONSUMERS } from '@opis/platform-services';
import { createTestDatabase, freePort, waitFor } from '@opis/testing';

const root = join(__dirname, '..', '..', '..');

export interface GatewayProcess {
  url: string;
  stop(): Promise<void>;
}

function runToEnd(script: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'dist', script)], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited with ${code}`))));
  });
}

/** The built gateway as `npm start` runs it (its migrations, then the process), in front of the given services. */
export async function startGateway(natsUrl: string, signer: TestSigner, upstreams: Record<string, string>): Promise<GatewayProcess> {
  const database = await createTestDatabase('e2e_console_gateway');
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: database.url,
    NATS_URL: natsUrl,
    JWT_PUBLIC_KEY: signer.publicKeyPem,
    JWT_ISSUER: signer.issuer,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_MAX: '100000',
    CONSOLE_DIR: join(root, 'dist', 'apps', 'console'),
    ...upstreams,
  };
  let child: ChildProcess | undefined;
  try {
    // The streams exist (the platform's provisioning made them); the timeline's durables are added.
    const nc = await connect({ servers: natsUrl });
    await provisionJetStream(nc, { streams: [], consumers: GATEWAY_CONSUMERS }).finally(() => nc.close());
    await runToEnd(join('services', 'gateway', 'src', 'migrate.js'), env);
    const started = spawn(process.execPath, [join(root, 'dist', 'services', 'gateway', 'src', 'main.js')], { cwd: root, env, stdio: 'inherit' });
    child = started;
    await waitFor(
      `gateway ready on ${port}`,
      async () => {
        if (started.exitCode !== null) throw new Error(`gateway exited with ${started.exitCode}`);
        return (await fetch(`http://127.0.0.1:${port}/health/ready`)).ok;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
  } catch (error) {
    child?.kill('SIGKILL');
    await database.drop();
    throw error;
  }
  const running = child;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (running.exitCode === null && running.signalCode === null) {
        const exited = new Promise((resolve) => running.once('exit', resolve));
        running.kill('SIGTERM');
        await exited;
      }
      await database.drop();
    },
  };
}
