import { IsInt, Max, Min } from 'class-validator';

import { BaseServiceConfig, EnvInteger } from '@opis/platform';

export const INTAKE_SERVICE_NAME = 'intake';

/** Intake's environment. INV-03 thresholds are policy (the law says "immediate"), so configurable. */
export class IntakeConfig extends BaseServiceConfig {
  public override PORT = 3001;

  /** INV-03: escalate an open notification or channelling clock after this long (default 6 h). */
  @EnvInteger()
  @IsInt()
  @Min(0)
  @Max(7 * 24 * 60)
  public DEADLINE_ESCALATION_MINUTES = 6 * 60;

  /** INV-03, GD-15: breach after this long (default 24 h, the 2016 protocol's figure). */
  @EnvInteger()
  @IsInt()
  @Min(1)
  @Max(14 * 24 * 60)
  public DEADLINE_BREACH_MINUTES = 24 * 60;

  @EnvInteger()
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  public DEADLINE_SCAN_INTERVAL_MS = 60_000;
}
