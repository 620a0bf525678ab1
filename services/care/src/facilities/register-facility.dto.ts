import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

import { PLACEMENT_SETTINGS, PlacementSetting, REQUESTED_FACILITY_TYPES, RequestedFacilityType } from '@opis/contracts-care';
import { OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';

export class RegisterFacilityDto {
  @IsIn(OFFICE_CODES)
  public officeCode!: OfficeCode;

  @IsString()
  @Length(1, 200)
  public name!: string;

  /** Migration stations and provisional stays are refused (LM-08, INV-04). */
  @IsIn(REQUESTED_FACILITY_TYPES)
  public type!: RequestedFacilityType;

  /** Places for children. */
  @IsInt()
  @Min(1)
  @Max(10_000)
  public capacity!: number;

  /** The areas it has for children; a mixed-adult area is refused (GD-07). */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @IsIn(PLACEMENT_SETTINGS, { each: true })
  public settings!: PlacementSetting[];

  /** DIF accreditation or licence reference (GD-06). */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  public accreditation?: string;
}

export class ListFacilitiesQuery {
  @IsOptional()
  @IsIn(OFFICE_CODES)
  public office?: OfficeCode;
}
