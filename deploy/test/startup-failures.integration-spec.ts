import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { createTestSigner } from '@opis/platform';
import { createTestDatabase, freePort, TestDatabase } from '@opis/testing';

import { WORKSPACE } from './built-platform';

/** What an operator sees when a service cannot start: one JSON line naming what to fix. */
describe('a built service that cannot start says why, in one JSON line', () => {
  const signer = createTestSigner();
  const base = (port: number): Record<string, string> => ({
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    JWT_PUBLIC_KEY: signer.publicKeyPem,
    JWT_ISSUER: signer.issuer,
    JWT_AUDIENCE: signer.audience,
    LOG_LEVEL: 'info',
    FIELD_DEV_KEYS: 'true',
  });
  const main = join('dist', 'services', 'care', 'src', 'main.js');
  let database: TestDatabase | undefined;

  afterAll(async () => {
    await database?.drop();
  });

  it('names the settings of an invalid configuration', () => {
    const run = spawnSync(process.execPath, [main], { cwd: WORKSPACE, env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' }, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]) as { level: string; settings: Array<{ variable: string }> };
    expect(line.level).toBe('fatal');
    expect(line.settings.map((setting) => setting.variable)).toEqual(expect.arrayContaining(['DATABASE_URL', 'NATS_URL']));
  });

  it('names DATABASE_URL when the database cannot be reached, without its password', async () => {
    const closed = await freePort();
    const run = spawnSync(process.execPath, [main], {
      cwd: WORKSPACE,
      env: { ...base(await freePort()), DATABASE_URL: `postgres://care:s3cret@127.0.0.1:${closed}/care`, NATS_URL: 'nats://127.0.0.1:4222' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'fatal', dependency: 'database', setting: 'DATABASE_URL' });
    expect(run.stderr).not.toContain('s3cret');
  });

  it('says every few seconds that it waits for NATS, naming NATS_URL', async () => {
    database = await createTestDatabase('deploy_startup');
    const closed = await freePort();
    const child = spawn(process.execPath, [main], { cwd: WORKSPACE, env: { ...base(await freePort()), DATABASE_URL: database.url, NATS_URL: `nats://127.0.0.1:${closed}` } });
    const waits: Array<{ msg: string; setting: string; waitedSeconds: number }> = [];
    let output = '';
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString('utf8');
          for (const text of output.split('\n').slice(0, -1)) {
            const line = JSON.parse(text) as { msg: string; setting: string; waitedSeconds: number };
            if (line.msg === 'waiting for NATS' && !waits.some((seen) => seen.waitedSeconds === line.waitedSeconds)) waits.push(line);
          }
          if (waits.length >= 2) resolve();
        });
        child.once('exit', (code) => reject(new Error(`care exited with ${code} while waiting for NATS`)));
      });
    } finally {
      child.kill('SIGKILL');
    }
    expect(waits[0]).toMatchObject({ setting: 'NATS_URL' });
    expect(waits[1].waitedSeconds).toBeGreaterThan(waits[0].waitedSeconds);
  }, 90_000);
});
