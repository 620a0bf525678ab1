import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import { createHttpApp, createTestSigner, loadConfig, Principal, Role, runMigrations } from '@opis/platform';
import { createTestDatabase, sharedNatsUrl, TestDatabase, testNamespace } from '@opis/testing';

import { INTAKE_SERVICE_NAME, IntakeConfig } from '../../src/intake.config';
import { IntakeModule } from '../../src/intake.module';
import { INTAKE_MIGRATIONS } from '../../src/intake.schema';

export interface IntakeHarness {
  url: string;
  app: NestFastifyApplication;
  db: TestDatabase;
  dataSource: DataSource;
  namespace: string;
  config: IntakeConfig;
  token(roles: Role[], offices: OfficeCode[], subject?: string): Promise<string>;
  request(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<TestResponse>;
  count(table: string): Promise<number>;
  close(): Promise<void>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** Intake over a real socket, with its own migrated database and a NATS namespace of its own. */
export async function startIntake(
  label: string,
  env: Record<string, string> = {},
  options: { natsUrl?: string } = {},
): Promise<IntakeHarness> {
  const db = await createTestDatabase(`intake_${label}`);
  await runMigrations(db.url, INTAKE_MIGRATIONS);
  const signer = createTestSigner();
  const namespace = testNamespace(label);
  const config = loadConfig(IntakeConfig, {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    NATS_URL: options.natsUrl ?? (await sharedNatsUrl()),
    JWT_PUBLIC_KEY: signer.publicKeyPem,
    JWT_ISSUER: signer.issuer,
    JWT_AUDIENCE: signer.audience,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await createHttpApp(IntakeModule.register(config, { natsNamespace: namespace }), {
    config,
    serviceName: INTAKE_SERVICE_NAME,
    title: 'OPIS intake (test)',
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
    token: (roles, offices, subject = `officer-${offices.join('-') || 'none'}`) =>
      signer.mint({ subject, roles, offices } satisfies Principal),
    request: async (method, path, { token, body, headers = {} } = {}) => {
      const response = await fetch(`${url}${path}`, {
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
    },
    count: async (table) => Number((await dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n),
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

/** A date of birth that makes a child `years` old now (and for the next weeks). */
export function bornYearsAgo(years: number): string {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() - years);
  date.setUTCDate(date.getUTCDate() - 40);
  return date.toISOString().slice(0, 10);
}

/** A valid registration of an unaccompanied adolescent in Chiapas; override what a test varies. */
export function registration(overrides: {
  child?: Record<string, unknown>;
  encounter?: Record<string, unknown>;
  screening?: Record<string, unknown>;
} = {}) {
  return {
    child: {
      givenNames: 'María José',
      familyNames: 'Pérez López',
      sex: 'F',
      dateOfBirth: bornYearsAgo(15),
      age: { years: 15, status: 'DOCUMENTED' },
      nationality: 'GT',
      countryOfResidence: 'GT',
      languages: ['spa', 'quc'],
      speaksSpanish: 'PARTIAL',
      ...overrides.child,
    },
    encounter: {
      officeCode: 'CHP',
      migrationPoint: 'Ciudad Hidalgo',
      detectedAt: new Date(Date.now() - 60 * 60_000).toISOString(),
      entryPath: 'DETECTED',
      accompaniment: 'UNACCOMPANIED',
      ...overrides.encounter,
    },
    screening: {
      protectionNeedIndicated: false,
      traffickingIndicators: false,
      medicalEmergency: false,
      disability: false,
      pregnant: false,
      ...overrides.screening,
    },
  };
}

export const PERSONAL_TABLES = ['person', 'intake_case', 'outbox', 'idempotency_record'] as const;

export async function counts(harness: IntakeHarness): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of PERSONAL_TABLES) result[table] = await harness.count(table);
  return result;
}
