import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';

import { CALL_OUTCOMES, CallOutcome } from '@opis/contracts-family-contact';
import { IsInstant } from '@opis/platform';

export const DIALLERS = ['CHILD', 'OFFICER'] as const;

/** LM-18: the interpreter who took part, by roster id, and the language (ISO 639-3). */
export class InterpreterDto {
  @Matches(/^[a-z]{3}$/, { message: 'language must be an ISO 639-3 code (three lower-case letters)' })
  public language!: string;

  @IsString()
  @Length(1, 100)
  public interpreterId!: string;
}

export class LogCallDto {
  /** The contact called; omitted only when the child declined the call offered. */
  @IsOptional()
  @IsUUID()
  public contactId?: string;

  /** Which of the contact's numbers was dialled (an id from the contact's phoneNumbers). */
  @IsOptional()
  @IsUUID()
  public phoneId?: string;

  @IsIn(DIALLERS)
  public dialledBy!: (typeof DIALLERS)[number];

  @IsInstant()
  public calledAt!: string;

  @IsInt()
  @Min(0)
  @Max(24 * 3600)
  public durationSeconds!: number;

  @IsIn(CALL_OUTCOMES)
  public outcome!: CallOutcome;

  @IsOptional()
  @ValidateNested()
  @Type(() => InterpreterDto)
  public interpreter?: InterpreterDto;
}
