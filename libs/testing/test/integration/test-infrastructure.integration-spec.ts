import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';

import { createTestDatabase, NatsServerProcess, postgresAdminUrl, testNamespace } from '../../src';

describe('test infrastructure', () => {
  it('gives each test file a database of its own, and drops it', async () => {
    const [first, second] = await Promise.all([createTestDatabase('infra'), createTestDatabase('infra')]);
    expect(first.name).not.toBe(second.name);
    const client = new Client({ connectionString: first.url });
    await client.connect();
    const [{ current_database }] = (await client.query('SELECT current_database()')).rows;
    await client.end();
    expect(current_database).toBe(first.name);

    await Promise.all([first.drop(), second.drop()]);
    const admin = new Client({ connectionString: await postgresAdminUrl() });
    await admin.connect();
    const left = await admin.query('SELECT 1 FROM pg_database WHERE datname = ANY($1)', [[first.name, second.name]]);
    await admin.end();
    expect(left.rowCount).toBe(0);
  });

  it('runs a private nats-server that can be killed and restarted on the same port and store', async () => {
    const server = await NatsServerProcess.start();
    try {
      expect(server.running).toBe(true);
      await server.stop('SIGKILL');
      expect(server.running).toBe(false);
      await expect(connect({ servers: server.url, reconnect: false, timeout: 500 })).rejects.toThrow();
      await server.restart();
      const nc = await connect({ servers: server.url });
      expect(nc.info?.jetstream).toBe(true);
      await nc.close();
    } finally {
      await server.dispose();
    }
  });

  it('runs a private nats-server with a config that reads its password from the environment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opis-nats-conf-'));
    const config = join(dir, 'auth.conf');
    writeFileSync(config, 'authorization { user: probe, password: $PROBE_NATS_PASSWORD }\n');
    const pass = 'probe-secret-from-env';
    const server = await NatsServerProcess.start({
      args: ['-c', config],
      env: { PROBE_NATS_PASSWORD: pass },
      readinessUser: { user: 'probe', pass },
    });
    try {
      await expect(connect({ servers: server.url, reconnect: false, timeout: 500 })).rejects.toThrow(/authorization/i);
      const nc = await connect({ servers: server.url, user: 'probe', pass });
      expect(nc.info?.jetstream).toBe(true);
      await nc.close();
    } finally {
      await server.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names namespaces that stream names and subjects accept', () => {
    const namespace = testNamespace('My Suite!');
    expect(namespace).toMatch(/^t[a-z0-9]+$/);
    expect(testNamespace('My Suite!')).not.toBe(namespace);
  });
});
