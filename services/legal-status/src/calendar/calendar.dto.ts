import { IsString, Length, Matches } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class PutHolidayDto {
  @IsString()
  @Length(3, 200)
  public description!: string;
}

export class CreateSuspensionDto {
  @Matches(DATE, { message: 'from must be a date (YYYY-MM-DD)' })
  public from!: string;

  @Matches(DATE, { message: 'to must be a date (YYYY-MM-DD)' })
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
