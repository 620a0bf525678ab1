// `npm start`: the whole platform on this machine against local PostgreSQL and NATS. Creates each
// service's database, applies its migrations, provisions the streams, starts every service,
// waits until each is ready and prints where to find it. Ctrl-C stops them all.
import { ChildProcess, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline/promises';

import { connect } from '@nats-io/transport-node';

import { ensureDatabase, ensureDevKeys, natsConnectOptions } from '@opis/platform';
import { CONSOLE_GATEWAY, databaseUrl, DEFAULT_DATABASE_URL, DEFAULT_NATS_URL, DEPLOYED_SERVICES, PlatformService } from '@opis/platform-services';
import { preparePlatform, serviceEnv, spawnService, stopProcess, untilReady, WORKSPACE_ROOT } from '@opis/platform-tools';
import { postgresAnswers } from '@opis/testing';

import { MailCatcher, startMailCatcher } from './mail-catcher';

const root = WORKSPACE_ROOT;
const adminUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
const natsUrl = process.env.NATS_URL ?? DEFAULT_NATS_URL;
// Eight services starting at once on two cores, each compiling its routes and connecting.
const READY_TIMEOUT_MS = 120_000;
// Where notifications' localEnv sends alert emails (NOTIFY_SMTP_URL in platform-services.ts).
const MAIL_CATCHER = { smtpPort: 1025, httpPort: 1080, host: '127.0.0.1' };

const HOW_TO_GET_THEM = `
Start them in one of two ways:
  - with Docker:  cp deploy/env.example .env && docker compose up -d postgres nats
                  (then DATABASE_URL=postgres://postgres:<POSTGRES_PASSWORD>@127.0.0.1:5432/postgres
                   and NATS_URL=nats://developer:<DEV_NATS_PASSWORD>@127.0.0.1:4222)
  - from your distribution (Debian/Ubuntu): apt-get install postgresql nats-server
                  and run nats-server with JetStream: nats-server -js
Set DATABASE_URL and NATS_URL if they are not on the default local ports.`;

function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

async function natsAnswers(): Promise<boolean> {
  try {
    const nc = await connect({ ...natsConnectOptions(natsUrl), timeout: 3_000, reconnect: false });
    await nc.close();
    return true;
  } catch {
    return false;
  }
}

function serviceEnvOf(service: PlatformService): NodeJS.ProcessEnv {
  // The developer's own settings reach the services too (a LOG_LEVEL, a NOTIFY_SMTP_URL), except where
  // each one listens and what it connects to.
  return {
    ...process.env,
    ...serviceEnv(
      { port: service.port, databaseUrl: databaseUrl(adminUrl, service.database), natsUrl },
      {
        NODE_ENV: 'development',
        // /metrics has a port of its own (BaseServiceConfig.METRICS_PORT): 3001 → 9001 and so on.
        METRICS_PORT: String(service.port + 6000),
        AUTH_DEV_KEYS: 'true',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      },
      service.localEnv,
    ),
  };
}

/** True when a Docker engine answers (not only the client), so Compose could start the infrastructure. */
function dockerEngineAnswers(): boolean {
  const probe = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'ignore', timeout: 5_000 });
  return probe.status === 0;
}

/** Asks on an interactive terminal; anything but yes (or no terminal at all) is no. */
async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}

async function main(): Promise<void> {
  const [pgUp, natsUp] = await Promise.all([postgresAnswers(adminUrl, 3_000), natsAnswers()]);
  if (!pgUp || !natsUp) {
    if (!pgUp) console.error(`PostgreSQL does not answer at ${redactUrl(adminUrl)}.`);
    if (!natsUp) console.error(`NATS (with JetStream) does not answer at ${redactUrl(natsUrl)}.`);
    console.error(HOW_TO_GET_THEM);
    if (dockerEngineAnswers() && (await confirm('\nDocker is running here. Start PostgreSQL and NATS with `docker compose up -d postgres nats` now?'))) {
      const compose = spawnSync('docker', ['compose', 'up', '-d', '--wait', 'postgres', 'nats'], { cwd: root, stdio: 'inherit' });
      if (compose.status === 0) {
        console.error('\nStarted. Set DATABASE_URL and NATS_URL to them as the lines above say, then run npm start again.');
      }
    }
    process.exit(1);
  }

  ensureDevKeys();
  await preparePlatform({
    services: DEPLOYED_SERVICES,
    createDatabase: async (service) => {
      if (await ensureDatabase(adminUrl, service.database)) console.log(`${service.name}: created database ${service.database}`);
    },
    envOf: serviceEnvOf,
    natsUrl,
    output: 'inherit',
  });

  let mailCatcher: MailCatcher | undefined;
  try {
    mailCatcher = await startMailCatcher(MAIL_CATCHER);
  } catch (error) {
    console.error(`The mail catcher could not listen on ${MAIL_CATCHER.smtpPort}/${MAIL_CATCHER.httpPort} (${(error as Error).message}): alert emails go to whatever listens there.`);
  }

  const children = new Map<string, ChildProcess>();
  let stopping = false;
  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping the platform ...');
    await Promise.all([...children.values()].map((child) => stopProcess(child)));
    await mailCatcher?.stop();
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  for (const service of DEPLOYED_SERVICES) {
    const child = spawnService(service.name, serviceEnvOf(service));
    child.on('exit', (code, signal) => {
      if (!stopping) {
        console.error(`${service.name} stopped unexpectedly (${signal ?? code}); stopping the platform`);
        void stopAll(1);
      }
    });
    children.set(service.name, child);
  }
  try {
    await Promise.all(
      DEPLOYED_SERVICES.map((service) =>
        untilReady(`http://127.0.0.1:${service.port}`, { label: service.name, timeoutMs: READY_TIMEOUT_MS, child: children.get(service.name) }),
      ),
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await stopAll(1);
    return;
  }

  console.log('\nThe OPIS platform is up:\n');
  console.log(`  ${'service'.padEnd(16)}${'URL'.padEnd(26)}API docs`);
  for (const service of DEPLOYED_SERVICES.filter((each) => each !== CONSOLE_GATEWAY)) {
    const url = `http://127.0.0.1:${service.port}`;
    console.log(`  ${service.name.padEnd(16)}${url.padEnd(26)}${url}/docs/`);
  }
  console.log(`\n  officers' console  http://127.0.0.1:${CONSOLE_GATEWAY.port}/   (sign in with a token from the command below)`);
  if (mailCatcher) console.log(`\n  alert emails    http://127.0.0.1:${mailCatcher.httpPort}/messages`);
  console.log('\nA token for local use:  npm run token -- --roles officer --offices CHP');
  console.log('Stop with Ctrl-C.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
