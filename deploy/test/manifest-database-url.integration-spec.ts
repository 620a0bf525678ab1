import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import { runMigrations } from '@opis/platform';
import { freePort } from '@opis/testing';

import { env, find, render, TLS_DIR } from './kubernetes-manifests';
import { makeTestCertificates, TestCertificates } from './nats-conf';

describe("DATABASE_URL as the manifests give it, against a PostgreSQL that takes TLS only", () => {
  // A private server of this test's own (the shared one speaks no TLS): run as user postgres,
  // on a free port, its certificate signed by a CA of the test's, as CloudNativePG's is by its own.
  const BIN = join('/usr/lib/postgresql', readdirSync('/usr/lib/postgresql').sort().at(-1) ?? '15', 'bin');
  let certificates: TestCertificates;
  let otherCa: TestCertificates;
  let dir: string;
  let port: number;
  const asPostgres = (...args: string[]): string => execFileSync('runuser', ['-u', 'postgres', '--', ...args], { encoding: 'utf8', stdio: 'pipe' });

  /** The production overlay's DATABASE_URL for intake, the CNPG uri and the CA file put in. */
  function manifestDatabaseUrl(caFile: string, host = 'localhost'): string {
    const value = env(find(render('production'), 'Deployment', 'intake'), 'DATABASE_URL')?.value ?? '';
    return value.replace('$(DATABASE_APP_URI)', `postgresql://postgres@${host}:${port}/postgres`).replace(`${TLS_DIR}/database-ca.crt`, caFile);
  }

  beforeAll(async () => {
    certificates = makeTestCertificates('DNS:localhost');
    otherCa = makeTestCertificates();
    port = await freePort();
    dir = mkdtempSync(join(tmpdir(), 'opis-pg-tls-'));
    for (const file of [certificates.certFile, certificates.keyFile]) copyFileSync(file, join(dir, basename(file)));
    chmodSync(join(dir, basename(certificates.keyFile)), 0o600);
    execFileSync('chown', ['-R', 'postgres:postgres', dir]);
    asPostgres(`${BIN}/initdb`, '-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust');
    // TLS or nothing, as the clients' verify-full assumes.
    writeFileSync(join(dir, 'data', 'pg_hba.conf'), 'hostssl all all 127.0.0.1/32 trust\nhostnossl all all all reject\n');
    asPostgres(
      `${BIN}/pg_ctl`, '-D', join(dir, 'data'), '-w', '-l', join(dir, 'log'), 'start', '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c ssl=on -c ssl_cert_file=${join(dir, basename(certificates.certFile))} -c ssl_key_file=${join(dir, basename(certificates.keyFile))}`,
    );
  }, 60_000);

  afterAll(() => {
    if (dir) {
      try {
        asPostgres(`${BIN}/pg_ctl`, '-D', join(dir, 'data'), '-m', 'immediate', 'stop');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    for (const made of [certificates, otherCa]) if (made) rmSync(made.dir, { recursive: true, force: true });
  });

  it("connects through the platform's data source when the server's certificate is the CA's and names the host", async () => {
    await expect(runMigrations(manifestDatabaseUrl(certificates.caFile), [])).resolves.toEqual([]);
  });

  it('refuses a server whose certificate another CA signed, or does not name the host asked for', async () => {
    await expect(runMigrations(manifestDatabaseUrl(otherCa.caFile), [])).rejects.toThrow(/self-signed certificate|unable to verify/i);
    // The same server, asked for by its address, which its certificate (localhost only) does not name.
    await expect(runMigrations(manifestDatabaseUrl(certificates.caFile, '127.0.0.1'), [])).rejects.toThrow(/does not match certificate's altnames/);
  });
});