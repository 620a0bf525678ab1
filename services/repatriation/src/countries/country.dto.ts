import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

import { OFFICE_CODES } from '@opis/contracts-envelope';
import { WEEKDAYS } from '@opis/contracts-repatriation';

const CODE = /^[A-Z0-9][A-Z0-9-]{1,39}$/;
const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

class NamedCodeDto {
  @ApiProperty()
  @Matches(CODE)
  public code!: string;

  @ApiProperty()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  public name!: string;
}

export class ExitPointDto extends NamedCodeDto {}

export class AuthorityDto {
  @ApiProperty()
  @Matches(CODE)
  public code!: string;

  @ApiProperty()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  public institution!: string;
}

/** A weekly window in local time (`opensAt` included, `closesAt` excluded). */
class WindowDto {
  @ApiProperty({ example: 'America/Guatemala' })
  @IsString()
  @MaxLength(60)
  public timeZone!: string;

  @ApiProperty({ type: [Number], example: [1, 2, 3, 4, 5] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @ArrayUnique()
  @IsIn(WEEKDAYS, { each: true })
  public weekdays!: number[];

  @ApiProperty({ example: '08:00' })
  @Matches(TIME)
  public opensAt!: string;

  @ApiProperty({ example: '16:00' })
  @Matches(TIME)
  public closesAt!: string;
}

/** RP-07, RP-08: the arrangement with one receiving country (replaces the current one). */
export class ReceivingCountryDto extends WindowDto {
  @ApiProperty()
  @IsInt()
  @Min(0)
  @Max(24 * 30)
  public noticeHours!: number;

  @ApiProperty({ type: [ExitPointDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ExitPointDto)
  public exitPoints!: ExitPointDto[];

  @ApiProperty({ type: [AuthorityDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AuthorityDto)
  public authorities!: AuthorityDto[];
}

/** US-03: a registered repatriation point and its hours for unaccompanied children. */
export class RepatriationPointDto extends WindowDto {
  @ApiProperty()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  public name!: string;

  @ApiProperty({ enum: OFFICE_CODES })
  @IsIn(OFFICE_CODES)
  public officeCode!: string;
}
