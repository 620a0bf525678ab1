// Provisions the JetStream streams of every service and the durable consumers of the services that
// exist. Idempotent, like a migration: run before services start (`npm start` does; compose runs it
// as a job). A stream exists before its producer does, so its subscribers can be provisioned first.
import { connect } from '@nats-io/transport-node';

import { OfficeCode, SERVICE_NAMES } from '@opis/contracts-envelope';
import { provisionedConsumers, provisionJetStream } from '@opis/messaging';
import { natsConnectOptions } from '@opis/platform';

import { PLATFORM_SERVICES, PlatformService } from './platform-services';

const DAY_MS = 86_400_000;

/** Copies of each stream (and its consumers) JetStream allows: an odd number, a quorum, at most 5. */
export const STREAM_REPLICA_COUNTS = [1, 3, 5] as const;

export interface ProvisionOptions {
  /**
   * Copies of each stream (and its consumers): 1 on one server (`npm start`, compose), 3 on the
   * three-server JetStream cluster of deploy/k8s, whose production overlay sets STREAM_REPLICAS=3.
   */
  replicas?: number;
  /** The services whose durables to create: PLATFORM_SERVICES unless told (benchmarks). */
  services?: readonly PlatformService[];
  /**
   * The offices with instances of their own, per service (`CARE_DEDICATED_OFFICES=CHP,TAB`, read by
   * apps/provisioning's config): each dedicated office gets its own durables (`<durable>-chp`).
   */
  dedicatedOffices?: Partial<Record<PlatformService['name'], readonly OfficeCode[]>>;
  /** Where each step is reported (one line per stream and consumer). */
  report?: (line: string) => void;
}

/**
 * Creates or updates every stream and the durables of the services listed. Idempotent, like a
 * migration: `npm start`, the end-to-end tests and apps/provisioning (the Kubernetes Job,
 * Compose's `migrate`) run it before the services start.
 */
export async function provisionPlatform(natsUrl: string, options: ProvisionOptions = {}): Promise<void> {
  const { replicas = 1, services = PLATFORM_SERVICES, dedicatedOffices = {}, report = () => undefined } = options;
  const nc = await connect({ ...natsConnectOptions(natsUrl), name: 'opis-provisioner' });
  try {
    const result = await provisionJetStream(nc, {
      // Downstream systems replay from the start of a stream: keep a year of events.
      streams: SERVICE_NAMES.map((service) => ({ service, maxAgeMs: 365 * DAY_MS, maxBytes: -1, replicas })),
      consumers: services.flatMap((service) => [
        ...provisionedConsumers(service.consumers, dedicatedOffices[service.name] ?? []),
        ...(service.sharedConsumers ?? []),
      ]),
      deadLetter: { maxAgeMs: 90 * DAY_MS, maxBytes: -1, replicas },
    });
    for (const stream of result.streams) report(`stream ${stream.name}: ${stream.action}`);
    for (const consumer of result.consumers) report(`consumer ${consumer.stream}/${consumer.durable}: ${consumer.action}`);
  } finally {
    await nc.close();
  }
}
