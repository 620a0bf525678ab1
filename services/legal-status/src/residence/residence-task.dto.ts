import { IsISO8601, IsString, Length } from 'class-validator';

/** The permanent residence obtained (LM-17, IP-06): when, and the document that shows it. */
export class CompleteResidenceTaskDto {
  @IsISO8601({ strict: true })
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
