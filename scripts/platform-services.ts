/** The services `npm start`, provisioning, deployments, the end-to-end tests and benchmarks know of. Add each new service here. */
import { ConsumerSpec } from '@opis/messaging';

import { CARE_CONSUMERS } from '../services/care/src/care.consumers';
import { FAMILY_CONTACT_CONSUMERS } from '../services/family-contact/src/family-contact.consumers';
import { GATEWAY_CONSUMERS } from '../services/gateway/src/gateway.consumers';
import { LEGAL_STATUS_CONSUMERS } from '../services/legal-status/src/legal-status.consumers';
import { NOTIFICATIONS_CONSUMERS, NOTIFICATIONS_DEADLETTER_CONSUMER } from '../services/notifications/src/notifications.consumers';
import { REPATRIATION_CONSUMERS } from '../services/repatriation/src/repatriation.consumers';
import { STATISTICS_CONSUMERS } from '../services/statistics/src/statistics.consumers';

/** The services of the platform: each owns a database and an API agency IT generates clients from. */
export type PlatformServiceName = 'intake' | 'care' | 'family-contact' | 'legal-status' | 'repatriation' | 'statistics' | 'notifications';

export interface PlatformService<Name extends string = PlatformServiceName | 'gateway'> {
  name: Name;
  port: number;
  database: string;
  /** The durable consumers the service reads with; the provisioning step creates them. */
  consumers: readonly ConsumerSpec[];
  /** Durables every instance shares whatever its offices (never split into per-office durables). */
  sharedConsumers?: readonly ConsumerSpec[];
  /** Settings for this machine and tests beyond the common ones (dev keys; never a deployment's). */
  localEnv?: Record<string, string>;
}

export const PLATFORM_SERVICES: readonly PlatformService<PlatformServiceName>[] = [
  { name: 'intake', port: 3001, database: 'opis_intake', consumers: [] },
  {
    name: 'care',
    port: 3002,
    database: 'opis_care',
    consumers: CARE_CONSUMERS,
    // Health, incident and delivery notes are encrypted at rest (keys made on first use under .dev-keys/).
    localEnv: { FIELD_DEV_KEYS: 'true' },
  },
  {
    name: 'family-contact',
    port: 3003,
    database: 'opis_family_contact',
    consumers: FAMILY_CONTACT_CONSUMERS,
    // Field encryption keys made on first use under .dev-keys/ (refused in production).
    localEnv: { FIELD_DEV_KEYS: 'true' },
  },
  {
    name: 'legal-status',
    port: 3004,
    database: 'opis_legal_status',
    consumers: LEGAL_STATUS_CONSUMERS,
    // The child's own words are encrypted at rest (keys made on first use under .dev-keys/).
    localEnv: { FIELD_DEV_KEYS: 'true' },
  },
  {
    name: 'repatriation',
    port: 3005,
    database: 'opis_repatriation',
    consumers: REPATRIATION_CONSUMERS,
    // The follow-up note after a return is encrypted at rest (keys made on first use under .dev-keys/).
    localEnv: { FIELD_DEV_KEYS: 'true' },
  },
  { name: 'statistics', port: 3006, database: 'opis_statistics', consumers: STATISTICS_CONSUMERS },
  {
    name: 'notifications',
    port: 3007,
    database: 'opis_notifications',
    consumers: NOTIFICATIONS_CONSUMERS,
    sharedConsumers: [NOTIFICATIONS_DEADLETTER_CONSUMER],
    // Alerts go by email to the local mail catcher `npm start` runs (scripts/mail-catcher.ts).
    localEnv: { NOTIFY_SMTP_URL: 'smtp://127.0.0.1:1025', NOTIFY_LINK_BASE_URL: 'http://127.0.0.1:3007' },
  },
];

/**
 * The officers' console's gateway (issue 23): the built console, the services behind one origin and
 * the case timeline. Deployed beside the services (DEPLOYED_SERVICES), but not among
 * PLATFORM_SERVICES: it has no API of its own for agency IT's clients, and the chaos run, the
 * benchmarks and `npm run docs` leave it out.
 */
export const CONSOLE_GATEWAY: PlatformService<'gateway'> = {
  name: 'gateway',
  port: 3000,
  database: 'opis_gateway',
  consumers: GATEWAY_CONSUMERS,
  // Where each service answers here (INTAKE_URL ... NOTIFICATIONS_URL), from the list above: not
  // the gateway's defaults, nor a <SERVICE>_URL exported in the shell for the demo.
  localEnv: Object.fromEntries(PLATFORM_SERVICES.map((service) => [`${service.name.toUpperCase().replace(/-/g, '_')}_URL`, `http://127.0.0.1:${service.port}`])),
};

/**
 * What a deployment runs and its provisioning Job provisions (Compose, Kubernetes, the images), and `npm start`:
 * the services and the console's gateway. deploy/test reads this list from the build.
 */
export const DEPLOYED_SERVICES: readonly PlatformService[] = [...PLATFORM_SERVICES, CONSOLE_GATEWAY];

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
