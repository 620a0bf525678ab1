// The officers' console's gateway in front of services started elsewhere (startPlatform,
// startPlatformHarness), for the console's browser test and bench:console. Their platforms leave it
// out: it needs the services' addresses, known only once they run.
import { ChildProcess, StdioOptions } from 'node:child_process';
import { join } from 'node:path';

import { connect } from '@nats-io/transport-node';

import { provisionJetStream } from '@opis/messaging';
import { TestSigner } from '@opis/platform';
import { GATEWAY_CONSUMERS } from '@opis/platform-services';
import { freePort } from '@opis/testing';

import { runToEnd, serviceEnv, spawnService, stopProcess, untilReady } from './service-process';
import { WORKSPACE_ROOT } from '../workspace-root';

export interface ConsoleGatewayOptions {
  /** Its database, dropped with the gateway when `drop` is given. */
  database: { url: string; drop?(): Promise<void> };
  natsUrl: string;
  /** Whose tokens its own timeline API accepts. */
  signer: Pick<TestSigner, 'publicKeyPem' | 'issuer'>;
  /** Where each service answers (INTAKE_URL ... NOTIFICATIONS_URL) and any other setting. */
  env: Record<string, string>;
  output?: StdioOptions;
}

export interface ConsoleGateway {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The built gateway as `npm start` runs it: its durables, its migrations, then the process serving dist/apps/console. */
export async function startConsoleGateway(options: ConsoleGatewayOptions): Promise<ConsoleGateway> {
  const { database, natsUrl, signer } = options;
  const port = await freePort();
  const env = serviceEnv(
    { port, databaseUrl: database.url, natsUrl },
    { JWT_PUBLIC_KEY: signer.publicKeyPem, JWT_ISSUER: signer.issuer, CONSOLE_DIR: join(WORKSPACE_ROOT, 'dist', 'apps', 'console') },
    options.env,
  );
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  try {
    // The streams exist (the platform's provisioning made them); the timeline's durables are added.
    const nc = await connect({ servers: natsUrl });
    await provisionJetStream(nc, { streams: [], consumers: GATEWAY_CONSUMERS }).finally(() => nc.close());
    await runToEnd(join('services', 'gateway', 'src', 'migrate.js'), env);
    child = spawnService('gateway', env, options.output);
    await untilReady(url, { label: `gateway on ${port}`, timeoutMs: 60_000, child });
  } catch (error) {
    await stopProcess(child, 'SIGKILL');
    await database.drop?.();
    throw error;
  }
  const running = child;
  return {
    url,
    child: running,
    stop: async () => {
      await stopProcess(running);
      await database.drop?.();
    },
  };
}
