import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, IsUrl, Matches, MaxLength } from 'class-validator';

import { DomainError, ErrorKind, Public } from '@opis/platform';

import { GatewayConfig } from '../gateway.config';

export class TokenExchangeDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(2048)
  public code!: string;

  /** RFC 7636: 43 to 128 characters of the unreserved set. */
  @Matches(/^[A-Za-z0-9._~-]{43,128}$/)
  public codeVerifier!: string;

  @IsUrl({ protocols: ['https', 'http'], require_tld: false, require_protocol: true })
  public redirectUri!: string;
}

export interface SignInConfigView {
  /** False: no identity provider is configured (development sign-in only). */
  enabled: boolean;
  authorizeUrl: string | null;
  clientId: string | null;
  scope: string;
}

export interface TokenView {
  accessToken: string;
  expiresIn: number | null;
}

/**
 * The console's sign-in with the agency's identity provider (authorization code with PKCE). The
 * browser sends the officer to the provider and back with a code; the gateway exchanges it for
 * the access token at the provider's token endpoint, server to server, so that the console's
 * content security policy keeps every connection on its own origin. The token is handed to the
 * console as it came: the services verify it (JWT_JWKS_URL).
 */
@ApiTags('sign-in')
@Controller('auth')
export class SignInController {
  constructor(private readonly config: GatewayConfig) {}

  @Get('config')
  @Public()
  @ApiOperation({ summary: 'Where the console sends the officer to sign in, if an identity provider is configured' })
  public signInConfig(): SignInConfigView {
    const enabled = Boolean(this.config.OIDC_AUTHORIZE_URL && this.config.OIDC_TOKEN_URL && this.config.OIDC_CLIENT_ID);
    return { enabled, authorizeUrl: enabled ? (this.config.OIDC_AUTHORIZE_URL ?? null) : null, clientId: enabled ? (this.config.OIDC_CLIENT_ID ?? null) : null, scope: this.config.OIDC_SCOPE };
  }

  @Post('token')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange the authorization code and its PKCE verifier for the officer’s access token' })
  public async token(@Body() body: TokenExchangeDto): Promise<TokenView> {
    const { OIDC_TOKEN_URL: tokenUrl, OIDC_CLIENT_ID: clientId } = this.config;
    if (!tokenUrl || !clientId) {
      throw new DomainError({ kind: ErrorKind.NOT_FOUND, code: 'SIGN_IN_NOT_CONFIGURED', detail: 'No identity provider is configured here.' });
    }
    const form = new URLSearchParams({ grant_type: 'authorization_code', code: body.code, code_verifier: body.codeVerifier, redirect_uri: body.redirectUri, client_id: clientId });
    const answer = await fetch(tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form }).catch(() => undefined);
    if (!answer) throw new DomainError({ kind: ErrorKind.UNAVAILABLE, code: 'IDENTITY_PROVIDER_UNAVAILABLE', detail: 'The identity provider did not answer; try again shortly.' });
    const tokens = (await answer.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown };
    if (!answer.ok || typeof tokens.access_token !== 'string') {
      // The provider's reason (an expired or reused code, a wrong verifier) is not echoed: sign in again.
      throw new DomainError({ kind: ErrorKind.UNAUTHENTICATED, code: 'SIGN_IN_REFUSED', detail: 'The identity provider refused the sign-in; sign in again.' });
    }
    return { accessToken: tokens.access_token, expiresIn: typeof tokens.expires_in === 'number' ? tokens.expires_in : null };
  }
}
