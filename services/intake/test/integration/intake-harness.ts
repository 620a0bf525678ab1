import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

import { provisionJetStream } from '@opis/messaging';
import { ServiceHarness, startServiceForTest } from '@opis/service-harness';
import { sharedNatsUrl, testNamespace } from '@opis/testing';

import { INTAKE_SERVICE_NAME, IntakeConfig } from '../../src/intake.config';
import { IntakeModule } from '../../src/intake.module';
import { INTAKE_MIGRATIONS } from '../../src/intake.schema';

export type IntakeHarness = ServiceHarness<IntakeConfig>;

export const INTAKE_UNDER_TEST = {
  serviceName: INTAKE_SERVICE_NAME,
  configClass: IntakeConfig,
  migrations: INTAKE_MIGRATIONS,
  module: (config: IntakeConfig, options: { natsNamespace: string }) => IntakeModule.register(config, options),
};

/**
 * Intake over a real socket, with its own migrated database and a NATS namespace of its own. With
 * `stream`, its JetStream stream is provisioned first, as a deployment does, so that the relay
 * publishes its events (without, they end as outbox dead letters, which GET /v1/ops/messaging lists);
 * close() deletes it.
 */
export async function startIntake(
  label: string,
  env: Record<string, string> = {},
  options: { natsUrl?: string; stream?: boolean } = {},
): Promise<IntakeHarness> {
  if (!options.stream) return startServiceForTest(INTAKE_UNDER_TEST, { label, env, natsUrl: options.natsUrl });
  const namespace = testNamespace(label);
  const natsUrl = options.natsUrl ?? (await sharedNatsUrl());
  const nc = await connect({ servers: natsUrl, name: `intake-test-${label}` });
  try {
    await provisionJetStream(nc, { namespace, streams: [{ service: 'intake', maxAgeMs: 0, maxBytes: -1 }], consumers: [] });
    const intake = await startServiceForTest(INTAKE_UNDER_TEST, { label, env, natsUrl, namespace });
    const close = intake.close.bind(intake);
    return {
      ...intake,
      close: async () => {
        await close();
        const jsm = await jetstreamManager(nc);
        for await (const name of jsm.streams.names()) {
          if (name.startsWith(`${namespace}_`)) await jsm.streams.delete(name);
        }
        await nc.close();
      },
    };
  } catch (error) {
    await nc.close();
    throw error;
  }
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

/** The check before saving (POST /v1/duplicate-checks) of a registration's child: the fields it reads. */
export function duplicateCheck(child: Record<string, unknown> = {}, officeCode = 'CHP') {
  const { givenNames, familyNames, sex, dateOfBirth, age, nationality } = registration({ child }).child;
  return { officeCode, child: { givenNames, familyNames, sex, dateOfBirth, age, nationality } };
}

export const PERSONAL_TABLES = ['person', 'intake_case', 'outbox', 'idempotency_key'] as const;

/**
 * The If-Match a correction of the case sends: the ETag of its current version, read from the
 * database so that tests about something else add no reads to the audit trail.
 */
export async function ifMatchOf(harness: IntakeHarness, caseId: string): Promise<Record<string, string>> {
  const [row] = (await harness.dataSource.query('SELECT version FROM intake_case WHERE id = $1', [caseId])) as Array<{ version: number }>;
  return { 'if-match': `"${row?.version ?? 0}"` };
}

export async function counts(harness: IntakeHarness): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of PERSONAL_TABLES) result[table] = await harness.count(table);
  return result;
}
