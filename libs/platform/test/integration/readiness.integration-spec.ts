import { createTestDatabase, sharedNatsUrl, TestDatabase } from '@opis/testing';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';

import {
  AuditTrailTable1764460000001,
  BaseServiceConfig,
  createHttpApp,
  createTestSigner,
  currentEventCause,
  EventCause,
  IdempotencyKeyTable1766500000000,
  loadConfig,
  PlatformModule,
  Public,
  runMigrations,
} from '../../src';

/** Answers the cause the events of this request would carry. */
@Controller('v1/cause')
class CauseController {
  @Get()
  @Public()
  public async cause(): Promise<EventCause | undefined> {
    await new Promise((resolve) => setImmediate(resolve));
    return currentEventCause();
  }
}

describe('readiness means the schema is there; requests are the cause of their events', () => {
  const migrations = [AuditTrailTable1764460000001, IdempotencyKeyTable1766500000000];
  let database: TestDatabase;
  let app: NestFastifyApplication;
  let baseUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase('readiness');
    const signer = createTestSigner();
    const config = loadConfig(BaseServiceConfig, {
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      NATS_URL: await sharedNatsUrl(),
      JWT_PUBLIC_KEY: signer.publicKeyPem,
      JWT_ISSUER: signer.issuer,
      JWT_AUDIENCE: signer.audience,
      LOG_LEVEL: 'error',
      METRICS_PORT: '0',
    });
    @Module({ controllers: [CauseController] })
    class NothingModule {}
    app = await createHttpApp(
      { module: NothingModule, imports: [PlatformModule.forRoot({ serviceName: 'readiness-test', config, migrations, logDestination: { write: () => undefined } })] },
      { config, serviceName: 'readiness-test', title: 'Readiness test', description: 'test' },
    );
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('answers 503 on a database that answers but lacks migrations, and 200 once they are applied', async () => {
    const before = await fetch(`${baseUrl}/health/ready`);
    expect(before.status).toBe(503);
    expect(await before.json()).toMatchObject({ checks: { database: { status: 'up' }, migrations: { status: 'down' } } });

    await runMigrations(database.url, [migrations[0]]);
    expect((await fetch(`${baseUrl}/health/ready`)).status).toBe(503);

    await runMigrations(database.url, migrations);
    const after = await fetch(`${baseUrl}/health/ready`);
    expect(after.status).toBe(200);
    expect(await after.json()).toMatchObject({ status: 'ready', checks: { migrations: { status: 'up' } } });
  });

  it('gives the handler its request id as the correlation of the events it writes', async () => {
    const requestId = '0190a5b4-7c1e-7d2a-9f00-1234567890ab';
    const response = await fetch(`${baseUrl}/v1/cause`, { headers: { 'x-request-id': requestId } });
    expect(await response.json()).toEqual({ correlationId: requestId });
    const generated = await fetch(`${baseUrl}/v1/cause`);
    expect(await generated.json()).toEqual({ correlationId: generated.headers.get('x-request-id') });
  });

  it('serves the API docs page at /docs/ with its files, and sends /docs there', async () => {
    const bare = await fetch(`${baseUrl}/docs`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/docs/');
    // Read every body to its end: a response left unread holds its connection, and the app's close waits for it.
    await bare.arrayBuffer();
    const page = await fetch(`${baseUrl}/docs/`);
    expect(page.status).toBe(200);
    const assets = [...(await page.text()).matchAll(/(?:href|src)="\.\/([\w.-]+\.(?:css|js))"/g)].map(([, file]) => file);
    expect(assets.length).toBeGreaterThan(1);
    for (const asset of assets) {
      const file = await fetch(`${baseUrl}/docs/${asset}`);
      await file.arrayBuffer();
      expect({ asset, status: file.status }).toEqual({ asset, status: 200 });
    }
  });
});
