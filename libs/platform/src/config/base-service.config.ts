import { OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';
import {
  ArrayNotEmpty,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Min,
  ValidateIf,
} from 'class-validator';

import { DEV_TOKEN_ISSUER } from '../auth/dev-token-issuer';
import { EnvBoolean, EnvInteger, EnvIntegerBetween, EnvList, EnvPem } from './transforms';
import { NotInProduction } from './not-in-production.decorator';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const devKeysAllowed = (config: BaseServiceConfig): boolean =>
  config.AUTH_DEV_KEYS === true && config.NODE_ENV !== 'production';
const hasNoKeySource = (config: BaseServiceConfig): boolean =>
  !config.JWT_PUBLIC_KEY && !config.JWT_JWKS_URL && !devKeysAllowed(config);

/**
 * The environment every service needs, validated once at boot by `loadConfig`. Property names
 * are the variable names, so an error names exactly what to fix. Services extend it.
 */
export class BaseServiceConfig {
  @IsIn(NODE_ENVS)
  public NODE_ENV: NodeEnv = 'development';

  @IsString()
  @IsNotEmpty()
  public HOST = '0.0.0.0';

  @EnvIntegerBetween(0, 65535)
  public PORT = 3000;

  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true })
  public DATABASE_URL!: string;

  @IsUrl({ protocols: ['nats', 'tls'], require_tld: false, require_protocol: true })
  public NATS_URL!: string;

  @IsIn(LOG_LEVELS)
  public LOG_LEVEL: LogLevel = 'info';

  /** When set, this instance serves only these offices. */
  @IsOptional()
  @EnvList()
  @ArrayNotEmpty()
  @IsIn(OFFICE_CODES, { each: true })
  public OFFICES?: OfficeCode[];

  /**
   * Offices that have instances of their own (with OFFICES). The instance without OFFICES leaves
   * their events to them; the provisioning step creates their durables (ARCHITECTURE.md, Scale).
   */
  @IsOptional()
  @EnvList()
  @ArrayNotEmpty()
  @IsIn(OFFICE_CODES, { each: true })
  public DEDICATED_OFFICES?: OfficeCode[];

  /**
   * The chaos run's self-test starts services with deliberately broken consumers, to see its
   * checker fail (libs/messaging SELF_TEST_FAULTS). Never set otherwise; refused in production.
   */
  @IsOptional()
  @IsIn(['out-of-order', 'no-dedup', 'drop'])
  @NotInProduction((value: unknown) => value !== undefined, { message: 'MESSAGING_SELF_TEST_FAULT is refused in production' })
  public MESSAGING_SELF_TEST_FAULT?: 'out-of-order' | 'no-dedup' | 'drop';

  /**
   * How long published outbox rows are kept, in whole days (at least 1), so that a stream can be
   * refilled from them (`npm run outbox:republish`); an hourly job deletes older ones.
   */
  @EnvInteger()
  @IsInt()
  @Min(1)
  public OUTBOX_RETENTION_DAYS = 30;

  @ValidateIf((config: BaseServiceConfig) => hasNoKeySource(config) || config.JWT_PUBLIC_KEY !== undefined)
  @EnvPem()
  @Matches(/-----BEGIN PUBLIC KEY-----/, { message: 'JWT_PUBLIC_KEY must be a PEM public key (SPKI)' })
  @IsNotEmpty({ message: 'JWT_PUBLIC_KEY or JWT_JWKS_URL is required (AUTH_DEV_KEYS=true only outside production)' })
  public JWT_PUBLIC_KEY?: string;

  /** Over plain http the keys that sign every token could be swapped on the way; tests and dev serve them locally. */
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_tld: false, require_protocol: true })
  @NotInProduction((value: unknown) => typeof value === 'string' && !/^https:/i.test(value), {
    message: 'JWT_JWKS_URL must be https in production',
  })
  public JWT_JWKS_URL?: string;

  /**
   * Seconds since a token's `iat` after which it is refused, whatever its `exp`: a leaked token
   * stays useful for a bounded time. Tokens without `iat` are refused.
   */
  @EnvIntegerBetween(60, 7 * 24 * 60 * 60)
  public JWT_MAX_TOKEN_AGE_SECONDS = 24 * 60 * 60;

  /** The longest `exp - iat` accepted: a token expiring in 2100 was a credential that never ended. */
  @EnvIntegerBetween(60, 7 * 24 * 60 * 60)
  public JWT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;

  /**
   * The same two limits for a service account's token (role `integration`): family-contact and
   * repatriation hold theirs in a secret that operations rotate, not an officer's session, so a
   * day would stop every consular contact and return the next morning (fail safe, but stopped).
   * Still bounded: a leaked one stops working at the next rotation.
   */
  @EnvIntegerBetween(60, 180 * 24 * 60 * 60)
  public JWT_MAX_SERVICE_TOKEN_AGE_SECONDS = 90 * 24 * 60 * 60;

  @EnvIntegerBetween(60, 180 * 24 * 60 * 60)
  public JWT_MAX_SERVICE_TOKEN_LIFETIME_SECONDS = 90 * 24 * 60 * 60;

  @ValidateIf((config: BaseServiceConfig) => !devKeysAllowed(config) || config.JWT_ISSUER !== undefined)
  @IsString()
  @IsNotEmpty()
  @NotInProduction(DEV_TOKEN_ISSUER, { message: `JWT_ISSUER ${DEV_TOKEN_ISSUER} is refused in production` })
  public JWT_ISSUER?: string;

  @IsString()
  @IsNotEmpty()
  public JWT_AUDIENCE = 'opis';

  @EnvBoolean()
  @IsBoolean()
  @NotInProduction(true, { message: 'AUTH_DEV_KEYS=true is refused in production' })
  public AUTH_DEV_KEYS = false;

  @EnvIntegerBetween(1024, 64 * 1024 * 1024)
  public HTTP_BODY_LIMIT_BYTES = 64 * 1024;

  /**
   * How deep objects and arrays may nest in a request body. Deeper is refused 400 BODY_TOO_DEEP
   * before validation: class-transformer and class-validator recurse, and about 1,500 levels
   * (3 KB) overflowed the stack, a 500 on every route with a body. The APIs nest a few levels.
   */
  @EnvIntegerBetween(4, 256)
  public HTTP_BODY_MAX_DEPTH = 32;

  /**
   * Requests served at once (health and metrics aside). Beyond it a request is answered 503
   * SERVICE_BUSY with Retry-After at once, before anything is read or written: an overloaded
   * service keeps its memory instead of queueing without bound. In bench:platform, intake over
   * capacity held 256 waiting registrations and grew past 200 MB.
   */
  @EnvIntegerBetween(1, 100_000)
  public HTTP_MAX_IN_FLIGHT = 64;

  /**
   * Requests one client may make per RATE_LIMIT_WINDOW_SECONDS; beyond it 429 with Retry-After.
   * A client is the token's subject once verified, else the address. Generous (100 a second
   * sustained): it bounds a runaway script or a stolen token, not an officer's work; load tests
   * that drive one subject harder raise it.
   */
  @EnvIntegerBetween(1, 100_000_000)
  public RATE_LIMIT_MAX = 6000;

  @EnvIntegerBetween(1, 24 * 60 * 60)
  public RATE_LIMIT_WINDOW_SECONDS = 60;

  /**
   * /metrics is served on this port alone, never on PORT (which the ingress exposes): request
   * counts by route and process figures are for the scraper, kept apart by a NetworkPolicy.
   * Unset: no metrics endpoint. 0 picks a free port (tests).
   */
  @IsOptional()
  @EnvIntegerBetween(0, 65535)
  public METRICS_PORT?: number;

  /** Loopback unless the scraper runs on another host (in Kubernetes, 0.0.0.0 with the NetworkPolicy). */
  @IsString()
  @IsNotEmpty()
  public METRICS_HOST = '127.0.0.1';
}
