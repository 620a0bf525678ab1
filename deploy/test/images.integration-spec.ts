import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createTestSigner } from '@opis/platform';
import { createTestDatabase, freePort, TestDatabase, waitFor } from '@opis/testing';

import { BuiltService, builtPlatformServices, WORKSPACE } from './built-platform';
import { ConfiguredNats, startConfiguredNats } from './nats-conf';

// Slow (it builds images): not part of `npm test` (deploy/jest.config.js leaves it out); run it
// with `npm run test:images`. It builds every image from deploy/Dockerfile on a base made here
// from Debian's packages (deploy/images/base-image.sh; no registry to pull node:22 from), and runs
// each container in production mode against this machine's PostgreSQL and a nats-server on
// deploy/nats/nats.conf, all over 127.0.0.1 (--network host). Then it brings docker-compose.yml
// up from deploy/env.example with the Compose implementation this machine has (Debian's
// docker-compose 1.29), on stand-ins for postgres:15 and nats built from Debian's packages.

const IMAGES = join(WORKSPACE, 'deploy', 'images');
/** The local base (base-image.sh); OPIS_NODE_IMAGE=node:22-bookworm-slim where a registry answers. */
const NODE_IMAGE = process.env.OPIS_NODE_IMAGE ?? 'opis/node-base:22-bookworm';
const RUNTIME_IMAGE = process.env.OPIS_RUNTIME_IMAGE ?? (process.env.OPIS_NODE_IMAGE ? NODE_IMAGE : `${NODE_IMAGE}-runtime`);
const TAG = 'images-test';
const SIZE_GOAL_MB = 150;

function run(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd: options.cwd ?? WORKSPACE,
    encoding: 'utf8',
    env: options.env ?? process.env,
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
}

function docker(args: readonly string[], timeoutMs?: number): string {
  const result = run('docker', args, { timeoutMs });
  if (result.status !== 0) throw new Error(`docker ${args.slice(0, 3).join(' ')} ... exited ${result.status}: ${result.error?.message ?? ''}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
  return result.stdout.trim();
}

/** The legacy builder where the client has no buildx (Debian's docker.io): the Dockerfile needs neither. */
const buildEnv = (): NodeJS.ProcessEnv => (run('docker', ['buildx', 'version']).status === 0 ? process.env : { ...process.env, DOCKER_BUILDKIT: '0' });

const imageOf = (service: string): string => `opis/${service}:${TAG}`;
const say = (line: string): boolean => process.stdout.write(`${line}\n`);

/** Registers a child through intake's API; answers the case id. */
async function registerChild(intakeUrl: string, token: string): Promise<string> {
  const registration = await fetch(`${intakeUrl}/v1/cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      child: {
        givenNames: 'Ixchel',
        familyNames: 'Tzul Caal',
        sex: 'F',
        age: { years: 13, status: 'DECLARED' },
        nationality: 'GT',
        countryOfResidence: 'GT',
        languages: ['spa'],
        speaksSpanish: 'YES',
      },
      encounter: {
        officeCode: 'CHP',
        migrationPoint: 'Ciudad Hidalgo',
        detectedAt: new Date(Date.now() - 60_000).toISOString(),
        entryPath: 'DETECTED',
        accompaniment: 'UNACCOMPANIED',
      },
      screening: { protectionNeedIndicated: false, traffickingIndicators: false, medicalEmergency: false, disability: false, pregnant: false },
    }),
  });
  expect(registration.status).toBe(201);
  return ((await registration.json()) as { caseId: string }).caseId;
}

/** Waits until care's API answers the case (care learns of it from intake's event). */
async function expectCaseInCare(careUrl: string, token: string, caseId: string): Promise<void> {
  let careCase: { caseId?: string } | undefined;
  await waitFor(
    "the case in care's container",
    async () => {
      const response = await fetch(`${careUrl}/v1/cases/${caseId}`, { headers: { authorization: `Bearer ${token}` } });
      if (response.status === 404) return false;
      careCase = (await response.json()) as { caseId?: string };
      return response.ok;
    },
    { timeoutMs: 30_000, intervalMs: 200 },
  );
  expect(careCase?.caseId).toBe(caseId);
}

describe('service images from deploy/Dockerfile, run against PostgreSQL and NATS over 127.0.0.1', () => {
  const services: BuiltService[] = builtPlatformServices();
  const signer = createTestSigner();
  const containers: string[] = [];
  const databases: TestDatabase[] = [];
  let nats: ConfiguredNats | undefined;
  let composeDown: (() => void) | undefined;

  beforeAll(() => {
    // docker-up.sh installs Debian's docker.io and starts dockerd when the machine has none.
    const up = run(join(IMAGES, 'docker-up.sh'), ['--compose'], { timeoutMs: 600_000 });
    if (up.status !== 0) throw new Error(`Docker cannot run on this machine, so no image can be built or run here:\n${up.stderr}`);
    if (!process.env.OPIS_NODE_IMAGE) {
      const base = run(join(IMAGES, 'base-image.sh'), [], { timeoutMs: 900_000 });
      if (base.status !== 0) throw new Error(`deploy/images/base-image.sh failed:\n${base.stderr}`);
    }
  }, 1_500_000);

  afterAll(async () => {
    composeDown?.();
    for (const container of containers) run('docker', ['rm', '--force', container]);
    await nats?.dispose();
    await Promise.all(databases.map((db) => db.drop()));
  });

  it('builds every service image from one install and one build, production dependencies only, as uid 1000 on Node 22', () => {
    const env = buildEnv();
    // All images from one copy of the working tree (its files that git tracks or would), so
    // that an edit made meanwhile cannot give two images different builds.
    const context = mkdtempSync(join(tmpdir(), 'opis-image-context-'));
    const copied = run('sh', ['-c', `git ls-files -z --cached --others --exclude-standard | tar --null --ignore-failed-read -T - -cf - | tar -xf - -C '${context}'`]);
    if (copied.status !== 0) throw new Error(`copying the build context failed: ${copied.stderr}`);
    const sizes: string[] = [];
    for (const service of services) {
      const started = Date.now();
      const built = run(
        'docker',
        ['build', '--network', 'host', '-f', 'deploy/Dockerfile', '--build-arg', `NODE_IMAGE=${NODE_IMAGE}`, '--build-arg', `RUNTIME_IMAGE=${RUNTIME_IMAGE}`,
          '--build-arg', `SERVICE=${service.name}`, '--build-arg', `PORT=${service.port}`, '-t', imageOf(service.name), '.'],
        { env, timeoutMs: 1_200_000, cwd: context },
      );
      if (built.status !== 0) throw new Error(`building ${imageOf(service.name)} failed:\n${built.stdout.slice(-4000)}\n${built.stderr.slice(-4000)}`);
      const bytes = Number(docker(['image', 'inspect', '--format', '{{.Size}}', imageOf(service.name)]));
      sizes.push(`${imageOf(service.name)}: ${(bytes / 1e6).toFixed(0)} MB (goal ${SIZE_GOAL_MB} MB), built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    say(`images on ${RUNTIME_IMAGE}:\n  ${sizes.join('\n  ')}`);
    rmSync(context, { recursive: true, force: true });

    // ARG SERVICE comes after the install and the build: the images differ in configuration
    // only, every file layer is shared (one npm ci and one compile for all of them).
    const layers = services.map((service) => docker(['image', 'inspect', '--format', '{{json .RootFS.Layers}}', imageOf(service.name)]));
    expect(new Set(layers).size).toBe(1);

    for (const service of services) {
      const config = JSON.parse(docker(['image', 'inspect', '--format', '{{json .Config}}', imageOf(service.name)])) as { User: string; Env: string[] };
      expect(config.User).toBe('node');
      expect(config.Env).toEqual(expect.arrayContaining(['NODE_ENV=production', `SERVICE=${service.name}`, `PORT=${service.port}`]));
    }
    const probe = docker([
      'run', '--rm', '--network', 'none', imageOf('intake'), 'node', '-e',
      // What the runtime holds: Node 22, uid 1000, no dev dependency, files it cannot change.
      `const fs = require('fs'); const has = (m) => { try { require.resolve(m); return true } catch { return false } };
       let writable = true; try { fs.writeFileSync('dist/x', '') } catch { writable = false }
       console.log(JSON.stringify({ node: process.versions.node.split('.')[0], uid: process.getuid(), typescript: has('typescript'), jest: has('jest'), swc: has('@swc/core'), nx: has('nx'), writable }))`,
    ]);
    expect(JSON.parse(probe)).toEqual({ node: '22', uid: 1000, typescript: false, jest: false, swc: false, nx: false, writable: false });
  }, 3_600_000);

  it('migrates and provisions from the images, every container becomes ready (hardened as in Kubernetes), and a child registered through intake is in care', async () => {
    nats = await startConfiguredNats();
    const fieldKey = (): string => `k1:${randomBytes(32).toString('base64')}`;
    const lookupKey = (): string => randomBytes(32).toString('base64');

    // Provisioning from the intake image, as the Kubernetes Job and compose's migrate do.
    docker(['run', '--rm', '--network', 'host', '-e', `NATS_URL=${nats.urlFor('provisioner')}`, '-e', 'STREAM_REPLICAS=1', imageOf('intake'), 'node', 'dist/apps/provisioning/src/main.js']);

    const started: { service: BuiltService; url: string; container: string }[] = [];
    for (const service of services) {
      const db = await createTestDatabase(`images_${service.name}`);
      databases.push(db);
      const port = await freePort();
      // Production mode, as deployed: real keys and issuer (the dev settings are refused there).
      const env: Record<string, string> = {
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: db.url,
        NATS_URL: nats.urlFor(service.name),
        JWT_PUBLIC_KEY: signer.publicKeyPem,
        JWT_ISSUER: signer.issuer,
        JWT_AUDIENCE: signer.audience,
        LOG_LEVEL: 'warn',
        FIELD_KEYS: fieldKey(),
        LOOKUP_KEY: lookupKey(),
        // The console's gateway (after the services in the list): each service where it was started.
        ...(service.name === 'gateway'
          ? Object.fromEntries(started.map((entry) => [`${entry.service.name.toUpperCase().replace(/-/g, '_')}_URL`, entry.url]))
          : {}),
      };
      const envArgs = Object.entries(env).flatMap(([name, value]) => ['-e', `${name}=${value}`]);
      // Each service's migrations from its own image (the Kubernetes `<service>-migrate` Job).
      docker(['run', '--rm', '--network', 'host', ...envArgs, imageOf(service.name), 'node', `dist/services/${service.name}/src/migrate.js`]);
      // As the Kubernetes Deployment runs it: read-only root, a /tmp of its own, no capabilities.
      const hardened = ['--read-only', '--tmpfs', '/tmp:size=64m', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges', '--user', '1000'];
      const container = docker(['run', '--detach', '--init', '--network', 'host', ...hardened, '--name', `opis-images-test-${service.name}-${randomBytes(3).toString('hex')}`, ...envArgs, imageOf(service.name)]);
      containers.push(container);
      started.push({ service, url: `http://127.0.0.1:${port}`, container });
    }

    const logsOf = (container: string): string => {
      const logs = run('docker', ['logs', '--tail', '40', container]);
      return `${logs.stdout}${logs.stderr}`;
    };
    for (const { service, url, container } of started) {
      // Ready: migrations applied, NATS up, every consumer pulling from its durable.
      await waitFor(
        `${service.name}'s container ready`,
        async () => {
          if (docker(['inspect', '--format', '{{.State.Running}}', container]) !== 'true') throw new Error(`${service.name} stopped:\n${logsOf(container)}`);
          return (await fetch(`${url}/health/ready`)).ok;
        },
        { timeoutMs: 90_000, intervalMs: 250 },
      ).catch((error: unknown) => {
        throw new Error(`${error instanceof Error ? error.message : String(error)}\n${logsOf(container)}`);
      });
    }

    const token = await signer.mint({ subject: 'officer-chp', roles: ['officer'], offices: ['CHP'] });
    const intake = started.find((entry) => entry.service.name === 'intake');
    const care = started.find((entry) => entry.service.name === 'care');
    if (!intake || !care) throw new Error('intake and care are platform services');
    const caseId = await registerChild(intake.url, token);
    // Through JetStream into care's container, read back through care's own API.
    await expectCaseInCare(care.url, token, caseId);
    // The gateway's image serves the console built into it (CONSOLE_DIR) and sends /api/care/v1 to care's container.
    const gateway = started.find((entry) => entry.service.name === 'gateway');
    if (!gateway) throw new Error('the gateway is deployed');
    const page = await fetch(`${gateway.url}/cases/${caseId}`);
    expect({ status: page.status, type: page.headers.get('content-type') }).toEqual({ status: 200, type: expect.stringContaining('text/html') });
    expect(await page.text()).toMatch(/<script type="module"[^>]* src="\/assets\//);
    await expectCaseInCare(`${gateway.url}/api/care`, token, caseId);

    // Docker's own health check (readiness, in the image) passes in each container.
    for (const { service, container } of started) {
      await waitFor(`${service.name}'s container healthy`, () => docker(['inspect', '--format', '{{.State.Health.Status}}', container]) === 'healthy', {
        timeoutMs: 60_000,
        intervalMs: 500,
      });
    }
  }, 600_000);

  it('cp deploy/env.example .env && compose up: migrate succeeds, every service turns healthy, a dev token registers a child that care shows', async () => {
    // Compose v2 where the plugin is there, else Debian's docker-compose 1.29 (docker-up.sh --compose).
    const compose = run('docker', ['compose', 'version']).status === 0 ? ['docker', 'compose'] : ['docker-compose'];
    // postgres:15 and nats:2.10 cannot be pulled here: stand-ins from Debian's packages.
    for (const [tag, folder] of [['opis/postgres-local:15', 'postgres'], ['opis/nats-local:2.9', 'nats']]) {
      const built = run('docker', ['build', '--network', 'host', '-t', tag, join('deploy', 'images', folder)], { env: buildEnv(), timeoutMs: 900_000 });
      if (built.status !== 0) throw new Error(`building ${tag} failed:\n${built.stdout.slice(-3000)}\n${built.stderr.slice(-3000)}`);
    }
    // The example settings as they are, and only what this machine needs besides: the stand-ins,
    // the images built above, and a loopback address and ports of their own (this machine's
    // PostgreSQL and NATS hold 5432 and 4222 on 127.0.0.1).
    const project = `opis-images-test-${randomBytes(3).toString('hex')}`;
    const bind = '127.0.0.2';
    const hostPorts = Object.fromEntries(
      await Promise.all(
        ['POSTGRES_PORT', 'NATS_PORT', 'NATS_MONITOR_PORT', ...services.map((service) => `${service.name.toUpperCase().replace(/-/g, '_')}_HOST_PORT`)].map(
          async (name) => [name, String(await freePort())] as const,
        ),
      ),
    );
    const envFile = join(mkdtempSync(join(tmpdir(), 'opis-compose-')), '.env');
    writeFileSync(
      envFile,
      `${readFileSync(join(WORKSPACE, 'deploy', 'env.example'), 'utf8')}\n` +
        Object.entries({
          COMPOSE_PROJECT_NAME: project,
          OPIS_TAG: TAG,
          OPIS_POSTGRES_IMAGE: 'opis/postgres-local:15',
          OPIS_NATS_IMAGE: 'opis/nats-local:2.9',
          OPIS_BIND: bind,
          ...hostPorts,
        })
          .map(([name, value]) => `${name}=${value}\n`)
          .join(''),
    );
    const composeRun = (args: string[], timeoutMs = 300_000): SpawnSyncReturns<string> =>
      run(compose[0], [...compose.slice(1), '--env-file', envFile, '-p', project, ...args], { timeoutMs });
    composeDown = () => void composeRun(['down', '--volumes', '--remove-orphans']);

    const up = composeRun(['up', '--detach', '--no-build'], 600_000);
    if (up.status !== 0) throw new Error(`compose up failed:\n${up.stdout.slice(-3000)}\n${up.stderr.slice(-3000)}`);
    const containerOf = (service: string): string => composeRun(['ps', '-q', service]).stdout.trim();
    expect(docker(['inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', containerOf('migrate')])).toBe('exited 0');
    for (const service of services) {
      const container = containerOf(service.name);
      // Seven services, the gateway and the mail catcher start on two cores: the first took 100 s to
      // listen in a run beside other suites, and its healthcheck looks every 15 s.
      await waitFor(`compose's ${service.name} healthy`, () => docker(['inspect', '--format', '{{.State.Health.Status}}', container]) === 'healthy', {
        timeoutMs: 240_000,
        intervalMs: 500,
      }).catch((error: unknown) => {
        throw new Error(`${error instanceof Error ? error.message : String(error)}\n${composeRun(['logs', '--tail', '30', service.name]).stdout}`);
      });
    }

    // A token as the README says, from inside the intake container: no Node on the host needed.
    const minted = composeRun(['exec', '-T', 'intake', 'node', 'dist/tools/cli/src/token.js', '--roles', 'officer', '--offices', 'CHP']);
    expect(minted.status).toBe(0);
    const token = minted.stdout.trim();
    const urlOf = (service: string): string => `http://${bind}:${hostPorts[`${service.toUpperCase().replace(/-/g, '_')}_HOST_PORT`]}`;
    const caseId = await registerChild(urlOf('intake'), token);
    await expectCaseInCare(urlOf('care'), token, caseId);
    // The console at the gateway's port, and care's API behind it on the compose network.
    const page = await fetch(`${urlOf('gateway')}/`);
    expect({ status: page.status, type: page.headers.get('content-type') }).toEqual({ status: 200, type: expect.stringContaining('text/html') });
    await expectCaseInCare(`${urlOf('gateway')}/api/care`, token, caseId);
  }, 1_200_000);
});
