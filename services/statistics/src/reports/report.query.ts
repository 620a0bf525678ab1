import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

import { OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';

export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The period in Mexico City calendar dates, both ends included; one office or all the caller may see. */
export class ReportQuery {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'First day (America/Mexico_City), included' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  public from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Last day (America/Mexico_City), included' })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  public to?: string;

  @ApiPropertyOptional({ enum: OFFICE_CODES })
  @IsOptional()
  @IsIn(OFFICE_CODES)
  public office?: OfficeCode;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, description: 'Or send Accept: text/csv' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  public format?: ReportFormat;
}
