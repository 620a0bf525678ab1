import { NatsConnection } from '@nats-io/nats-core';

import { OutboxRelay } from '../../src';
import { caseIds, connectNats, count, NatsServerProcess, openTestStore, provisionIntake, TestStore, touch, waitFor, writeEvents } from './support';

// Found by `npm run bench:platform`: after a NATS outage the relay waited out a publish backoff
// grown during the outage (up to maxBackoffMs) before draining the backlog, although the server
// was back. The reconnect now ends the backoff.
describe('outbox relay after a NATS outage (private nats-server)', () => {
  let server: NatsServerProcess;
  let store: TestStore;
  let nc: NatsConnection;
  let relay: OutboxRelay;

  beforeAll(async () => {
    [server, store] = await Promise.all([NatsServerProcess.start(), openTestStore('relay_reconnect')]);
    nc = await connectNats(server.url, 'relay');
    await provisionIntake(nc, undefined, []);
  });

  afterAll(async () => {
    await relay?.stop();
    await nc?.close();
    await store?.close();
    await server?.dispose();
  });

  it('publishes the backlog as soon as the connection is back, not after its backoff', async () => {
    // A backoff far longer than the wait below: only the reconnect can end it in time.
    const warnings: string[] = [];
    const logger = { log: () => undefined, warn: (message: string) => void warnings.push(message), error: () => undefined };
    relay = new OutboxRelay(store.dataSource, nc, { publishTimeoutMs: 300, minBackoffMs: 60_000, maxBackoffMs: 60_000, pollIntervalMs: 500, logger });
    relay.start();
    await server.stop('SIGKILL');
    await writeEvents(store.dataSource, caseIds(5).map((caseId) => touch(caseId, 1)));
    const unpublished = () => count(store.dataSource, 'SELECT count(*) FROM outbox WHERE published_at IS NULL');
    // The warning is logged as the relay enters its backoff.
    await waitFor('the relay failed to publish and backed off', () => warnings.some((message) => message.startsWith('outbox publish failed')));
    expect(await unpublished()).toBe(5);
    await server.restart();
    await waitFor('the backlog published', async () => (await unpublished()) === 0, { timeoutMs: 15_000 });
  });
});
