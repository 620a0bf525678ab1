// `npm run outbox:republish -- --service intake --since 2026-11-01T00:00:00Z`: publishes a
// service's outbox rows created since then again, with Nats-Msg-Id = event id, to refill a stream
// that lost messages (or a new one). Copies within JetStream's duplicate window are dropped and
// consumers' inboxes skip the events they applied, so running it twice is harmless.
// The service's database: DATABASE_URL (the server; the service's database name is taken from
// platform-services.ts) or SERVICE_DATABASE_URL (that database itself); NATS_URL as for npm start.
import { connect } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';

import { republishOutbox } from '@opis/messaging';
import { natsConnectOptions, runTool, UsageError } from '@opis/platform';
import { databaseUrl, DEFAULT_DATABASE_URL, DEFAULT_NATS_URL, PLATFORM_SERVICES } from '@opis/platform-services';


function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const service = PLATFORM_SERVICES.find((candidate) => candidate.name === option('service'));
  const sinceText = option('since');
  if (!service || !sinceText || Number.isNaN(Date.parse(sinceText))) {
    throw new UsageError(
      `usage: npm run outbox:republish -- --service <${PLATFORM_SERVICES.map((s) => s.name).join('|')}> --since <ISO 8601 time>`,
    );
  }
  const url = process.env.SERVICE_DATABASE_URL ?? databaseUrl(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, service.database);
  const dataSource = new DataSource({ type: 'postgres', url, applicationName: 'opis-outbox-republish' });
  await dataSource.initialize();
  const nc = await connect({ ...natsConnectOptions(process.env.NATS_URL ?? DEFAULT_NATS_URL), name: 'opis-outbox-republish' });
  try {
    const result = await republishOutbox(dataSource, nc, { since: new Date(sinceText) });
    console.log(`${service.name}: ${result.published} events published again, ${result.duplicates} dropped as duplicates (still in the stream)`);
  } finally {
    await nc.drain();
    await dataSource.destroy();
  }
}

runTool(main);
