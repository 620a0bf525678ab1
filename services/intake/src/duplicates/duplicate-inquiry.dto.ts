import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

import { CASE_NUMBER_PATTERN } from '@opis/contracts-intake';
import { PageQuery } from '@opis/platform';

export class AskDuplicateInquiryDto {
  /** The case being registered or worked on, in your office, to which the possible duplicate was shown. */
  @IsUUID()
  public caseId!: string;

  /** The other office's case number, as `possibleDuplicates` showed it. */
  @Matches(CASE_NUMBER_PATTERN)
  public candidateCaseNumber!: string;

  /** Why you think it is the same child; the other office reads it. Say nothing about the child that they do not need. */
  @IsString()
  @Length(10, 500)
  public reason!: string;
}

export class AnswerDuplicateInquiryDto {
  /** true shares the case's identity (names, date of birth, sex, nationality) with the office that asked. */
  @IsBoolean()
  public share!: boolean;

  @IsOptional()
  @IsString()
  @Length(2, 500)
  public note?: string;
}

export const INQUIRY_DIRECTIONS = ['received', 'sent'] as const;

export class DuplicateInquiryQuery extends PageQuery {
  @ApiPropertyOptional({ enum: INQUIRY_DIRECTIONS, default: 'received', description: 'Inquiries asked of your offices, or asked by them' })
  @IsOptional()
  @IsIn(INQUIRY_DIRECTIONS)
  public direction?: (typeof INQUIRY_DIRECTIONS)[number];
}
