import { IsIn, Matches } from 'class-validator';

import { AGE_STATUSES, AgeStatus } from '@opis/contracts-intake';

/** The day the child turns 18, as read in intake's identity record, and how the age is known (GD-12). */
export class ComingOfAgeDto {
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'turnsEighteenOn must be a date (YYYY-MM-DD)' })
  public turnsEighteenOn!: string;

  @IsIn(AGE_STATUSES)
  public basis!: AgeStatus;
}
