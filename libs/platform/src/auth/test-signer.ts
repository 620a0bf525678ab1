import { generateKeyPairSync } from 'node:crypto';

import { Principal } from './principal';
import { signToken } from './token-signer';

export interface MintOptions {
  ttl?: string | number;
  issuer?: string;
  audience?: string;
  /** Seconds since the epoch, or null for a token without `iat`. */
  issuedAt?: number | null;
  /** Seconds since the epoch, instead of `ttl`. */
  expiresAt?: number;
}

export interface TestSigner {
  publicKeyPem: string;
  issuer: string;
  audience: string;
  /** `ttl`: a jose span or seconds from now; negative for an expired token. */
  mint(principal: Principal, options?: MintOptions): Promise<string>;
}

/** An in-memory ES256 key pair for tests; configure the app with its publicKeyPem, issuer, audience. */
export function createTestSigner(issuer = 'opis-test', audience = 'opis'): TestSigner {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    issuer,
    audience,
    mint: (principal, options = {}) =>
      signToken(privateKey, principal, {
        issuer: options.issuer ?? issuer,
        audience: options.audience ?? audience,
        ttl: options.ttl ?? '1h',
        issuedAt: options.issuedAt,
        expiresAt: options.expiresAt,
      }),
  };
}
