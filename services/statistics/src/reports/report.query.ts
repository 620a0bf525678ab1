import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

import { OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';
import { IsCalendarDate } from '@opis/platform';

export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The period in Mexico City calendar dates, both ends included; one office or all the caller may see. */
export class ReportQuery {
  @ApiPropertyOptional({ format: 'date', example: '2026-01-01', description: 'First day (America/Mexico_City), included' })
  @IsOptional()
  @IsCalendarDate()
  public from?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-12-31', description: 'Last day (America/Mexico_City), included; not before from' })
  @IsOptional()
  @IsCalendarDate()
  public to?: string;

  @ApiPropertyOptional({ enum: OFFICE_CODES, description: 'One of your offices; all of them when absent' })
  @IsOptional()
  @IsIn(OFFICE_CODES)
  public office?: OfficeCode;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, description: 'json or csv; without it, Accept: text/csv asks for CSV' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  public format?: ReportFormat;
}
