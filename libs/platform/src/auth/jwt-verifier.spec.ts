import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AuthenticationError } from '../errors/domain-error';
import { DEV_TOKEN_AUDIENCE, ensureDevKeys, mintToken } from './dev-keys';
import { DEV_TOKEN_ISSUER } from './dev-token-issuer';
import { JwtVerifier } from './jwt-verifier';
import { Principal } from './principal';
import { createTestSigner } from './test-signer';

describe('JwtVerifier', () => {
  const directory = mkdtempSync(join(tmpdir(), 'opis-dev-keys-'));

  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('verifies dev tokens minted with the key made on first use', async () => {
    const keys = ensureDevKeys(directory);
    expect(ensureDevKeys(directory).publicKeyPem).toBe(keys.publicKeyPem);
    const verifier = new JwtVerifier({
      publicKeyPem: keys.publicKeyPem,
      issuer: DEV_TOKEN_ISSUER,
      audience: DEV_TOKEN_AUDIENCE,
    });
    const token = await mintToken({ roles: ['officer', 'auditor'], offices: ['CHP'], subject: 'u1', keysDirectory: directory });
    await expect(verifier.verify(token)).resolves.toEqual({
      subject: 'u1',
      roles: ['officer', 'auditor'],
      offices: ['CHP'],
    });
  });

  it('refuses another issuer or audience, and drops unknown roles and offices', async () => {
    const signer = createTestSigner();
    const verifier = new JwtVerifier({
      publicKeyPem: signer.publicKeyPem,
      issuer: signer.issuer,
      audience: signer.audience,
    });
    const principal: Principal = { subject: 'u1', roles: ['officer'], offices: ['CHP'] };
    const otherIssuer = await signer.mint(principal, { issuer: DEV_TOKEN_ISSUER });
    const otherAudience = await signer.mint(principal, { audience: 'other' });
    await expect(verifier.verify(otherIssuer)).rejects.toBeInstanceOf(AuthenticationError);
    await expect(verifier.verify(otherAudience)).rejects.toBeInstanceOf(AuthenticationError);
    const odd = await signer.mint({ subject: 'u1', roles: ['officer', 'root' as 'officer'], offices: ['CHP', 'XXX' as 'CHP'] });
    await expect(verifier.verify(odd)).resolves.toEqual({ subject: 'u1', roles: ['officer'], offices: ['CHP'] });
  });

  it('checks a token again once it has expired, even after it was verified', async () => {
    const signer = createTestSigner();
    const verifier = new JwtVerifier({ publicKeyPem: signer.publicKeyPem, issuer: signer.issuer, audience: signer.audience });
    const token = await signer.mint({ subject: 'u3', roles: ['officer'], offices: ['CHP'] }, { ttl: 30 });
    const now = Date.now();
    await expect(verifier.verify(token, now)).resolves.toMatchObject({ subject: 'u3' });
    await expect(verifier.verify(token, now + 10_000)).resolves.toMatchObject({ subject: 'u3' });
    await expect(verifier.verify(token, now + 31_000)).rejects.toBeInstanceOf(AuthenticationError);
  });
});
