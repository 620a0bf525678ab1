import { IsNotEmpty, IsOptional, IsString, IsUrl, ValidateIf } from 'class-validator';

import { BaseServiceConfig } from '@opis/platform';

export const GATEWAY_SERVICE_NAME = 'gateway';

const serviceUrl = () => IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true });

/**
 * The gateway's environment: where each service answers (the console reaches them at
 * /api/<service>/v1/...), and the folder of the built console. The defaults are `npm start`'s ports.
 */
export class GatewayConfig extends BaseServiceConfig {
  public override PORT = 3000;

  @serviceUrl()
  public INTAKE_URL = 'http://127.0.0.1:3001';

  @serviceUrl()
  public CARE_URL = 'http://127.0.0.1:3002';

  @serviceUrl()
  public FAMILY_CONTACT_URL = 'http://127.0.0.1:3003';

  @serviceUrl()
  public LEGAL_STATUS_URL = 'http://127.0.0.1:3004';

  @serviceUrl()
  public REPATRIATION_URL = 'http://127.0.0.1:3005';

  @serviceUrl()
  public STATISTICS_URL = 'http://127.0.0.1:3006';

  /** Unset: /api/notifications answers 503 (a platform started without it). */
  @IsOptional()
  @serviceUrl()
  public NOTIFICATIONS_URL?: string = 'http://127.0.0.1:3007';

  /**
   * The agency's identity provider, for the console's sign-in (authorization code with PKCE): its
   * authorization and token endpoints and the console's client id. All three or none; none leaves
   * the development sign-in only.
   */
  @ValidateIf((config: GatewayConfig) => Boolean(config.OIDC_TOKEN_URL || config.OIDC_CLIENT_ID || config.OIDC_AUTHORIZE_URL))
  @IsUrl({ protocols: ['https', 'http'], require_tld: false, require_protocol: true })
  public OIDC_AUTHORIZE_URL?: string;

  @ValidateIf((config: GatewayConfig) => Boolean(config.OIDC_TOKEN_URL || config.OIDC_CLIENT_ID || config.OIDC_AUTHORIZE_URL))
  @IsUrl({ protocols: ['https', 'http'], require_tld: false, require_protocol: true })
  public OIDC_TOKEN_URL?: string;

  @ValidateIf((config: GatewayConfig) => Boolean(config.OIDC_TOKEN_URL || config.OIDC_CLIENT_ID || config.OIDC_AUTHORIZE_URL))
  @IsString()
  @IsNotEmpty()
  public OIDC_CLIENT_ID?: string;

  @IsString()
  @IsNotEmpty()
  public OIDC_SCOPE = 'openid';

  /** The built console (`nx run console:build`); relative to the working directory. */
  @IsString()
  public CONSOLE_DIR = 'dist/apps/console';
}

/** The services behind the gateway, by the name the console uses in /api/<name>/. */
export function upstreamsOf(config: GatewayConfig): Record<string, string | undefined> {
  return {
    intake: config.INTAKE_URL,
    care: config.CARE_URL,
    'family-contact': config.FAMILY_CONTACT_URL,
    'legal-status': config.LEGAL_STATUS_URL,
    repatriation: config.REPATRIATION_URL,
    statistics: config.STATISTICS_URL,
    notifications: config.NOTIFICATIONS_URL,
  };
}
