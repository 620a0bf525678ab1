import { createTestDatabase, sharedNatsUrl, TestDatabase } from '@opis/testing';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';

import { BaseServiceConfig, createHttpApp, createTestSigner, loadConfig, PlatformModule, ProblemDetails } from '../../src';

@Controller('v1/ping')
class PingController {
  @Get()
  public ping(): { ok: true } {
    return { ok: true };
  }
}

@Module({ controllers: [PingController] })
class PingModule {}

/** A limit of 3 a minute: the fourth request of a client in the same minute is refused. */
const LIMIT = 3;

describe('per-client rate limits over HTTP', () => {
  const signer = createTestSigner();
  let database: TestDatabase;
  let app: NestFastifyApplication;
  let baseUrl: string;

  const get = (path: string, token?: string): Promise<Response> =>
    fetch(`${baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  beforeAll(async () => {
    database = await createTestDatabase('platform_rate_limit');
    const config = loadConfig(BaseServiceConfig, {
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      NATS_URL: await sharedNatsUrl(),
      JWT_PUBLIC_KEY: signer.publicKeyPem,
      JWT_ISSUER: signer.issuer,
      JWT_AUDIENCE: signer.audience,
      LOG_LEVEL: 'silent',
      RATE_LIMIT_MAX: String(LIMIT),
      RATE_LIMIT_WINDOW_SECONDS: '60',
    });
    app = await createHttpApp(
      { module: PingModule, imports: [PlatformModule.forRoot({ serviceName: 'platform-rate-limit-test', config })] },
      { config, serviceName: 'platform-rate-limit-test', title: 'Rate limit test', description: 'test' },
    );
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('answers a subject over its limit 429 problem+json with Retry-After, and leaves other subjects alone', async () => {
    const busy = await signer.mint({ subject: 'officer-busy', roles: ['officer'], offices: ['CHP'] });
    // Another token of the same subject counts against the same client.
    const busyAgain = await signer.mint({ subject: 'officer-busy', roles: ['officer'], offices: ['CHP'] }, { ttl: '2h' });
    const calm = await signer.mint({ subject: 'officer-calm', roles: ['officer'], offices: ['CHP'] });

    const allowed = [await get('/v1/ping', busy), await get('/v1/ping', busyAgain), await get('/v1/ping', busy)];
    expect(allowed.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(allowed[2]?.headers.get('x-ratelimit-remaining')).toBe('0');

    const refused = await get('/v1/ping?name=Ana', busyAgain);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    const body = (await refused.json()) as ProblemDetails;
    expect(body).toMatchObject({ status: 429, title: 'Too Many Requests', code: 'RATE_LIMITED', instance: '/v1/ping' });
    expect(JSON.stringify(body)).not.toContain('Ana');

    expect((await get('/v1/ping', calm)).status).toBe(200);
  });

  it('counts requests without a valid token by address, and never limits probes or the docs', async () => {
    const forged = await createTestSigner().mint({ subject: 'officer-calm', roles: ['officer'], offices: ['CHP'] });
    const statuses: number[] = [];
    for (let attempt = 0; attempt <= LIMIT; attempt += 1) statuses.push((await get('/v1/ping', attempt % 2 ? forged : undefined)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    // A forged token naming a subject neither spends nor uses that subject's allowance.
    const calm = await signer.mint({ subject: 'officer-calm', roles: ['officer'], offices: ['CHP'] });
    expect((await get('/v1/ping', calm)).status).toBe(200);

    for (let attempt = 0; attempt <= LIMIT; attempt += 1) {
      expect((await get('/health/live')).status).toBe(200);
      expect((await get('/docs-json')).status).toBe(200);
    }
  });
});
