import { IsString, Length } from 'class-validator';

import { IsInstant } from '@opis/platform';

/** The permanent residence obtained (LM-17, IP-06): when, and the document that shows it. */
export class CompleteResidenceTaskDto {
  @IsInstant()
  public completedAt!: string;

  /** The resolution or residence card number. */
  @IsString()
  @Length(3, 200)
  public documentReference!: string;
}

export class AssignResidenceTaskDto {
  /** The officer who is to see it done (their pseudonymous subject). */
  @IsString()
  @Length(2, 200)
  public owner!: string;
}
