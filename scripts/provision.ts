// Provisions the JetStream streams of every service and the durable consumers of the services that
// exist. Idempotent, like a migration: run before services start (`npm start` does; compose runs it
// as a job). A stream exists before its producer does, so its subscribers can be provisioned first.
import { connect } from '@nats-io/transport-node';

import { SERVICE_NAMES } from '@opis/contracts-envelope';
import { provisionJetStream } from '@opis/messaging';

import { DEFAULT_NATS_URL, PLATFORM_SERVICES } from './platform-services';

const DAY_MS = 86_400_000;

export async function provisionPlatform(natsUrl: string): Promise<void> {
  const nc = await connect({ servers: natsUrl, name: 'opis-provisioner' });
  try {
    const result = await provisionJetStream(nc, {
      // Downstream systems replay from the start of a stream: keep a year of events.
      streams: SERVICE_NAMES.map((service) => ({ service, maxAgeMs: 365 * DAY_MS, maxBytes: -1 })),
      consumers: PLATFORM_SERVICES.flatMap((service) => service.consumers),
    });
    for (const stream of result.streams) console.log(`stream ${stream.name}: ${stream.action}`);
    for (const consumer of result.consumers) console.log(`consumer ${consumer.stream}/${consumer.durable}: ${consumer.action}`);
  } finally {
    await nc.close();
  }
}

if (require.main === module) {
  provisionPlatform(process.env.NATS_URL ?? DEFAULT_NATS_URL).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
