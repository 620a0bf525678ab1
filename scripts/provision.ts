// Provisions the JetStream streams (and, as services appear, their durable consumers). Idempotent,
// like a migration: run before services start (`npm start` does; compose runs it as a job).
import { connect } from '@nats-io/transport-node';

import { provisionJetStream } from '@opis/messaging';

import { DEFAULT_NATS_URL, PLATFORM_SERVICES } from './platform-services';

const DAY_MS = 86_400_000;

export async function provisionPlatform(natsUrl: string): Promise<void> {
  const nc = await connect({ servers: natsUrl, name: 'opis-provisioner' });
  try {
    const result = await provisionJetStream(nc, {
      // Downstream systems replay from the start of a stream: keep a year of events.
      streams: PLATFORM_SERVICES.map((service) => ({ service: service.name, maxAgeMs: 365 * DAY_MS, maxBytes: -1 })),
      consumers: [],
    });
    for (const stream of result.streams) console.log(`stream ${stream.name}: ${stream.action}`);
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
