import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

import { OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';

export class WorklistQuery {
  @IsOptional()
  @IsIn(OFFICE_CODES)
  public office?: OfficeCode;

  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(500)
  public limit?: number;
}
