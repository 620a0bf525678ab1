// What every launcher of the platform does before its services start, and the identity a test
// platform's services trust. `npm start`, startPlatform (end-to-end tests) and startPlatformHarness
// (chaos run, benchmarks) differ only in where the databases and NATS come from and in how they
// watch the processes (service-process.ts).
import { StdioOptions } from 'node:child_process';
import { join } from 'node:path';

import { OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';
import { createTestSigner, Role } from '@opis/platform';

import { runToEnd } from './service-process';

export interface PlatformPreparation<Service extends { name: string }> {
  services: readonly Service[];
  /** Makes (or finds) a service's database. */
  createDatabase(service: Service): Promise<void>;
  /**
   * Runs once every database exists, before the first migration: the effect recorder's
   * replication slots wait for every transaction under way when they are made.
   */
  beforeMigrations?(): Promise<void>;
  /** The environment of a service's migrations: the one the service itself starts with. */
  envOf(service: Service): NodeJS.ProcessEnv;
  natsUrl: string;
  /** Settings of the provisioning step beyond NATS_URL (e.g. CARE_DEDICATED_OFFICES). */
  provisionEnv?: Record<string, string>;
  /** Where migrations and provisioning write (default: only their errors). */
  output?: StdioOptions;
}

/**
 * Databases, then every service's migrations and the provisioning step as a deployment runs them
 * (the built dist/apps/provisioning, which provisions every deployed service's durables), all at
 * once: they touch different databases and NATS. Fails after all of them have ended, so that the
 * caller's clean-up never races a migration still running.
 */
export async function preparePlatform<Service extends { name: string }>(preparation: PlatformPreparation<Service>): Promise<void> {
  const { services, natsUrl, output } = preparation;
  for (const service of services) await preparation.createDatabase(service);
  await preparation.beforeMigrations?.();
  const steps = await Promise.allSettled([
    ...services.map((service) => runToEnd(join('services', service.name, 'src', 'migrate.js'), preparation.envOf(service), output)),
    runToEnd(join('apps', 'provisioning', 'src', 'main.js'), { PATH: process.env.PATH, NATS_URL: natsUrl, ...preparation.provisionEnv }, output),
  ]);
  const failed = steps.find((step) => step.status === 'rejected');
  if (failed) throw failed.reason;
}

/** The signing key a test platform's services trust, and the tokens its callers use. */
export interface TestIdentity {
  token(roles: Role[], offices: OfficeCode[], subject?: string): Promise<string>;
  /** A service's settings for this identity: the key it verifies with and its own service token. */
  envOf(service: string): Record<string, string>;
}

// The services that call legal-status with a service token of their own, as a deployment configures them.
const LEGAL_STATUS_CALLERS = ['family-contact', 'repatriation'];

export async function createTestIdentity(): Promise<TestIdentity> {
  const signer = createTestSigner();
  const serviceTokens = new Map<string, string>();
  for (const service of LEGAL_STATUS_CALLERS) {
    serviceTokens.set(service, await signer.mint({ subject: `svc-${service}`, roles: ['integration'], offices: [...OFFICE_CODES] }));
  }
  return {
    token: (roles, offices, subject = `officer-${offices.join('-') || 'none'}`) => signer.mint({ subject, roles, offices }),
    envOf: (service) => {
      const legalStatusToken = serviceTokens.get(service);
      return {
        JWT_PUBLIC_KEY: signer.publicKeyPem,
        JWT_ISSUER: signer.issuer,
        JWT_AUDIENCE: signer.audience,
        // Tests race hundreds of requests from one subject and the benchmarks' load comes from a few
        // subjects on one address: they measure the services, not the per-client limit (which has its own test).
        RATE_LIMIT_MAX: '100000000',
        // Field encryption keys made on first use under .dev-keys/ (as `npm start` does); services
        // that encrypt nothing ignore it.
        FIELD_DEV_KEYS: 'true',
        ...(legalStatusToken ? { LEGAL_STATUS_TOKEN: legalStatusToken } : {}),
      };
    },
  };
}
