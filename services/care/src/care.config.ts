import { CareNeed } from '@opis/contracts-care';
import { EnvIntegerBetween, FieldCryptoConfig } from '@opis/platform';

export const CARE_SERVICE_NAME = 'care';

const WEEK_MINUTES = 7 * 24 * 60;

/**
 * Care's environment. What the child's health screening, incidents and deliveries say in free
 * text is encrypted at rest with FIELD_KEYS (see FieldCryptoConfig; LOOKUP_KEY is validated with
 * it though care looks nothing up by hash), so care refuses to start without them. The due
 * windows are policy, not law (DOMAIN.md 4.2: "immediate" has no legal number), so each is
 * configurable; defaults are the proposed 2 h for HEALTH, FOOD and REST.
 */
export class CareConfig extends FieldCryptoConfig {
  public override PORT = 3002;

  @EnvIntegerBetween(0, WEEK_MINUTES)
  public CARE_DUE_HEALTH_MINUTES = 120;

  @EnvIntegerBetween(0, WEEK_MINUTES)
  public CARE_DUE_FOOD_MINUTES = 120;

  @EnvIntegerBetween(0, WEEK_MINUTES)
  public CARE_DUE_REST_MINUTES = 120;

  /** A change of clothes within the first shift (4 h): after health, food and rest, before the night. */
  @EnvIntegerBetween(0, WEEK_MINUTES)
  public CARE_DUE_CLOTHING_MINUTES = 240;

  /**
   * Psychological first aid "as needed" (DOMAIN.md 4.2); every child is offered it within the first
   * day (24 h) so that no child is left out because nobody asked.
   */
  @EnvIntegerBetween(0, WEEK_MINUTES)
  public CARE_DUE_PSYCHOLOGICAL_FIRST_AID_MINUTES = 24 * 60;

  /** An INM office is a short wait, never a stay (LM-01, LM-08): the placement's end is bounded. */
  @EnvIntegerBetween(15, 24 * 60)
  public CARE_INM_OFFICE_MAX_WAIT_MINUTES = 6 * 60;

  @EnvIntegerBetween(100, 3_600_000)
  public CARE_OVERDUE_SCAN_INTERVAL_MS = 60_000;

  public dueMinutes(): Record<CareNeed, number> {
    return {
      HEALTH: this.CARE_DUE_HEALTH_MINUTES,
      FOOD: this.CARE_DUE_FOOD_MINUTES,
      CLOTHING: this.CARE_DUE_CLOTHING_MINUTES,
      REST: this.CARE_DUE_REST_MINUTES,
      PSYCHOLOGICAL_FIRST_AID: this.CARE_DUE_PSYCHOLOGICAL_FIRST_AID_MINUTES,
    };
  }
}
