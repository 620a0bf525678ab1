import { KeyObject } from 'node:crypto';

import { SignJWT } from 'jose';

import { Role } from './principal';

export interface TokenClaims {
  subject: string;
  roles: readonly Role[];
  offices: readonly string[];
}

export interface SignOptions {
  issuer: string;
  audience: string;
  /** A jose time span (`8h`, `15m`) or seconds from now; negative makes an expired token. */
  ttl?: string | number;
  /** Tests of refused tokens: `iat` in seconds since the epoch, or null to leave it out. */
  issuedAt?: number | null;
  /** Tests of refused tokens: `exp` in seconds since the epoch, instead of `ttl`. */
  expiresAt?: number;
}

export async function signToken(privateKey: KeyObject, claims: TokenClaims, options: SignOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const ttl = options.ttl ?? '8h';
  const jwt = new SignJWT({ roles: [...claims.roles], offices: [...claims.offices] })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
    .setSubject(claims.subject)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setExpirationTime(options.expiresAt ?? (typeof ttl === 'number' ? now + ttl : ttl));
  // Verifiers refuse a token without iat, or older than their maximum age (JWT_MAX_TOKEN_AGE_SECONDS).
  if (options.issuedAt !== null) jwt.setIssuedAt(options.issuedAt ?? (typeof ttl === 'number' && ttl < 0 ? now + ttl - 60 : now));
  return jwt.sign(privateKey);
}
