import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

import { apiCaller } from '../api/client';
import { Outbox } from './outbox';
import { memoryStore } from './store';
import { Vault } from './vault';

interface Received {
  path: string;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
  body: unknown;
}

/** A gateway stand-in on a real socket: answers 201, or 409 problem+json for paths ending /taken. */
async function startServer(received: Received[]): Promise<{ server: Server; origin: string }> {
  const server = createServer(async (request: IncomingMessage, response) => {
    let text = '';
    for await (const chunk of request) text += String(chunk);
    received.push({
      path: request.url ?? '',
      idempotencyKey: request.headers['idempotency-key'] as string | undefined,
      authorization: request.headers.authorization,
      body: JSON.parse(text),
    });
    if (request.url?.endsWith('/taken')) {
      response.writeHead(409, { 'content-type': 'application/problem+json' });
      response.end(JSON.stringify({ status: 409, code: 'STATE_CONFLICT', detail: 'the case moved on' }));
      return;
    }
    response.writeHead(201, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ caseNumber: 'CHP-2026-000001' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const registration = { service: 'intake', method: 'POST', path: '/v1/cases', body: { child: { givenNames: 'Ixchel' } }, kind: 'register', label: 'Ixchel' } as const;

describe('Outbox', () => {
  it('keeps entries sealed: the store holds no name in clear, and sign-out leaves nothing', async () => {
    const store = memoryStore();
    const outbox = new Outbox(await Vault.open(store));
    await outbox.add({ ...registration, idempotencyKey: 'k-1' });

    const stored = [...store.raw.values()].map((value) => (value instanceof CryptoKey ? '' : Buffer.from((value as { data: ArrayBuffer }).data).toString('latin1')));
    expect(stored.join('')).not.toContain('Ixchel');
    expect((await outbox.list()).map((entry) => entry.body)).toEqual([{ child: { givenNames: 'Ixchel' } }]);

    await (await Vault.open(store)).destroy();
    expect(store.raw.size).toBe(0);
  });

  it('sends oldest first with each entry’s Idempotency-Key; a refusal stays as a conflict, the rest are removed', async () => {
    const received: Received[] = [];
    const { server, origin } = await startServer(received);
    try {
      const outbox = new Outbox(await Vault.open(memoryStore()));
      await outbox.add({ ...registration, idempotencyKey: 'k-1' });
      await outbox.add({ ...registration, kind: 'delivery', path: '/v1/cases/c-1/needs/FOOD/taken', idempotencyKey: 'k-2', label: 'meal' });

      const report = await outbox.sync(apiCaller('token-1', origin));

      expect(received.map((request) => [request.path, request.idempotencyKey, request.authorization])).toEqual([
        ['/api/intake/v1/cases', 'k-1', 'Bearer token-1'],
        ['/api/intake/v1/cases/c-1/needs/FOOD/taken', 'k-2', 'Bearer token-1'],
      ]);
      expect(report.synced.map((synced) => [synced.entry.idempotencyKey, synced.result])).toEqual([['k-1', { caseNumber: 'CHP-2026-000001' }]]);
      const left = await outbox.list();
      expect(left.map((entry) => [entry.idempotencyKey, entry.state, entry.problem?.code])).toEqual([['k-2', 'conflict', 'STATE_CONFLICT']]);

      // A conflict is not sent again until the officer asks.
      await outbox.sync(apiCaller('token-1', origin));
      expect(received).toHaveLength(2);
      await outbox.retry(left[0]);
      await outbox.sync(apiCaller('token-1', origin));
      expect(received.map((request) => request.idempotencyKey)).toEqual(['k-1', 'k-2', 'k-2']);
    } finally {
      server.close();
    }
  });

  it('stops at the first request that finds no connection and keeps everything for later', async () => {
    const received: Received[] = [];
    const { server, origin } = await startServer(received);
    await new Promise((resolve) => server.close(resolve));
    const outbox = new Outbox(await Vault.open(memoryStore()));
    await outbox.add({ ...registration, idempotencyKey: 'k-1' });
    await outbox.add({ ...registration, idempotencyKey: 'k-2' });

    const report = await outbox.sync(apiCaller('token-1', origin));

    expect(report.stoppedBy).toBe('offline');
    expect((await outbox.list()).map((entry) => [entry.idempotencyKey, entry.state])).toEqual([
      ['k-1', 'pending'],
      ['k-2', 'pending'],
    ]);
  });
});
