import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

import { OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';
import { PageQuery } from '@opis/platform';

export class WorklistQuery extends PageQuery {
  @ApiPropertyOptional({ enum: OFFICE_CODES, description: 'One of your offices; all of them when absent' })
  @IsOptional()
  @IsIn(OFFICE_CODES)
  public office?: OfficeCode;
}
