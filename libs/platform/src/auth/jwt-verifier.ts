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

/** Verifies bearer tokens against one public key or a remote JWKS; issuer and audience checked. */
export class JwtVerifier {
  private readonly key: KeyObject | JWTVerifyGetKey;

  constructor(private readonly options: JwtVerifierOptions) {
    if (options.publicKeyPem) {
      this.key = createPublicKey(options.publicKeyPem);
    } else if (options.jwksUrl) {
      this.key = createRemoteJWKSet(new URL(options.jwksUrl));
    } else {
      throw new Error('JwtVerifier needs a public key or a JWKS URL');
    }
  }

  public async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      const result =
        this.key instanceof KeyObject
          ? await jwtVerify(token, this.key, this.verifyOptions())
          : await jwtVerify(token, this.key, this.verifyOptions());
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
    return principalFromClaims(payload);
  }

  private verifyOptions(): { issuer: string; audience: string; algorithms: string[]; requiredClaims: string[] } {
    return {
      issuer: this.options.issuer,
      audience: this.options.audience,
      algorithms: ALGORITHMS,
      requiredClaims: ['sub', 'exp'],
    };
  }
}
