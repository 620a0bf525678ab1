import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

import { PLACEMENT_FACILITY_TYPES, PLACEMENT_SETTINGS, PlacementSetting, REQUESTED_FACILITY_TYPES, RequestedFacilityType } from '@opis/contracts-care';
import { OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';
import { PageQuery } from '@opis/platform';

import { CHILD_SETTINGS, OffersOnly } from '../offered-values';

export class RegisterFacilityDto {
  @IsIn(OFFICE_CODES)
  public officeCode!: OfficeCode;

  @IsString()
  @Length(1, 200)
  public name!: string;

  /** Never a migration station or provisional stay: not offered, and refused under LM-08 (INV-04) if sent. */
  @IsIn(REQUESTED_FACILITY_TYPES)
  @OffersOnly(PLACEMENT_FACILITY_TYPES)
  public type!: RequestedFacilityType;

  /** Places for children. */
  @IsInt()
  @Min(1)
  @Max(10_000)
  public capacity!: number;

  /** The areas it has for children; never one shared with unrelated adults: not offered, and refused under GD-07 if sent. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @IsIn(PLACEMENT_SETTINGS, { each: true })
  @OffersOnly(CHILD_SETTINGS)
  public settings!: PlacementSetting[];

  /** DIF accreditation or licence reference (GD-06). */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  public accreditation?: string;
}

/** Facilities in registration order, one office or all of the caller's. */
export class ListFacilitiesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: OFFICE_CODES, description: 'One of your offices; all of them when absent' })
  @IsOptional()
  @IsIn(OFFICE_CODES)
  public office?: OfficeCode;
}
