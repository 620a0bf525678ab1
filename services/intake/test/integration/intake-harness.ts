import { ServiceHarness, startServiceForTest } from '@opis/service-harness';

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

/** Intake over a real socket, with its own migrated database and a NATS namespace of its own. */
export function startIntake(
  label: string,
  env: Record<string, string> = {},
  options: { natsUrl?: string } = {},
): Promise<IntakeHarness> {
  return startServiceForTest(INTAKE_UNDER_TEST, { label, env, natsUrl: options.natsUrl });
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
