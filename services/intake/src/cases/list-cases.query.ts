import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO31661Alpha2, IsISO8601, IsOptional, IsString, Length, Max, Min } from 'class-validator';

import { OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';
import { ACCOMPANIMENTS, Accompaniment, AGE_BANDS, AgeBand, CASE_STATUSES, CaseStatus } from '@opis/contracts-intake';

export class ListCasesQuery {
  @IsOptional()
  @IsIn(OFFICE_CODES)
  public office?: OfficeCode;

  @IsOptional()
  @IsIn(CASE_STATUSES)
  public status?: CaseStatus;

  @IsOptional()
  @IsISO31661Alpha2()
  public nationality?: string;

  @IsOptional()
  @IsIn(AGE_BANDS)
  public ageBand?: AgeBand;

  @IsOptional()
  @IsIn(ACCOMPANIMENTS)
  public accompaniment?: Accompaniment;

  /** Detected at or after. */
  @IsOptional()
  @IsISO8601({ strict: true })
  public detectedFrom?: string;

  /** Detected before. */
  @IsOptional()
  @IsISO8601({ strict: true })
  public detectedTo?: string;

  /** Name search: similar spellings match (trigram). */
  @IsOptional()
  @IsString()
  @Length(2, 100)
  public name?: string;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  public cursor?: string;

  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(200)
  public limit?: number;
}
