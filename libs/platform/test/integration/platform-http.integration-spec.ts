import { randomUUID } from 'node:crypto';

import { createTestDatabase, sharedNatsUrl, TestDatabase } from '@opis/testing';
import { Module } from '@nestjs/common';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { firstValueFrom, timeout } from 'rxjs';
import { DataSource } from 'typeorm';

import {
  AuditTrail,
  AuditTrailTable1764460000001,
  BaseServiceConfig,
  connectRequestReply,
  createHttpApp,
  createTestSigner,
  ensureDatabase,
  HealthRegistry,
  loadConfig,
  metricsUrlOf,
  PlatformModule,
  ProblemDetails,
  Principal,
  runMigrations,
} from '../../src';

import { CASE_STATUS_PATTERN, caseOffices, CaseQueriesController, CasesController } from './platform-test-feature';

describe('platform over HTTP and request/reply', () => {
  const signer = createTestSigner();
  const logLines: string[] = [];
  let database: TestDatabase;
  let app: NestFastifyApplication;
  let baseUrl: string;
  let officerToken: string;
  let rpcClient: ClientProxy;

  const request = (path: string, init: RequestInit & { token?: string } = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    return fetch(`${baseUrl}${path}`, { ...init, headers });
  };
  const postJson = (path: string, body: unknown, token?: string): Promise<Response> =>
    request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, token });
  const validCase = { officeCode: 'CHP', child: { givenNames: 'Ana Sofía', age: { years: 12 } } };

  beforeAll(async () => {
    database = await createTestDatabase('platform');
    const natsUrl = await sharedNatsUrl();
    expect(await ensureDatabase(database.url, database.name)).toBe(false);
    expect(await runMigrations(database.url, [AuditTrailTable1764460000001])).toEqual(['AuditTrailTable1764460000001']);
    const config = loadConfig(BaseServiceConfig, {
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      NATS_URL: natsUrl,
      JWT_PUBLIC_KEY: signer.publicKeyPem,
      JWT_ISSUER: signer.issuer,
      JWT_AUDIENCE: signer.audience,
      HTTP_BODY_LIMIT_BYTES: '2048',
      LOG_LEVEL: 'debug',
      METRICS_PORT: '0',
    });
    @Module({ controllers: [CaseQueriesController, CasesController] })
    class TestFeatureModule {}
    app = await createHttpApp(
      {
        module: TestFeatureModule,
        imports: [
          PlatformModule.forRoot({
            serviceName: 'platform-test',
            config,
            logDestination: { write: (line: string) => logLines.push(line) },
          }),
        ],
      },
      { config, serviceName: 'platform-test', title: 'Platform test', description: 'test' },
    );
    connectRequestReply(app, { natsUrl, queue: 'platform-test' });
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    rpcClient = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: natsUrl } });
    await rpcClient.connect();
    baseUrl = await app.getUrl();
    officerToken = await signer.mint({ subject: 'officer-1', roles: ['officer'], offices: ['CHP'] });
  });

  afterAll(async () => {
    await rpcClient?.close();
    await app?.close();
    await database?.drop();
  });

  it('answers 401 problem+json without a token, with a bad one, and with an expired one', async () => {
    const expired = await signer.mint({ subject: 'o', roles: ['officer'], offices: ['CHP'] }, { ttl: -60 });
    const foreign = await createTestSigner().mint({ subject: 'o', roles: ['officer'], offices: ['CHP'] });
    for (const token of [undefined, 'not-a-jwt', expired, foreign]) {
      const response = await postJson('/v1/cases', validCase, token);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      const body = (await response.json()) as ProblemDetails;
      expect(body).toMatchObject({ status: 401, title: 'Unauthorized', instance: '/v1/cases' });
      expect(['TOKEN_MISSING', 'TOKEN_INVALID']).toContain(body.code);
    }
  });

  it('answers 403 when the role is missing and 404 for a case of another office', async () => {
    const auditor = await signer.mint({ subject: 'a', roles: ['auditor'], offices: ['CHP'] });
    const forbidden = await postJson('/v1/cases', validCase, auditor);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ code: 'ROLE_MISSING' });

    const created = await postJson('/v1/cases', validCase, officerToken);
    expect(created.status).toBe(201);
    const { caseId } = (await created.json()) as { caseId: string };
    const otherOffice = await signer.mint({ subject: 'o2', roles: ['officer'], offices: ['TAB'] });
    const hidden = await request(`/v1/cases/${caseId}`, { token: otherOffice });
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toMatchObject({ code: 'CASE_NOT_FOUND' });
    const national = await signer.mint({ subject: 'n', roles: ['national'], offices: [] });
    expect((await request(`/v1/cases/${caseId}?name=Ana`, { token: national })).status).toBe(200);
  });

  it('answers 400 naming every invalid field and rule, including nested ones', async () => {
    const response = await postJson(
      '/v1/cases',
      { officeCode: 'XXX', child: { givenNames: 7, age: { years: -1 } }, extra: true },
      officerToken,
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as ProblemDetails;
    expect(body).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    const pairs = (body.errors ?? []).map((e) => `${e.field}:${e.rule}`).sort();
    expect(pairs).toEqual([
      'child.age.years:min',
      'child.givenNames:isString',
      'child.givenNames:maxLength',
      'extra:whitelistValidation',
      'officeCode:isIn',
    ]);
    expect(JSON.stringify(body)).not.toContain('XXX');
  });

  it('answers malformed JSON 400, a body over the limit 413, another content type 415, an unknown route 404', async () => {
    const malformed = await request('/v1/cases', {
      method: 'POST',
      body: '{"officeCode":',
      headers: { 'content-type': 'application/json' },
      token: officerToken,
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'MALFORMED_REQUEST' });

    const large = await postJson('/v1/cases', { ...validCase, padding: 'x'.repeat(4096) }, officerToken);
    expect(large.status).toBe(413);
    expect(large.headers.get('content-type')).toMatch(/^application\/problem\+json/);

    const text = await request('/v1/cases', {
      method: 'POST',
      body: 'hello',
      headers: { 'content-type': 'text/plain' },
      token: officerToken,
    });
    expect(text.status).toBe(415);

    const unknown = await request('/v1/nothing?name=Ana', { token: officerToken });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND', instance: '/v1/nothing' });
  });

  it('refuses deep nesting, NUL and lone surrogates in a body, query or path 400 naming the field, before any handler runs', async () => {
    const registered = caseOffices.size;
    const json = { 'content-type': 'application/json' };
    const deep = await request('/v1/cases', {
      method: 'POST',
      body: `{"child":{"age":${'['.repeat(600)}${']'.repeat(600)}}}`,
      headers: json,
      token: officerToken,
    });
    expect(deep.status).toBe(400);
    expect(deep.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await deep.json()).toMatchObject({
      code: 'BODY_TOO_DEEP',
      errors: [{ field: expect.stringMatching(/^child\.age(\.0){30}$/), rule: 'maxDepth' }],
    });

    const inBody = await postJson('/v1/cases', { ...validCase, child: { givenNames: 'Ana\u0000', age: { years: 12 } } }, officerToken);
    expect(inBody.status).toBe(400);
    expect(await inBody.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'child.givenNames', rule: 'noNulCharacter' }] });
    const surrogate = await postJson('/v1/cases', { ...validCase, child: { givenNames: 'Ana \udbff', age: { years: 12 } } }, officerToken);
    expect(await surrogate.json()).toMatchObject({ errors: [{ field: 'child.givenNames', rule: 'noLoneSurrogate' }] });

    const inQuery = await request(`/v1/cases/${randomUUID()}?name=Ana%00`, { token: officerToken });
    expect(inQuery.status).toBe(400);
    expect(await inQuery.json()).toMatchObject({ errors: [{ field: 'name', rule: 'noNulCharacter' }] });
    const inPath = await request('/v1/cases/abc%00def', { token: officerToken });
    expect(inPath.status).toBe(400);
    expect(await inPath.json()).toMatchObject({ errors: [{ field: 'id', rule: 'noNulCharacter' }] });
    // A surrogate cannot be encoded in UTF-8: percent-encoded, it is invalid UTF-8, never a 5xx.
    for (const path of ['/v1/cases/%ED%A0%80', `/v1/cases/${randomUUID()}?name=%ED%A0%80`]) {
      expect((await request(path, { token: officerToken })).status).toBeLessThan(500);
    }
    expect(caseOffices.size).toBe(registered);
  });

  it('keeps the audit trail append-only', async () => {
    const caseId = randomUUID();
    const auditTrail = app.get(AuditTrail);
    const dataSource = app.get(DataSource);
    await dataSource.transaction(async (manager) => {
      await auditTrail.record(
        { actor: { subject: 'officer-1', roles: ['officer'] }, action: 'case.read', caseId, officeCode: 'CHP', outcome: 'refused', reason: 'CASE_NOT_FOUND' },
        manager,
      );
    });
    expect(await auditTrail.listForCase(caseId)).toEqual([
      expect.objectContaining({ actorSubject: 'officer-1', actorRoles: ['officer'], outcome: 'refused', reason: 'CASE_NOT_FOUND' }),
    ]);
    await expect(dataSource.query(`UPDATE audit_log SET outcome = 'allowed' WHERE case_id = $1`, [caseId])).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`DELETE FROM audit_log WHERE case_id = $1`, [caseId])).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    expect(await auditTrail.listForCase(caseId)).toHaveLength(1);
  });

  it('logs requests by route pattern and redacts personal data', async () => {
    const lines = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const text = logLines.join('');
    expect(text).not.toContain('Ana');
    expect(text).not.toContain(officerToken);
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'registering case', child: expect.objectContaining({ givenNames: '[redacted]' }) }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'request', method: 'GET', route: '/v1/cases/:id', status: 200, requestId: expect.any(String) }),
    );
  });

  it('exposes HTTP metrics by route pattern on the metrics port alone, not on the API port', async () => {
    expect((await request('/metrics')).status).toBe(404);
    const metricsUrl = metricsUrlOf(app) as string;
    expect(metricsUrl).not.toBe(baseUrl);
    const response = await fetch(`${metricsUrl}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/http_requests_total\{method="POST",route="\/v1\/cases",status="401",service="platform-test"\} 4/);
    expect(text).toContain('route="/v1/cases/:id"');
    expect(text).toContain('http_request_duration_seconds_bucket');
    expect(text).not.toContain('name=Ana');
  });

  it('serves the OpenAPI document publicly with bearer auth declared', async () => {
    const response = await request('/docs-json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      components: { securitySchemes: Record<string, unknown> };
      paths: Record<string, Record<string, { security?: unknown[] }>>;
      security: unknown[];
    };
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(document.paths)).toContain('/v1/cases');
    // Health takes no token, and the document says so: a generated client sends none.
    expect(document.paths['/health/live'].get.security).toEqual([]);
    expect(Object.values(document.paths['/v1/cases']).map((operation) => operation.security)).not.toContainEqual([]);
    const ui = await request('/docs');
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('lets Swagger UI load under the CSP: its scripts and styles come from the same origin', async () => {
    const ui = await request('/docs');
    const csp = ui.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    const html = await ui.text();
    expect(html).not.toMatch(/<script>[^<]/);
    const sources = [...html.matchAll(/<script src="([^"]+)"/g)].map(([, source]) => source);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(source).not.toMatch(/^https?:/);
      // As a browser resolves it: against the page it ended at (/docs/, where /docs sends it).
      const script = await fetch(new URL(source, ui.url));
      // Read to its end: an unread body holds its connection, and the app's close waits for it.
      await script.arrayBuffer();
      expect(script.status).toBe(200);
      expect(new URL(script.url).origin).toBe(new URL(baseUrl).origin);
    }
  });

  it('sends security headers everywhere, and no-store on every API answer, errors included, but not on the docs', async () => {
    const created = await postJson('/v1/cases', validCase, officerToken);
    const unauthenticated = await request(`/v1/cases/${randomUUID()}`);
    const unknownRoute = await request('/v1/nothing-here', { token: officerToken });
    const health = await request('/health/live');
    for (const response of [created, unauthenticated, unknownRoute, health]) {
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
    for (const response of [created, unauthenticated, unknownRoute, health, await request('/docs-json')]) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
    expect((await request('/docs-json')).headers.get('cache-control')).toBeNull();
  });

  it('refuses a token without iat, one expiring in 2100, and one older than the maximum age, 401', async () => {
    const principal: Principal = { subject: 'o', roles: ['officer'], offices: ['CHP'] };
    const nowSeconds = Math.floor(Date.now() / 1000);
    const refused = [
      await signer.mint(principal, { issuedAt: null }),
      await signer.mint(principal, { expiresAt: Math.floor(Date.UTC(2100, 0, 1) / 1000) }),
      await signer.mint(principal, { issuedAt: nowSeconds - 25 * 3600, expiresAt: nowSeconds + 3600 }),
    ];
    for (const token of refused) {
      const response = await postJson('/v1/cases', validCase, token);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({ code: 'TOKEN_INVALID' });
    }
  });

  it('refuses required text made only of whitespace, 400 naming the field and notBlank', async () => {
    const response = await postJson('/v1/cases', { ...validCase, child: { ...validCase.child, givenNames: ' \u00a0\t ' } }, officerToken);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await response.json()) as ProblemDetails).errors).toEqual([
      expect.objectContaining({ field: 'child.givenNames', rule: 'notBlank' }),
    ]);
  });

  it('answers request/reply errors as plain payloads, validating with the same pipe', async () => {
    const ask = (payload: unknown): Promise<unknown> =>
      firstValueFrom(rpcClient.send(CASE_STATUS_PATTERN, payload).pipe(timeout(5_000))).catch((error: unknown) => error);
    expect(await ask({ caseId: 'nope' })).toMatchObject({
      code: 'VALIDATION_FAILED',
      kind: 'INVALID_INPUT',
      errors: [{ field: 'caseId', rule: 'isUuid' }],
    });
    expect(await ask({ caseId: 'a\u0000' })).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'caseId', rule: 'noNulCharacter' }] });
    expect(await ask({ caseId: JSON.parse(`${'['.repeat(500)}${']'.repeat(500)}`) })).toMatchObject({ code: 'BODY_TOO_DEEP', kind: 'INVALID_INPUT' });
    expect(await ask({ caseId: randomUUID() })).toEqual({
      code: 'CASE_NOT_FOUND_36',
      kind: 'NOT_FOUND',
      detail: 'The case does not exist or is not visible to you.',
    });
  });

  it('reports liveness and readiness with each check', async () => {
    expect((await request('/health/live')).status).toBe(200);
    const ready = await request('/health/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: { status: 'up' } } });

    const registry = app.get(HealthRegistry);
    registry.register('failing', async () => {
      throw new Error('down');
    });
    const failing = await request('/health/ready');
    expect(failing.status).toBe(503);
    expect(await failing.json()).toMatchObject({
      status: 'unavailable',
      checks: { database: { status: 'up' }, failing: { status: 'down', reason: 'failed' } },
    });
    registry.unregister('failing');

    await database.drop();
    const noDatabase = await request('/health/ready');
    expect(noDatabase.status).toBe(503);
    expect(await noDatabase.json()).toMatchObject({ checks: { database: { status: 'down' } } });
  });
});
