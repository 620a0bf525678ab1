// Provisions the JetStream streams of every service and the durable consumers of the services that
// exist. Idempotent, like a migration: run before services start (`npm start` does; compose runs it
// as a job). A stream exists before its producer does, so its subscribers can be provisioned first.
import { connect } from '@nats-io/transport-node';

import { isOfficeCode, OfficeCode, SERVICE_NAMES } from '@opis/contracts-envelope';
import { provisionedConsumers, provisionJetStream } from '@opis/messaging';
import { natsConnectOptions } from '@opis/platform';

import { DEFAULT_NATS_URL, DEPLOYED_SERVICES, PLATFORM_SERVICES, PlatformService } from './platform-services';

const DAY_MS = 86_400_000;

/**
 * Copies of each stream (and its consumers): 1 on one server (`npm start`, compose), 3 on the
 * three-server JetStream cluster of deploy/k8s, whose production overlay sets STREAM_REPLICAS=3.
 */
export function streamReplicas(value = process.env.STREAM_REPLICAS): number {
  if (value === undefined || value.trim() === '') return 1;
  const replicas = Number(value);
  // JetStream wants an odd number (a quorum) and allows at most 5.
  if (![1, 3, 5].includes(replicas)) throw new Error(`STREAM_REPLICAS must be 1, 3 or 5, not "${value}"`);
  return replicas;
}

/**
 * The offices with instances of their own, per service: `<SERVICE>_DEDICATED_OFFICES=CHP,TAB`
 * (e.g. CARE_DEDICATED_OFFICES), the value the service's instance without OFFICES gets as
 * DEDICATED_OFFICES. Each dedicated office gets its own durables (`<durable>-chp`).
 */
export function dedicatedOffices(service: PlatformService['name'], env: NodeJS.ProcessEnv = process.env): OfficeCode[] {
  const variable = `${service.toUpperCase().replace(/-/g, '_')}_DEDICATED_OFFICES`;
  const offices = (env[variable] ?? '').split(',').map((office) => office.trim()).filter((office) => office !== '');
  const unknown = offices.filter((office) => !isOfficeCode(office));
  if (unknown.length > 0) throw new Error(`${variable}: unknown office code(s) ${unknown.join(', ')}`);
  return offices as OfficeCode[];
}

/**
 * The services' durables unless told (benchmarks); `node dist/scripts/provision.js` (the Kubernetes
 * Job, Compose's `migrate`) provisions DEPLOYED_SERVICES, as `npm start` does: both with
 * the console's gateway.
 */
export async function provisionPlatform(natsUrl: string, replicas = streamReplicas(), services: readonly PlatformService[] = PLATFORM_SERVICES): Promise<void> {
  const nc = await connect({ ...natsConnectOptions(natsUrl), name: 'opis-provisioner' });
  try {
    const result = await provisionJetStream(nc, {
      // Downstream systems replay from the start of a stream: keep a year of events.
      streams: SERVICE_NAMES.map((service) => ({ service, maxAgeMs: 365 * DAY_MS, maxBytes: -1, replicas })),
      consumers: services.flatMap((service) => [
        ...provisionedConsumers(service.consumers, dedicatedOffices(service.name)),
        ...(service.sharedConsumers ?? []),
      ]),
      deadLetter: { maxAgeMs: 90 * DAY_MS, maxBytes: -1, replicas },
    });
    for (const stream of result.streams) console.log(`stream ${stream.name}: ${stream.action}`);
    for (const consumer of result.consumers) console.log(`consumer ${consumer.stream}/${consumer.durable}: ${consumer.action}`);
  } finally {
    await nc.close();
  }
}

if (require.main === module) {
  provisionPlatform(process.env.NATS_URL ?? DEFAULT_NATS_URL, streamReplicas(), DEPLOYED_SERVICES).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
