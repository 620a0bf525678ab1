import { createTestDatabase, sharedNatsUrl, TestDatabase } from '@opis/testing';
import { Module } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';

import { AuditTrailTable1764460000001, BaseServiceConfig, createHttpApp, createTestSigner, IdempotencyKeyTable1766500000000, loadConfig, PlatformModule, runMigrations } from '../../src';

describe('readiness means the schema is there', () => {
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
    @Module({})
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
});
