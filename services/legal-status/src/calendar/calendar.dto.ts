import { IsString, Length } from 'class-validator';

import { IsCalendarDate } from '@opis/platform';

export class PutHolidayDto {
  @IsString()
  @Length(3, 200)
  public description!: string;
}

export class CreateSuspensionDto {
  /** The first day on which terms do not run. */
  @IsCalendarDate()
  public from!: string;

  /** The last day on which terms do not run (not before `from`). */
  @IsCalendarDate()
  public to!: string;

  /** The official notice that suspends the terms (IP-08), e.g. a DOF publication. */
  @IsString()
  @Length(3, 300)
  public legalBasis!: string;
}

/** Why a suspension is withdrawn (e.g. declared by mistake, or the notice was revoked): kept beside it. */
export class WithdrawSuspensionDto {
  // Spaces alone say nothing about why every office's deadlines move back: the shared
  // validation pipe refuses them (notBlank), as for any text with a minimum length.
  @IsString()
  @Length(3, 300)
  public reason!: string;
}
