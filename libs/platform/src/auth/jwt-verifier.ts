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
  /**
   * A token issued longer ago than this is refused, whatever its expiry: a stolen token is
   * useful for a bounded time even when the issuer set a long `exp`. Seconds; default 24 h.
   */
  maxTokenAgeSeconds?: number;
  /** `exp - iat` above this is refused: a token expiring in 2100 is a credential that never ends. */
  maxLifetimeSeconds?: number;
  /** Both limits for a service account's token (role `integration`); default: the officers' limits. */
  serviceTokens?: { maxTokenAgeSeconds: number; maxLifetimeSeconds: number };
}

export const DEFAULT_MAX_TOKEN_AGE_SECONDS = 24 * 60 * 60;
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;

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

  private limitsFor(principal: Principal): { maxTokenAgeSeconds: number; maxLifetimeSeconds: number } {
    const officers = {
      maxTokenAgeSeconds: this.options.maxTokenAgeSeconds ?? DEFAULT_MAX_TOKEN_AGE_SECONDS,
      maxLifetimeSeconds: this.options.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
    };
    return principal.roles.includes('integration') ? (this.options.serviceTokens ?? officers) : officers;
  }

  /** jose checks the age against the widest limit; the principal's own limit is checked after. */
  private get widestTokenAgeSeconds(): number {
    return Math.max(this.options.maxTokenAgeSeconds ?? DEFAULT_MAX_TOKEN_AGE_SECONDS, this.options.serviceTokens?.maxTokenAgeSeconds ?? 0);
  }

  public async verify(token: string, now: number = Date.now()): Promise<Principal> {
    const known = this.verified.get(token);
    if (known && known.validUntil > now) return known.principal;
    this.verified.delete(token);
    const payload = await this.verifySignature(token, now);
    const principal = principalFromClaims(payload);
    const { maxTokenAgeSeconds, maxLifetimeSeconds } = this.limitsFor(principal);
    // jose has required both claims; the age and the lifetime (the issuer's choice) are checked here.
    if (Math.floor(now / 1000) - (payload.iat as number) > maxTokenAgeSeconds) {
      throw new AuthenticationError('TOKEN_INVALID', `The token was issued more than ${maxTokenAgeSeconds} seconds ago.`);
    }
    if ((payload.exp as number) - (payload.iat as number) > maxLifetimeSeconds) {
      throw new AuthenticationError('TOKEN_INVALID', `The token's lifetime is longer than ${maxLifetimeSeconds} seconds.`);
    }
    if (this.verified.size >= VERIFIED_MAX_ENTRIES) {
      // Maps iterate in insertion order: drop the oldest.
      this.verified.delete(this.verified.keys().next().value as string);
    }
    this.verified.set(token, {
      principal,
      // A cached verdict must not outlive the token's expiry or its maximum age.
      validUntil: Math.min(now + VERIFIED_TTL_MS, (payload.exp ?? 0) * 1000, ((payload.iat ?? 0) + maxTokenAgeSeconds) * 1000),
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
      if (error instanceof errors.JWTExpired) {
        throw new AuthenticationError(
          'TOKEN_INVALID',
          error.claim === 'iat' ? `The token was issued more than ${this.widestTokenAgeSeconds} seconds ago.` : 'The token has expired.',
        );
      }
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'iat') {
        throw new AuthenticationError(
          'TOKEN_INVALID',
          error.reason === 'missing' ? 'The token has no iat (issued at) claim.' : 'The token is issued in the future.',
        );
      }
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
      requiredClaims: ['sub', 'exp', 'iat'],
      maxTokenAge: this.widestTokenAgeSeconds,
    };
  }
}
