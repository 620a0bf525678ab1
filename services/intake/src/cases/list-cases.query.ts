import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO31661Alpha2, IsOptional, IsString, Length } from 'class-validator';

import { OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';
import { ACCOMPANIMENTS, Accompaniment, AGE_BANDS, AgeBand, CASE_STATUSES, CaseStatus } from '@opis/contracts-intake';
import { IsInstant, PageQuery } from '@opis/platform';

/** `GET /v1/cases`: a page (limit, cursor) of the caller's offices' cases, newest first, narrowed by these filters. */
export class ListCasesQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only this office (one of yours; another answers an empty page)', enum: OFFICE_CODES })
  @IsOptional()
  @IsIn(OFFICE_CODES)
  public office?: OfficeCode;

  @ApiPropertyOptional({ description: 'Only cases in this status', enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  public status?: CaseStatus;

  @ApiPropertyOptional({ description: "The child's nationality (ISO 3166-1 alpha-2)", example: 'GT', pattern: '^[A-Z]{2}$' })
  @IsOptional()
  @IsISO31661Alpha2()
  public nationality?: string;

  @ApiPropertyOptional({ description: 'Only children of this age band', enum: AGE_BANDS })
  @IsOptional()
  @IsIn(AGE_BANDS)
  public ageBand?: AgeBand;

  @ApiPropertyOptional({ description: 'Only cases with this accompaniment', enum: ACCOMPANIMENTS })
  @IsOptional()
  @IsIn(ACCOMPANIMENTS)
  public accompaniment?: Accompaniment;

  @ApiPropertyOptional({ description: 'Detected at or after this instant', format: 'date-time', type: 'string' })
  @IsOptional()
  @IsInstant()
  public detectedFrom?: string;

  @ApiPropertyOptional({ description: 'Detected before this instant', format: 'date-time', type: 'string' })
  @IsOptional()
  @IsInstant()
  public detectedTo?: string;

  @ApiPropertyOptional({ description: "The child's name: similar spellings match (trigram)", minLength: 2, maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(2, 100)
  public name?: string;
}
