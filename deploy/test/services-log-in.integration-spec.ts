import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { Client } from 'pg';

import { createTestSigner } from '@opis/platform';
import { createTestDatabase, freePort, TestDatabase, waitFor } from '@opis/testing';

import { runProvisioning, WORKSPACE } from './built-platform';
import { ConfiguredNats, startConfiguredNats } from './nats-conf';

// Each service connects as its own NATS user, with the credentials in its NATS_URL, as compose and
// the Kubernetes manifests give them; under deploy/nats/nats.conf's permissions a registration in
// intake still reaches care through JetStream.
describe('services on deploy/nats/nats.conf, logged in from NATS_URL', () => {
  const signer = createTestSigner();
  const children: ChildProcess[] = [];
  const databases: TestDatabase[] = [];
  let nats: ConfiguredNats;

  afterAll(async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    await nats?.dispose();
    await Promise.all(databases.map((db) => db.drop()));
  });

  async function startService(name: string): Promise<{ url: string; db: TestDatabase }> {
    const db = await createTestDatabase(`deploy_login_${name}`);
    databases.push(db);
    const port = await freePort();
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: db.url,
      NATS_URL: nats.urlFor(name),
      JWT_PUBLIC_KEY: signer.publicKeyPem,
      JWT_ISSUER: signer.issuer,
      JWT_AUDIENCE: signer.audience,
      LOG_LEVEL: 'error',
      // care encrypts notes at rest and refuses to start without keys.
      FIELD_DEV_KEYS: 'true',
    };
    const migrated = spawnSync(process.execPath, [join('dist', 'services', name, 'src', 'migrate.js')], { cwd: WORKSPACE, env, encoding: 'utf8' });
    expect(migrated.status).toBe(0);
    const child = spawn(process.execPath, [join('dist', 'services', name, 'src', 'main.js')], { cwd: WORKSPACE, env, stdio: 'inherit' });
    children.push(child);
    const url = `http://127.0.0.1:${port}`;
    await waitFor(
      `${name} ready with NATS up`,
      async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
        const response = await fetch(`${url}/health/ready`);
        return response.ok && ((await response.json()) as { checks?: { nats?: { status?: string } } }).checks?.nats?.status === 'up';
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    return { url, db };
  }

  it('intake and care connect as their users, and a registration reaches care', async () => {
    nats = await startConfiguredNats();
    expect(runProvisioning({ NATS_URL: nats.urlFor('provisioner'), STREAM_REPLICAS: '1' })).toEqual({ status: 0, stderr: '' });
    const intake = await startService('intake');
    const care = await startService('care');

    const token = await signer.mint({ subject: 'officer-chp', roles: ['officer'], offices: ['CHP'] });
    const registration = await fetch(`${intake.url}/v1/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        child: {
          givenNames: 'Ixchel',
          familyNames: 'Tzul Caal',
          sex: 'F',
          age: { years: 13, status: 'DECLARED' },
          nationality: 'GT',
          countryOfResidence: 'GT',
          languages: ['spa'],
          speaksSpanish: 'YES',
        },
        encounter: {
          officeCode: 'CHP',
          migrationPoint: 'Ciudad Hidalgo',
          detectedAt: new Date(Date.now() - 60_000).toISOString(),
          entryPath: 'DETECTED',
          accompaniment: 'UNACCOMPANIED',
        },
        screening: { protectionNeedIndicated: false, traffickingIndicators: false, medicalEmergency: false, disability: false, pregnant: false },
      }),
    });
    expect(registration.status).toBe(201);
    const { caseId } = (await registration.json()) as { caseId: string };

    const careDb = new Client({ connectionString: care.db.url });
    await careDb.connect();
    try {
      await waitFor('the care record', async () => (await careDb.query('SELECT 1 FROM care_record WHERE case_id = $1', [caseId])).rowCount === 1);
    } finally {
      await careDb.end();
    }
  });
});
