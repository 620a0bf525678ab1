import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SignJWT } from 'jose';

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

  describe('iat, age and lifetime', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const verifier = new JwtVerifier({
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      issuer: 'idp',
      audience: 'opis',
      maxTokenAgeSeconds: 3600,
      maxLifetimeSeconds: 7200,
    });
    const nowSeconds = Math.floor(Date.now() / 1000);
    const sign = (claims: { iat?: number; exp: number }) => {
      const jwt = new SignJWT({ roles: ['officer'], offices: ['CHP'] })
        .setProtectedHeader({ alg: 'ES256' })
        .setSubject('u4')
        .setIssuer('idp')
        .setAudience('opis')
        .setExpirationTime(claims.exp);
      return (claims.iat === undefined ? jwt : jwt.setIssuedAt(claims.iat)).sign(privateKey);
    };
    const refusal = async (token: string, now?: number) => {
      const error = await verifier.verify(token, now).then(
        () => undefined,
        (refused: unknown) => refused,
      );
      expect(error).toBeInstanceOf(AuthenticationError);
      return error as AuthenticationError;
    };

    it('accepts a token issued now that lives within the lifetime', async () => {
      await expect(verifier.verify(await sign({ iat: nowSeconds, exp: nowSeconds + 7200 }))).resolves.toMatchObject({ subject: 'u4' });
    });

    it('refuses a token without iat', async () => {
      expect((await refusal(await sign({ exp: nowSeconds + 600 }))).detail).toMatch(/no iat/);
    });

    it('refuses a token expiring in 2100, or living longer than the maximum lifetime', async () => {
      const in2100 = Math.floor(Date.UTC(2100, 0, 1) / 1000);
      expect((await refusal(await sign({ iat: nowSeconds, exp: in2100 }))).detail).toMatch(/lifetime/);
      expect((await refusal(await sign({ iat: nowSeconds, exp: nowSeconds + 7201 }))).detail).toMatch(/lifetime/);
    });

    it('refuses a token older than the maximum age though not expired, also once its verdict was cached', async () => {
      expect((await refusal(await sign({ iat: nowSeconds - 3700, exp: nowSeconds + 3000 }))).detail).toMatch(/issued more than 3600 seconds ago/);
      const token = await sign({ iat: nowSeconds, exp: nowSeconds + 7200 });
      const now = nowSeconds * 1000;
      await expect(verifier.verify(token, now)).resolves.toMatchObject({ subject: 'u4' });
      await expect(verifier.verify(token, now + 3_599_000)).resolves.toMatchObject({ subject: 'u4' });
      expect((await refusal(token, now + 3_601_000)).code).toBe('TOKEN_INVALID');
    });

    it('refuses a token issued in the future', async () => {
      expect((await refusal(await sign({ iat: nowSeconds + 600, exp: nowSeconds + 1200 }))).detail).toMatch(/future/);
    });

    it("holds a service account's token (role integration) to its own limits, and an officer's to the officers'", async () => {
      const withServiceLimits = new JwtVerifier({
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        issuer: 'idp',
        audience: 'opis',
        maxTokenAgeSeconds: 3600,
        maxLifetimeSeconds: 7200,
        serviceTokens: { maxTokenAgeSeconds: 30 * 86_400, maxLifetimeSeconds: 60 * 86_400 },
      });
      const signAs = (roles: string[], iat: number, exp: number) =>
        new SignJWT({ roles, offices: ['CHP'] }).setProtectedHeader({ alg: 'ES256' }).setSubject('svc').setIssuer('idp').setAudience('opis').setIssuedAt(iat).setExpirationTime(exp).sign(privateKey);
      const tenDaysOld = nowSeconds - 10 * 86_400;
      await expect(withServiceLimits.verify(await signAs(['integration'], tenDaysOld, tenDaysOld + 50 * 86_400))).resolves.toMatchObject({ subject: 'svc' });
      const officer = await withServiceLimits.verify(await signAs(['officer'], tenDaysOld, tenDaysOld + 50 * 86_400)).catch((error: unknown) => error);
      expect(officer).toBeInstanceOf(AuthenticationError);
      const tooOld = await withServiceLimits.verify(await signAs(['integration'], nowSeconds - 31 * 86_400, nowSeconds + 86_400)).catch((error: unknown) => error);
      expect((tooOld as AuthenticationError).detail).toMatch(/issued more than 2592000 seconds ago/);
      const tooLong = await withServiceLimits.verify(await signAs(['integration'], nowSeconds, nowSeconds + 61 * 86_400)).catch((error: unknown) => error);
      expect((tooLong as AuthenticationError).detail).toMatch(/lifetime/);
    });
  });
});
