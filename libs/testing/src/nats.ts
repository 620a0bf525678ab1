import { randomBytes } from 'node:crypto';

import { connect } from '@nats-io/transport-node';

const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

let natsUrlPromise: Promise<string> | undefined;

async function answers(url: string): Promise<boolean> {
  try {
    const nc = await connect({ servers: url, timeout: 2_000, reconnect: false });
    await nc.close();
    return true;
  } catch {
    return false;
  }
}

/**
 * The NATS (with JetStream) that tests share: NATS_URL (or the local default) when it
 * answers, otherwise a NATS container from testcontainers, started once per worker.
 * Tests on it isolate themselves with `testNamespace()`.
 */
export function sharedNatsUrl(): Promise<string> {
  natsUrlPromise ??= (async () => {
    const configured = process.env.NATS_URL ?? DEFAULT_NATS_URL;
    if (await answers(configured)) return configured;
    const { NatsContainer } = await import('@testcontainers/nats');
    const container = await new NatsContainer('nats:2.10').withArg('-js', '').start();
    return container.getConnectionOptions().servers as string;
  })();
  return natsUrlPromise;
}

/** A prefix unique to one test file, for stream names and subjects on the shared NATS. */
export function testNamespace(label: string): string {
  const safeLabel = label.toLowerCase().replace(/[^a-z0-9]+/g, '').slice(0, 12);
  return `t${safeLabel}${randomBytes(3).toString('hex')}`;
}
