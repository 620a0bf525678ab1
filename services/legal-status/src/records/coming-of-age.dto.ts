import { IsIn } from 'class-validator';

import { AGE_STATUSES, AgeStatus } from '@opis/contracts-intake';
import { IsCalendarDate } from '@opis/platform';

/** The day the child turns 18, as read in intake's identity record, and how the age is known (GD-12). */
export class ComingOfAgeDto {
  @IsCalendarDate()
  public turnsEighteenOn!: string;

  @IsIn(AGE_STATUSES)
  public basis!: AgeStatus;
}
