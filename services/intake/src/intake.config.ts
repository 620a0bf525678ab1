import { ArrayNotEmpty, IsIn } from 'class-validator';

import { AGE_DETERMINING_AUTHORITIES, AgeDeterminingAuthority } from '@opis/contracts-intake';
import { BaseServiceConfig, EnvIntegerBetween, EnvList } from '@opis/platform';

export const INTAKE_SERVICE_NAME = 'intake';

/** Intake's environment. INV-03 thresholds are policy (the law says "immediate"), so configurable. */
export class IntakeConfig extends BaseServiceConfig {
  public override PORT = 3001;

  /** INV-03: escalate an open notification or channelling clock after this long (default 6 h). */
  @EnvIntegerBetween(0, 7 * 24 * 60)
  public DEADLINE_ESCALATION_MINUTES = 6 * 60;

  /** INV-03, GD-15: breach after this long (default 24 h, the 2016 protocol's figure). */
  @EnvIntegerBetween(1, 14 * 24 * 60)
  public DEADLINE_BREACH_MINUTES = 24 * 60;

  @EnvIntegerBetween(100, 3_600_000)
  public DEADLINE_SCAN_INTERVAL_MS = 60_000;

  /**
   * RLM-05 [U]: the notice to the Public Prosecutor is due this long after the trafficking
   * indicators are recorded. The rule names no time; default 24 h, the figure INV-03 uses.
   */
  @EnvIntegerBetween(1, 14 * 24 * 60)
  public MP_NOTICE_DUE_MINUTES = 24 * 60;

  /**
   * GD-12, DOMAIN.md 3.3 [U]: the authorities whose documented age determination takes a person
   * out of the child flow. Who is competent is not settled in the sources, so it is policy; an
   * INM officer alone never is (GD-12), and cannot be configured to be. The consulate is not
   * competent by default: asking it means telling the country of origin about a child who may be
   * seeking protection from it (INV-06, RLM-05), which nothing here clears with legal-status.
   */
  @EnvList()
  @ArrayNotEmpty()
  @IsIn(AGE_DETERMINING_AUTHORITIES.filter((authority) => authority !== 'INM_OFFICER'), { each: true })
  public AGE_COMPETENT_AUTHORITIES: AgeDeterminingAuthority[] = ['PROCURADURIA', 'CIVIL_REGISTRY', 'JUDICIAL_AUTHORITY'];
}
