import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

import { LEGAL_CASE_STATUS_TIMEOUT_MS } from '@opis/contracts-legal-status';
import { EnvIntegerBetween, FieldCryptoConfig } from '@opis/platform';

export const REPATRIATION_SERVICE_NAME = 'repatriation';

/**
 * Repatriation's environment. Windows, points and hours are data (tables with admin endpoints,
 * RP-07, RP-08, US-03 are [U]), not variables. A closed return's follow-up note is encrypted at
 * rest with FIELD_KEYS (see FieldCryptoConfig; LOOKUP_KEY is validated with it though repatriation
 * looks nothing up by hash), so repatriation refuses to start without them.
 */
export class RepatriationConfig extends FieldCryptoConfig {
  public override PORT = 3005;

  /** How long approval and departure wait for legal-status before refusing (fail safe, INV-01). */
  @EnvIntegerBetween(100, 30_000)
  public LEGAL_STATUS_TIMEOUT_MS = LEGAL_CASE_STATUS_TIMEOUT_MS;

  /**
   * Repatriation's service token for `opis.legal-status.q.case-status`: a JWT with role
   * `integration` and the offices this instance serves (or `national`). Without it every approval
   * and departure is refused (fail safe); with AUTH_DEV_KEYS a dev token is minted.
   */
  @IsOptional()
  @IsString()
  @MinLength(20)
  @MaxLength(8_192)
  public LEGAL_STATUS_TOKEN?: string;
}
