import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

import { LEGAL_CASE_STATUS_TIMEOUT_MS } from '@opis/contracts-legal-status';
import { EnvIntegerBetween, FieldCryptoConfig } from '@opis/platform';

export const FAMILY_CONTACT_SERVICE_NAME = 'family-contact';

/**
 * Family-contact's environment. Names and phone numbers are encrypted with FIELD_KEYS and found
 * by LOOKUP_KEY (see FieldCryptoConfig). The first-call deadline is policy, so configurable.
 */
export class FamilyContactConfig extends FieldCryptoConfig {
  public override PORT = 3003;

  /** The first free phone call is due this long after detection, DOMAIN.md's T0 (default 24 h). */
  @EnvIntegerBetween(1, 14 * 24 * 60)
  public FIRST_CALL_DEADLINE_MINUTES = 24 * 60;

  @EnvIntegerBetween(100, 3_600_000)
  public FIRST_CALL_SCAN_INTERVAL_MS = 60_000;

  /**
   * Tracing may be concluded as NOT_LOCATED only after this many days of it (DOMAIN.md 4.3,
   * "not located after N days"; N is policy: the plan must then consider alternatives).
   */
  @EnvIntegerBetween(0, 365)
  public NOT_LOCATED_AFTER_DAYS = 30;

  /** How long a consular contact waits for legal-status before refusing (fail safe, INV-06). */
  @EnvIntegerBetween(100, 30_000)
  public LEGAL_STATUS_TIMEOUT_MS = LEGAL_CASE_STATUS_TIMEOUT_MS;

  /**
   * Family-contact's service token for `opis.legal-status.q.case-status`: a JWT with role
   * `integration` and the offices this instance serves (or `national`). Without it, legal-status
   * refuses and consular contact is refused (fail safe); with AUTH_DEV_KEYS a dev token is minted.
   */
  @IsOptional()
  @IsString()
  @MinLength(20)
  @MaxLength(8_192)
  public LEGAL_STATUS_TOKEN?: string;
}
