import { IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';

import { BaseServiceConfig, EnvIntegerBetween, EnvString } from '@opis/platform';

export const NOTIFICATIONS_SERVICE_NAME = 'notifications';

/**
 * Notifications' environment. Email goes out only with NOTIFY_SMTP_URL, SMS only with
 * NOTIFY_SMS_WEBHOOK_URL: without them a task still opens, shows in the API and the live stream,
 * and escalates. Messages link to NOTIFY_LINK_BASE_URL (the console, or this API).
 */
export class NotificationsConfig extends BaseServiceConfig {
  public override PORT = 3007;

  /** smtp://host:port (smtps:// for TLS); credentials in the URL's user info. */
  @IsOptional()
  @EnvString()
  @IsUrl({ protocols: ['smtp', 'smtps'], require_tld: false, require_protocol: true })
  public NOTIFY_SMTP_URL?: string;

  @IsString()
  @MaxLength(200)
  public NOTIFY_EMAIL_FROM = 'OPIS alertas <alertas@opis.invalid>';

  /** The SMS provider's webhook: POST {to, text} as JSON. */
  @IsOptional()
  @EnvString()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  public NOTIFY_SMS_WEBHOOK_URL?: string;

  /** Sent as `Authorization: Bearer …` to the SMS webhook when set. */
  @IsOptional()
  @EnvString()
  @IsString()
  public NOTIFY_SMS_WEBHOOK_TOKEN?: string;

  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  public NOTIFY_LINK_BASE_URL = 'http://127.0.0.1:3007';

  /** How often unacknowledged tasks are looked at for escalation. */
  @EnvIntegerBetween(50, 3_600_000)
  public NOTIFY_ESCALATION_INTERVAL_MS = 15_000;

  /** How often pending emails and SMS are sent. */
  @EnvIntegerBetween(50, 600_000)
  public NOTIFY_DELIVERY_INTERVAL_MS = 1_000;

  /** How often the live stream looks for task changes (any instance's). */
  @EnvIntegerBetween(50, 60_000)
  public NOTIFY_STREAM_POLL_MS = 500;

  /**
   * Live streams one instance holds open. Each counts as a request in flight for the platform's
   * overload guard, so HTTP_MAX_IN_FLIGHT's default here leaves the usual 64 for the rest.
   */
  @EnvIntegerBetween(1, 10_000)
  public NOTIFY_STREAM_MAX = 200;

  @EnvIntegerBetween(1, 100_000)
  public override HTTP_MAX_IN_FLIGHT = 264;

  /** Sending attempts before a delivery is given up as FAILED. */
  @EnvIntegerBetween(1, 100)
  public NOTIFY_DELIVERY_MAX_ATTEMPTS = 8;
}
