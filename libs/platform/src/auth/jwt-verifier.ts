import { createPublicKey, KeyObject } from 'node:crypto';

import { createRemoteJWKSet, errors, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';

import { AuthenticationError, DomainError } from '../errors/domain-error';
import { ErrorKind } from '../errors/error-kind';
import { Principal, principalFromClaims } from './principal';

export interface JwtVerifierOptions {
  issuer: string;
  audience: string;
  publicKeyPem?: string;
  jwksUrl?: string;
}

const ALGORITHMS = ['ES256', 'RS256'];
/** An officer sends the same token with every request; its signature is checked once a minute. */
const VERIFIED_TTL_MS = 60_000;
const VERIFIED_MAX_ENTRIES = 10_000;

interface VerifiedToken {
  principal: Principal;
  /** The earlier of the token's expiry and the cache lifetime. */
  validUntil: number;
}

/** Verifies bearer tokens against one public key or a remote JWKS; issuer and audience checked. */
export class JwtVerifier {
  private readonly key: KeyObject | JWTVerifyGetKey;
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(private readonly options: JwtVerifierOptions) {
    if (options.publicKeyPem) {
      this.key = createPublicKey(options.publicKeyPem);
    } else if (options.jwksUrl) {
      this.key = createRemoteJWKSet(new URL(options.jwksUrl));
    } else {
      throw new Error('JwtVerifier needs a public key or a JWKS URL');
    }
  }

  public async verify(token: string, now: number = Date.now()): Promise<Principal> {
    const known = this.verified.get(token);
    if (known && known.validUntil > now) return known.principal;
    this.verified.delete(token);
    const payload = await this.verifySignature(token, now);
    const principal = principalFromClaims(payload);
    if (this.verified.size >= VERIFIED_MAX_ENTRIES) {
      // Maps iterate in insertion order: drop the oldest.
      this.verified.delete(this.verified.keys().next().value as string);
    }
    this.verified.set(token, {
      principal,
      validUntil: Math.min(now + VERIFIED_TTL_MS, (payload.exp ?? 0) * 1000),
    });
    return principal;
  }

  private async verifySignature(token: string, now: number): Promise<JWTPayload> {
    let payload: JWTPayload;
    try {
      const result =
        this.key instanceof KeyObject
          ? await jwtVerify(token, this.key, this.verifyOptions(now))
          : await jwtVerify(token, this.key, this.verifyOptions(now));
      payload = result.payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new AuthenticationError('TOKEN_INVALID', 'The token has expired.');
      if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) {
        // The key source could not be reached: the token is not known to be bad.
        throw new DomainError({
          code: 'AUTH_UNAVAILABLE',
          kind: ErrorKind.UNAVAILABLE,
          detail: 'Tokens cannot be verified at the moment.',
        });
      }
      throw new AuthenticationError('TOKEN_INVALID', 'The token is not valid.');
    }
    return payload;
  }

  private verifyOptions(now: number) {
    return {
      currentDate: new Date(now),
      issuer: this.options.issuer,
      audience: this.options.audience,
      algorithms: ALGORITHMS,
      requiredClaims: ['sub', 'exp'],
    };
  }
}
