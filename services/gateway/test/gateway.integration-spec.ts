import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { NestFastifyApplication } from '@nestjs/platform-fastify';

import { connect } from '@nats-io/transport-node';

import { SERVICE_NAMES } from '@opis/contracts-envelope';
import { provisionJetStream } from '@opis/messaging';
import { createTestSigner, loadConfig, runMigrations } from '@opis/platform';
import { createTestDatabase, freePort, sharedNatsUrl, TestDatabase, testNamespace } from '@opis/testing';

import { createGateway } from '../src/gateway-app';
import { GATEWAY_CONSUMERS } from '@opis/platform-services';
import { GatewayConfig } from '../src/gateway.config';
import { GATEWAY_MIGRATIONS } from '../src/gateway.schema';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A service on a socket of its own that answers what it was sent (the gateway's far side). */
async function echoService(seen: Seen[]): Promise<{ server: Server; url: string }> {
  const server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += String(chunk);
    seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
    response.writeHead(201, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ caseNumber: 'CHP-2026-000001' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** An identity provider's token endpoint: a code and its PKCE verifier for an access token (RFC 7636). */
async function tokenEndpoint(forms: URLSearchParams[]): Promise<{ server: Server; url: string }> {
  const server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += String(chunk);
    const form = new URLSearchParams(body);
    forms.push(form);
    const good = request.headers['content-type'] === 'application/x-www-form-urlencoded' && form.get('code') === 'code-1' && form.get('code_verifier') === VERIFIER;
    response.writeHead(good ? 200 : 400, { 'content-type': 'application/json' });
    response.end(JSON.stringify(good ? { access_token: 'access-1', token_type: 'Bearer', expires_in: 3600 } : { error: 'invalid_grant' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token` };
}

const VERIFIER = 'dBjftJeZ4CVP-mJ92K9pFBH8ZRwB4I3hbIHm5JHxBK0';

describe('gateway', () => {
  const seen: Seen[] = [];
  const forms: URLSearchParams[] = [];
  let identityProvider: { server: Server; url: string };
  let upstream: { server: Server; url: string };
  let database: TestDatabase;
  let gateway: NestFastifyApplication;
  let base: string;
  let consoleDir: string;

  beforeAll(async () => {
    upstream = await echoService(seen);
    identityProvider = await tokenEndpoint(forms);
    database = await createTestDatabase('gateway');
    consoleDir = mkdtempSync(join(tmpdir(), 'console-'));
    mkdirSync(join(consoleDir, 'assets'));
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>Consola OPIS</title>');
    writeFileSync(join(consoleDir, 'assets', 'app.js'), 'console.log(1)');
    const signer = createTestSigner();
    const natsUrl = await sharedNatsUrl();
    const namespace = testNamespace('gateway-proxy');
    const nc = await connect({ servers: natsUrl });
    await provisionJetStream(nc, { namespace, streams: SERVICE_NAMES.map((service) => ({ service, maxAgeMs: 0, maxBytes: -1 })), consumers: [...GATEWAY_CONSUMERS] });
    await nc.close();
    await runMigrations(database.url, GATEWAY_MIGRATIONS);
    const config = loadConfig(GatewayConfig, {
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      NATS_URL: natsUrl,
      JWT_PUBLIC_KEY: signer.publicKeyPem,
      JWT_ISSUER: signer.issuer,
      LOG_LEVEL: 'silent',
      INTAKE_URL: upstream.url,
      // Nothing listens there: a service that is down.
      CARE_URL: `http://127.0.0.1:${await freePort()}`,
      NOTIFICATIONS_URL: undefined,
      CONSOLE_DIR: consoleDir,
      OIDC_AUTHORIZE_URL: 'https://idp.example.gob.mx/authorize',
      OIDC_TOKEN_URL: identityProvider.url,
      OIDC_CLIENT_ID: 'opis-console',
    });
    config.NOTIFICATIONS_URL = undefined;
    gateway = await createGateway(config, { natsNamespace: namespace });
    await gateway.listen(0, '127.0.0.1');
    base = await gateway.getUrl();
  });

  afterAll(async () => {
    await gateway.close();
    upstream.server.close();
    identityProvider.server.close();
    await database.drop();
    rmSync(consoleDir, { recursive: true, force: true });
  });

  it('sends /api/<service>/v1/... on to the service with the officer’s token, Idempotency-Key, query and body', async () => {
    const response = await fetch(`${base}/api/intake/v1/cases?office=CHP`, {
      method: 'POST',
      headers: { authorization: 'Bearer officer-token', 'idempotency-key': 'key-1', 'content-type': 'application/json' },
      body: JSON.stringify({ child: { givenNames: 'Ixchel' } }),
    });

    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ caseNumber: 'CHP-2026-000001' });
    const received = seen.at(-1) as Seen;
    expect([received.method, received.url, received.headers.authorization, received.headers['idempotency-key']]).toEqual(['POST', '/v1/cases?office=CHP', 'Bearer officer-token', 'key-1']);
    expect(JSON.parse(received.body)).toEqual({ child: { givenNames: 'Ixchel' } });
  });

  it('answers problem+json for an unknown service, a route outside /v1, a service that is down and one not configured', async () => {
    const before = seen.length;
    const answers = await Promise.all(
      ['/api/nowhere/v1/cases', '/api/intake/health/ready', '/api/care/v1/worklist', '/api/notifications/v1/tasks'].map(async (path) => {
        const response = await fetch(`${base}${path}`, { headers: { authorization: 'Bearer t' } });
        const body = (await response.json()) as { code: string };
        return [path, response.status, response.headers.get('content-type'), body.code];
      }),
    );

    expect(answers).toEqual([
      ['/api/nowhere/v1/cases', 404, 'application/problem+json; charset=utf-8', 'ROUTE_NOT_FOUND'],
      ['/api/intake/health/ready', 404, 'application/problem+json; charset=utf-8', 'ROUTE_NOT_FOUND'],
      ['/api/care/v1/worklist', 503, 'application/problem+json; charset=utf-8', 'SERVICE_UNAVAILABLE'],
      ['/api/notifications/v1/tasks', 503, 'application/problem+json; charset=utf-8', 'SERVICE_NOT_CONFIGURED'],
    ]);
    expect(seen.length).toBe(before);
  });

  it('serves the console’s files, and its page for any screen path, under a content security policy', async () => {
    const page = await fetch(`${base}/cases/6f1c2d3e-0000-4000-8000-000000000001`);
    const script = await fetch(`${base}/assets/app.js`);

    expect([page.status, await page.text()]).toEqual([200, '<!doctype html><title>Consola OPIS</title>']);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect([script.status, await script.text()]).toEqual([200, 'console.log(1)']);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
  });

  it('exchanges an authorization code and its PKCE verifier for the officer’s token at the provider, server to server', async () => {
    const exchange = (body: object) => fetch(`${base}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const redirectUri = `${base}/auth/callback`;

    const config = await (await fetch(`${base}/auth/config`)).json();
    const signedIn = await exchange({ code: 'code-1', codeVerifier: VERIFIER, redirectUri });
    const refused = await exchange({ code: 'code-2', codeVerifier: VERIFIER, redirectUri });
    const malformed = await exchange({ code: 'code-1', codeVerifier: 'short', redirectUri });

    expect(config).toEqual({ enabled: true, authorizeUrl: 'https://idp.example.gob.mx/authorize', clientId: 'opis-console', scope: 'openid' });
    expect([signedIn.status, await signedIn.json()]).toEqual([200, { accessToken: 'access-1', expiresIn: 3600 }]);
    expect(Object.fromEntries(forms[0])).toEqual({ grant_type: 'authorization_code', code: 'code-1', code_verifier: VERIFIER, redirect_uri: redirectUri, client_id: 'opis-console' });
    expect([refused.status, ((await refused.json()) as { code: string }).code]).toEqual([401, 'SIGN_IN_REFUSED']);
    const problem = (await malformed.json()) as { errors: { field: string }[] };
    expect([malformed.status, problem.errors.map((error) => error.field)]).toEqual([400, ['codeVerifier']]);
    expect(forms).toHaveLength(2);
  });
});
