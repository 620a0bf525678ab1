import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

import { ServiceClient, serviceClient } from '@opis/api-clients';
import { OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';
import { createTestSigner, Principal, Role } from '@opis/platform';
import { httpRequest, RequestOptions, TestResponse } from '@opis/service-harness';
import { createTestDatabase, freePort, NatsServerProcess, TestDatabase, waitFor } from '@opis/testing';
import { WORKSPACE_ROOT } from '../workspace-root';

export type ServiceName = 'intake' | 'care' | 'family-contact' | 'legal-status' | 'repatriation' | 'notifications';

const root = WORKSPACE_ROOT;

export interface RunningPlatform {
  nats: NatsServerProcess;
  databases: Map<ServiceName, TestDatabase>;
  url(service: ServiceName): string;
  token(roles: Role[], offices: OfficeCode[], subject?: string): Promise<string>;
  /**
   * A typed client of the service, generated from its OpenAPI document, that throws on any answer
   * the document does not allow (issue 19): how the tests call the services.
   */
  client<S extends ServiceName>(service: S, token?: string): ServiceClient<S>;
  /** A request outside the contract (e.g. a query parameter the document does not list yet). */
  request(service: ServiceName, method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  /** Stops one service as a crash would (SIGKILL) or a deployment does (SIGTERM). */
  stopService(service: ServiceName, signal?: NodeJS.Signals): Promise<void>;
  startService(service: ServiceName): Promise<void>;
  /**
   * Another instance of a started service, on its database and NATS, with settings of its own
   * (e.g. OFFICES); stopped with the platform.
   */
  startInstance<S extends ServiceName>(service: S, env: Record<string, string>): Promise<ServiceInstance<S>>;
  stop(): Promise<void>;
}

export interface ServiceInstance<S extends ServiceName = ServiceName> {
  url: string;
  client(token?: string): ServiceClient<S>;
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  stop(): Promise<void>;
}

export interface PlatformOptions {
  /** Settings of each service's first instance beyond the common ones (e.g. DEDICATED_OFFICES). */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Settings of the provisioning step (e.g. CARE_DEDICATED_OFFICES). */
  provisionEnv?: Record<string, string>;
}

function runToEnd(script: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    // Only errors reach the test output; migrations and provisioning report every step.
    const child = spawn(process.execPath, [join(root, 'dist', script)], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited with ${code}`))));
  });
}

/**
 * The platform as `npm start` runs it (built services as processes, their migrations, the
 * provisioning step), on databases of this test and a nats-server of its own.
 */
export async function startPlatform(label: string, services: readonly ServiceName[], options: PlatformOptions = {}): Promise<RunningPlatform> {
  const nats = await NatsServerProcess.start();
  const signer = createTestSigner();
  // Family-contact asks legal-status with a service token, as a deployment configures it.
  const serviceToken = await signer.mint({ subject: 'svc-family-contact', roles: ['integration'], offices: [...OFFICE_CODES] });
  const repatriationToken = await signer.mint({ subject: 'svc-repatriation', roles: ['integration'], offices: [...OFFICE_CODES] });
  const databases = new Map<ServiceName, TestDatabase>();
  const ports = new Map<ServiceName, number>();
  const children = new Map<ServiceName, ChildProcess>();
  const instances: ChildProcess[] = [];

  const envOf = (name: ServiceName): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(ports.get(name)),
    DATABASE_URL: databases.get(name)?.url,
    NATS_URL: nats.url,
    JWT_PUBLIC_KEY: signer.publicKeyPem,
    JWT_ISSUER: signer.issuer,
    JWT_AUDIENCE: signer.audience,
    LOG_LEVEL: 'warn',
    // The tests race hundreds of requests from one subject; the per-client limit has its own test.
    RATE_LIMIT_MAX: '100000000',
    // Field encryption keys made on first use under .dev-keys/ (as `npm start` does); services
    // that encrypt nothing ignore it.
    FIELD_DEV_KEYS: 'true',
    ...(name === 'family-contact' ? { LEGAL_STATUS_TOKEN: serviceToken } : {}),
    ...(name === 'repatriation' ? { LEGAL_STATUS_TOKEN: repatriationToken } : {}),
    ...options.serviceEnv?.[name],
  });

  const spawnReady = async (name: ServiceName, env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> => {
    const child = spawn(process.execPath, [join(root, 'dist', 'services', name, 'src', 'main.js')], { cwd: root, env, stdio: 'inherit' });
    await waitFor(
      `${name} ready on ${port}`,
      async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
        return (await fetch(`http://127.0.0.1:${port}/health/ready`)).ok;
      },
      // Up to 90 s: on two cores beside another suite, five services migrating and starting at once
      // took over 30 s (seen in npm test); a service that cannot start still fails, only later.
      { timeoutMs: 90_000, intervalMs: 100 },
    ).catch((error: unknown) => {
      child.kill('SIGKILL');
      throw error;
    });
    return child;
  };

  const startService = async (name: ServiceName) => {
    if (!services.includes(name)) throw new Error(`${name} is not part of this platform`);
    children.set(name, await spawnReady(name, envOf(name), ports.get(name) as number));
  };

  const stopChild = async (child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM') => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };
  const stopService = (name: ServiceName, signal: NodeJS.Signals = 'SIGTERM') => stopChild(children.get(name), signal);

  const startInstance = async <S extends ServiceName>(name: S, env: Record<string, string>): Promise<ServiceInstance<S>> => {
    if (!services.includes(name)) throw new Error(`${name} is not part of this platform`);
    const port = await freePort();
    const child = await spawnReady(name, { ...envOf(name), PORT: String(port), ...env }, port);
    instances.push(child);
    const instanceUrl = `http://127.0.0.1:${port}`;
    return {
      url: instanceUrl,
      client: (token) => serviceClient(name, instanceUrl, token),
      request: (method, path, requestOptions) => httpRequest(instanceUrl, method, path, requestOptions),
      stop: () => stopChild(child),
    };
  };

  const stop = async () => {
    await Promise.all(instances.map((child) => stopChild(child)));
    await Promise.all([...children.keys()].map((name) => stopService(name)));
    await nats.dispose();
    await Promise.all([...databases.values()].map((db) => db.drop()));
  };

  try {
    for (const name of services) {
      databases.set(name, await createTestDatabase(`e2e_${label}_${name}`));
      ports.set(name, await freePort());
      await runToEnd(join('services', name, 'src', 'migrate.js'), envOf(name));
    }
    await runToEnd(join('apps', 'provisioning', 'src', 'main.js'), { PATH: process.env.PATH, NATS_URL: nats.url, ...options.provisionEnv });
    await Promise.all(services.map((name) => startService(name)));
  } catch (error) {
    await stop();
    throw error;
  }

  const url = (name: ServiceName) => `http://127.0.0.1:${ports.get(name)}`;
  return {
    nats,
    databases,
    url,
    token: (roles, offices, subject = `officer-${offices.join('-') || 'none'}`) =>
      signer.mint({ subject, roles, offices } satisfies Principal),
    client: (name, token) => serviceClient(name, url(name), token),
    request: (name, method, path, options) => httpRequest(url(name), method, path, options),
    stopService,
    startService,
    startInstance,
    stop,
  };
}
