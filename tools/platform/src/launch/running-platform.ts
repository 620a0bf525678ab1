import { ChildProcess } from 'node:child_process';

import { ServiceClient, serviceClient } from '@opis/api-clients';
import { OfficeCode } from '@opis/contracts-envelope';
import { Role } from '@opis/platform';
import { PlatformServiceName } from '@opis/platform-services';
import { httpRequest, RequestOptions, TestResponse } from '@opis/service-harness';
import { createTestDatabase, freePort, NatsServerProcess, TestDatabase } from '@opis/testing';

import { createTestIdentity, preparePlatform } from './launcher';
import { serviceEnv, spawnService, stopProcess, untilReady } from './service-process';

/** Any of the platform's services (libs/platform-services), each with its typed client. */
export type ServiceName = PlatformServiceName;

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

/**
 * The platform as `npm start` runs it (built services as processes, their migrations, the
 * provisioning step), on databases of this test and a nats-server of its own.
 */
export async function startPlatform(label: string, services: readonly ServiceName[], options: PlatformOptions = {}): Promise<RunningPlatform> {
  const nats = await NatsServerProcess.start();
  const identity = await createTestIdentity();
  const databases = new Map<ServiceName, TestDatabase>();
  const ports = new Map<ServiceName, number>();
  const children = new Map<ServiceName, ChildProcess>();
  const instances: ChildProcess[] = [];

  const envOf = (name: ServiceName): NodeJS.ProcessEnv =>
    serviceEnv({ port: ports.get(name) as number, databaseUrl: databases.get(name)?.url, natsUrl: nats.url }, identity.envOf(name), options.serviceEnv?.[name]);

  const spawnReady = async (name: ServiceName, env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> => {
    const child = spawnService(name, env);
    // Up to 90 s: on two cores beside another suite, five services migrating and starting at once
    // took over 30 s (seen in npm test); a service that exits while starting fails the wait at once.
    await untilReady(`http://127.0.0.1:${port}`, { label: `${name} on ${port}`, timeoutMs: 90_000, child }).catch(async (error: unknown) => {
      await stopProcess(child, 'SIGKILL');
      throw error;
    });
    return child;
  };

  const startService = async (name: ServiceName) => {
    if (!services.includes(name)) throw new Error(`${name} is not part of this platform`);
    children.set(name, await spawnReady(name, envOf(name), ports.get(name) as number));
  };
  const stopService = (name: ServiceName, signal: NodeJS.Signals = 'SIGTERM') => stopProcess(children.get(name), signal);

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
      stop: () => stopProcess(child),
    };
  };

  const stop = async () => {
    await Promise.all(instances.map((child) => stopProcess(child)));
    await Promise.all([...children.keys()].map((name) => stopService(name)));
    await nats.dispose();
    await Promise.all([...databases.values()].map((db) => db.drop()));
  };

  try {
    for (const name of services) ports.set(name, await freePort());
    await preparePlatform({
      services: services.map((name) => ({ name })),
      createDatabase: async ({ name }) => {
        databases.set(name, await createTestDatabase(`e2e_${label}_${name}`));
      },
      envOf: ({ name }) => envOf(name),
      natsUrl: nats.url,
      provisionEnv: options.provisionEnv,
    });
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
    token: (roles, offices, subject) => identity.token(roles, offices, subject),
    client: (name, token) => serviceClient(name, url(name), token),
    request: (name, method, path, options) => httpRequest(url(name), method, path, options),
    stopService,
    startService,
    startInstance,
    stop,
  };
}
