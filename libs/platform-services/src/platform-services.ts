/**
 * The services `npm start`, provisioning, deployments, the end-to-end tests, the chaos run and the
 * benchmarks know of. Their names, ports and databases are in services.json, which boundary lint
 * reads too (its scopes); what each reads with (its durables) is in consumers/.
 */
import { ConsumerSpec } from '@opis/messaging';

import { CARE_CONSUMERS } from './consumers/care.consumers';
import { FAMILY_CONTACT_CONSUMERS } from './consumers/family-contact.consumers';
import { GATEWAY_CONSUMERS } from './consumers/gateway.consumers';
import { LEGAL_STATUS_CONSUMERS } from './consumers/legal-status.consumers';
import { NOTIFICATIONS_CONSUMERS, NOTIFICATIONS_DEADLETTER_CONSUMER } from './consumers/notifications.consumers';
import { REPATRIATION_CONSUMERS } from './consumers/repatriation.consumers';
import { STATISTICS_CONSUMERS } from './consumers/statistics.consumers';
import SERVICE_LIST from './services.json';

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

/** How each service is wired beyond its name, port and database: its durables and local settings. */
type ServiceWiring = Pick<PlatformService, 'consumers' | 'sharedConsumers' | 'localEnv'>;

// Field encryption keys made on first use under .dev-keys/ (refused in production): care's health,
// incident and delivery notes, family-contact's contacts, the child's own words in legal-status,
// repatriation's follow-up note.
const FIELD_DEV_KEYS = { FIELD_DEV_KEYS: 'true' };

const WIRING: Record<PlatformServiceName, ServiceWiring> = {
  intake: { consumers: [] },
  care: { consumers: CARE_CONSUMERS, localEnv: FIELD_DEV_KEYS },
  'family-contact': { consumers: FAMILY_CONTACT_CONSUMERS, localEnv: FIELD_DEV_KEYS },
  'legal-status': { consumers: LEGAL_STATUS_CONSUMERS, localEnv: FIELD_DEV_KEYS },
  repatriation: { consumers: REPATRIATION_CONSUMERS, localEnv: FIELD_DEV_KEYS },
  statistics: { consumers: STATISTICS_CONSUMERS },
  notifications: {
    consumers: NOTIFICATIONS_CONSUMERS,
    sharedConsumers: [NOTIFICATIONS_DEADLETTER_CONSUMER],
    // Alerts go by email to the local mail catcher `npm start` runs (tools/cli/src/mail-catcher.ts).
    localEnv: { NOTIFY_SMTP_URL: 'smtp://127.0.0.1:1025', NOTIFY_LINK_BASE_URL: 'http://127.0.0.1:3007' },
  },
};

interface ListedService {
  name: string;
  port: number;
  database: string;
  console?: boolean;
}

function isPlatformServiceName(name: string): name is PlatformServiceName {
  return Object.hasOwn(WIRING, name);
}

const LISTED: readonly ListedService[] = SERVICE_LIST;
const unwired = LISTED.filter((service) => !service.console && !isPlatformServiceName(service.name)).map((service) => service.name);
// A service in services.json without its wiring here would start without its durables.
if (unwired.length > 0) throw new Error(`services.json lists ${unwired.join(', ')} without wiring in platform-services.ts`);

export const PLATFORM_SERVICES: readonly PlatformService<PlatformServiceName>[] = LISTED.filter((service) => !service.console).map((service) => {
  const name = service.name as PlatformServiceName;
  return { name, port: service.port, database: service.database, ...WIRING[name] };
});

const consoleGateway = LISTED.find((service) => service.console);
if (!consoleGateway) throw new Error('services.json lists no console gateway');

/**
 * The officers' console's gateway (issue 23): the built console, the services behind one origin and
 * the case timeline. Deployed beside the services (DEPLOYED_SERVICES), but not among
 * PLATFORM_SERVICES: it has no API of its own for agency IT's clients, and the chaos run, the
 * benchmarks and `npm run docs` leave it out.
 */
export const CONSOLE_GATEWAY: PlatformService<'gateway'> = {
  name: 'gateway',
  port: consoleGateway.port,
  database: consoleGateway.database,
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
