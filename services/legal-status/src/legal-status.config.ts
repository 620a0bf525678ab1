import { EnvIntegerBetween, FieldCryptoConfig } from '@opis/platform';

export const LEGAL_STATUS_SERVICE_NAME = 'legal-status';

/**
 * Legal-status's environment. What the child said and understood is encrypted at rest with
 * FIELD_KEYS (see FieldCryptoConfig; LOOKUP_KEY is validated with it though legal-status looks
 * nothing up by hash). Terms the law leaves open or marks [K]/[U] are policy, so configurable.
 */
export class LegalStatusConfig extends FieldCryptoConfig {
  public override PORT = 3004;

  /** A status change must be explained to the child within this long (LM-16, INV-11; default 24 h). */
  @EnvIntegerBetween(1, 14 * 24 * 60)
  public INFORM_DEADLINE_MINUTES = 24 * 60;

  @EnvIntegerBetween(100, 3_600_000)
  public INFORM_SCAN_INTERVAL_MS = 60_000;

  /** INF-02 [U]: sessions longer than this are flagged in the record (never refused). */
  @EnvIntegerBetween(5, 480)
  public SESSION_DURATION_WARNING_MINUTES = 45;

  /** IP-01: working days from entry to file a protection claim without giving reasons for the delay. */
  @EnvIntegerBetween(1, 365)
  public CLAIM_FILING_WORKING_DAYS = 30;

  /** IP-02: working days COMAR has to decide; IP-03 doubles it once. */
  @EnvIntegerBetween(1, 365)
  public CLAIM_DECISION_WORKING_DAYS = 45;

  /** IP-07 [U]: working days to appeal a denial. */
  @EnvIntegerBetween(1, 365)
  public APPEAL_WINDOW_WORKING_DAYS = 15;

  /** IP-02: the working days of COMAR's term on which an approaching decision is alerted (also within an extension, IP-03). */
  @EnvIntegerBetween(1, 365)
  public CLAIM_FIRST_ALERT_WORKING_DAY = 30;

  @EnvIntegerBetween(1, 365)
  public CLAIM_SECOND_ALERT_WORKING_DAY = 40;

  /** LM-17, IP-06 [U]: working days to complete the permanent-residence task a positive decision opens. */
  @EnvIntegerBetween(1, 365)
  public RESIDENCE_TASK_WORKING_DAYS = 30;

  @EnvIntegerBetween(100, 3_600_000)
  public DEADLINE_SCAN_INTERVAL_MS = 60_000;

  /** IP-04: COMAR notifies INM of a claim within this many hours. */
  @EnvIntegerBetween(1, 24 * 30)
  public COMAR_NOTICE_HOURS = 72;
}
