import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO31661Alpha2,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';

import { OFFICER_ABORT_REASONS, TRAVEL_MODES } from '@opis/contracts-repatriation';

const CODE = /^[A-Z0-9][A-Z0-9-]{1,39}$/;

export class ProposePlanDto {
  @ApiProperty({ example: 'GT' })
  @IsISO31661Alpha2()
  public receivingCountry!: string;

  /** The family member (family-contact's contact id) the child is to return to, if any. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  public familyContactId?: string;
}

export class ConfirmAuthorityDto {
  @ApiProperty({ example: 'GT-SBS' })
  @Matches(CODE)
  public authorityCode!: string;

  /** The official's post (not a name): the person is named in the acta de entrega. */
  @ApiProperty({ example: 'Delegada de protección a la niñez' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  public officialPosition!: string;

  @ApiProperty()
  @IsISO8601({ strict: true })
  public acceptedAt!: string;

  /** The authority takes the child into its care where no family member is verified (RP-06). */
  @ApiProperty()
  @IsBoolean()
  public takesGuardianship!: boolean;
}

export class RecordFitnessDto {
  @ApiProperty()
  @IsBoolean()
  public fitToTravel!: boolean;

  @ApiProperty()
  @IsISO8601({ strict: true })
  public assessedAt!: string;
}

export class LegDto {
  @ApiProperty({ enum: TRAVEL_MODES })
  @IsIn(TRAVEL_MODES)
  public mode!: string;

  @ApiProperty({ example: 'Tapachula' })
  @IsString()
  @MinLength(2)
  @MaxLength(120)
  public origin!: string;

  @ApiProperty({ example: 'Ciudad Hidalgo' })
  @IsString()
  @MinLength(2)
  @MaxLength(120)
  public destination!: string;

  @ApiProperty()
  @IsISO8601({ strict: true })
  public departsAt!: string;

  /** The escort officers' subjects (LM-14, INV-08): checked as a rule, so an empty list is refused with its rule ID. */
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  public escortOfficerIds!: string[];
}

export class SchedulePlanDto {
  @ApiProperty({ example: 'MX-CHP-CIUDAD-HIDALGO' })
  @Matches(CODE)
  public exitPointCode!: string;

  @ApiProperty()
  @IsISO8601({ strict: true })
  public handoverAt!: string;

  @ApiProperty({ type: [LegDto] })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => LegDto)
  public legs!: LegDto[];

  /** Whether the transport carries adult returnees too (RP-08 refuses it). */
  @ApiProperty()
  @IsBoolean()
  public withAdultReturns!: boolean;
}

export class DepartDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true })
  public departedAt?: string;
}

/** The acta de entrega (RP-03, INV-08). */
export class PlanHandoverDto {
  @ApiProperty({ example: 'GT-SBS' })
  @Matches(CODE)
  public authorityCode!: string;

  @ApiProperty()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  public officialName!: string;

  @ApiProperty()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  public officialPosition!: string;

  @ApiProperty()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  public place!: string;

  @ApiProperty()
  @IsISO8601({ strict: true })
  public handedOverAt!: string;

  /** Both sides signed the acta. */
  @ApiProperty()
  @IsIn([true], { message: 'signed must be true: the acta de entrega is signed by both sides (INV-08)' })
  public signed!: boolean;
}

export class AbortPlanDto {
  @ApiProperty({ enum: OFFICER_ABORT_REASONS })
  @IsIn(OFFICER_ABORT_REASONS)
  public reason!: string;
}

