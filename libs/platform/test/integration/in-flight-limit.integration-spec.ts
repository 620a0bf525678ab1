import Fastify, { FastifyInstance } from 'fastify';

import { waitFor } from '@opis/testing';

import { limitInFlight } from '../../src/http/in-flight-limit';

describe('limitInFlight over HTTP', () => {
  let server: FastifyInstance;
  let baseUrl: string;
  let inFlight: () => number;
  let handled = 0;
  let release: () => void = () => undefined;
  let released = Promise.resolve();

  beforeAll(async () => {
    // fetch keeps its connections open: closing the server ends them.
    server = Fastify({ forceCloseConnections: true });
    inFlight = limitInFlight(server, 2);
    server.get('/slow', async () => {
      handled += 1;
      await released;
      return { done: true };
    });
    server.get('/health/ready', async () => ({ status: 'ok' }));
    baseUrl = await server.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    release();
    await server.close();
  });

  function holdSlowRequests(): void {
    released = new Promise<void>((resolve) => (release = resolve));
  }

  it('refuses a request over the limit at once with 503 SERVICE_BUSY, before its handler, and never a probe', async () => {
    holdSlowRequests();
    handled = 0;
    const slow = [fetch(`${baseUrl}/slow`), fetch(`${baseUrl}/slow`)];
    await waitFor('two requests in progress', () => handled === 2);

    const refused = await fetch(`${baseUrl}/slow?name=secret`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ status: 503, code: 'SERVICE_BUSY', instance: '/slow' });
    expect(handled).toBe(2);
    expect((await fetch(`${baseUrl}/health/ready`)).status).toBe(200);

    release();
    expect((await Promise.all(slow)).map((response) => response.status)).toEqual([200, 200]);
    await waitFor('the slots released', () => inFlight() === 0);
    expect((await fetch(`${baseUrl}/slow`)).status).toBe(200);
  });

  it('releases the slot of a request its caller abandoned', async () => {
    holdSlowRequests();
    handled = 0;
    const abandoned = new AbortController();
    const pending = fetch(`${baseUrl}/slow`, { signal: abandoned.signal }).catch((error: unknown) => error);
    await waitFor('the request in progress', () => inFlight() === 1 && handled === 1);
    abandoned.abort();
    await pending;
    await waitFor('its slot released', () => inFlight() === 0);
    release();
  });
});
