import { BaseServiceConfig, EnvIntegerBetween } from '@opis/platform';

export const STATISTICS_SERVICE_NAME = 'statistics';

/**
 * Statistics' environment. The thresholds are policy: DOMAIN.md 8.3 leaves the operative limit
 * for "immediate" notification and channelling open (24 h in the 2016 protocol, [U]), and the
 * small-cell threshold is a disclosure-control choice, not law.
 */
export class StatisticsConfig extends BaseServiceConfig {
  public override PORT = 3006;

  /** Cells below this are shown as `<N` to requesters without case-level access. */
  @EnvIntegerBetween(2, 100)
  public STATISTICS_SMALL_CELL_THRESHOLD = 5;

  /** The target for Procuraduría notification and DIF hand-over, from detection (INV-03, DOMAIN.md 8.3). */
  @EnvIntegerBetween(1, 7 * 24 * 60)
  public STATISTICS_HANDOVER_TARGET_MINUTES = 24 * 60;

  /** COMAR's decision term in working days (IP-02), when a claim's event carries no due date. */
  @EnvIntegerBetween(1, 365)
  public STATISTICS_COMAR_DECISION_WORKING_DAYS = 45;
}
