import { DynamicModule } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource, MigrationInterface } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import {
  BaseServiceConfig,
  createHttpApp,
  createTestSigner,
  loadConfig,
  Principal,
  Role,
  runMigrations,
  TestSigner,
} from '@opis/platform';

import { createTestDatabase, sharedNatsUrl, TestDatabase, testNamespace } from '@opis/testing';


export interface TestResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ServiceHarness<C extends BaseServiceConfig> {
  url: string;
  app: NestFastifyApplication;
  db: TestDatabase;
  dataSource: DataSource;
  namespace: string;
  config: C;
  signer: TestSigner;
  token(roles: Role[], offices: OfficeCode[], subject?: string): Promise<string>;
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  count(table: string): Promise<number>;
  close(): Promise<void>;
}

export interface ServiceUnderTest<C extends BaseServiceConfig> {
  serviceName: string;
  configClass: new () => C;
  migrations: (new () => MigrationInterface)[];
  module(config: C, options: { natsNamespace: string }): DynamicModule;
}

export interface StartServiceOptions {
  /** Names the database and, unless `namespace` is given, the NATS namespace. */
  label: string;
  env?: Record<string, string>;
  natsUrl?: string;
  /** Services that must hear each other in one test share a namespace. */
  namespace?: string;
  /** Services that must accept each other's tokens share a signer. */
  signer?: TestSigner;
}

/** A service over a real socket, with its own migrated database and its own NATS namespace. */
export async function startServiceForTest<C extends BaseServiceConfig>(
  service: ServiceUnderTest<C>,
  options: StartServiceOptions,
): Promise<ServiceHarness<C>> {
  const db = await createTestDatabase(`${service.serviceName.replace(/-/g, '_')}_${options.label}`);
  try {
    await runMigrations(db.url, service.migrations);
    const signer = options.signer ?? createTestSigner();
    const namespace = options.namespace ?? testNamespace(options.label);
    const config = loadConfig(service.configClass, {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      NATS_URL: options.natsUrl ?? (await sharedNatsUrl()),
      JWT_PUBLIC_KEY: signer.publicKeyPem,
      JWT_ISSUER: signer.issuer,
      JWT_AUDIENCE: signer.audience,
      LOG_LEVEL: 'silent',
      // The fuzzers send 5,000 requests from one address; the per-client limit has its own test.
      RATE_LIMIT_MAX: '100000000',
      // /metrics is on a port of its own; metricsUrlOf(app) finds it.
      METRICS_PORT: '0',
      ...options.env,
    });
    const app = await createHttpApp(service.module(config, { natsNamespace: namespace }), {
      config,
      serviceName: service.serviceName,
      title: `OPIS ${service.serviceName} (test)`,
      description: 'test',
    });
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    const dataSource = app.get(DataSource);
    return {
      url,
      app,
      db,
      dataSource,
      namespace,
      config,
      signer,
      token: (roles, offices, subject = `officer-${offices.join('-') || 'none'}`) =>
        signer.mint({ subject, roles, offices } satisfies Principal),
      request: (method, path, requestOptions) => httpRequest(url, method, path, requestOptions),
      count: async (table) => Number((await dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n),
      close: async () => {
        await app.close();
        await db.drop();
      },
    };
  } catch (error) {
    await db.drop().catch(() => undefined);
    throw error;
  }
}

/** JSON over HTTP the way a client sends it; the body is parsed when there is one. */
export async function httpRequest(
  baseUrl: string,
  method: string,
  path: string,
  { token, body, headers = {} }: RequestOptions = {},
): Promise<TestResponse> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}
