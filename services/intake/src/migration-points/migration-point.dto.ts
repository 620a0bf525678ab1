import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';

import { OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';
import { PageQuery } from '@opis/platform';

import { MIGRATION_POINT_KINDS, MigrationPointKind } from './migration-point.repository';

/** A point as an administrator registers or changes it; its code is in the path and names its office. */
export class MigrationPointDto {
  @ApiProperty({ description: 'The name officers know the point by', example: 'Ciudad Hidalgo, puente Rodolfo Robles' })
  @IsString()
  @Length(2, 120)
  public name!: string;

  @ApiProperty({ enum: MIGRATION_POINT_KINDS })
  @IsIn(MIGRATION_POINT_KINDS)
  public kind!: MigrationPointKind;

  @ApiPropertyOptional({ default: true, description: 'false keeps the point for the cases that name it and refuses it for new ones' })
  @IsOptional()
  @IsBoolean()
  public active?: boolean;
}

export class MigrationPointQuery extends PageQuery {
  @ApiPropertyOptional({ enum: OFFICE_CODES, description: 'Only the points of this office' })
  @IsOptional()
  @IsIn(OFFICE_CODES)
  public office?: OfficeCode;
}
