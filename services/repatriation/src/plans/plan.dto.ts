import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';

import { RELATIONSHIPS } from '@opis/contracts-family-contact';
import { OFFICER_ABORT_REASONS, TRAVEL_MODES } from '@opis/contracts-repatriation';
import { IsInstant } from '@opis/platform';

const CODE = /^[A-Z0-9][A-Z0-9-]{1,39}$/;
/** A document's reference (oficio, file number) as the issuing authority writes it. */
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9-/.]{1,59}$/;
/** A telephone number (international or local) or an e-mail address. */
const CONTACT = /^(\+?[0-9][0-9 ()-]{5,30}|[^\s@]{1,64}@[^\s@]{1,120}\.[^\s@]{2,60})$/;

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

  @ApiProperty({ example: 'Delegada de protección a la niñez' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  public officialPosition!: string;

  /** LM-13: the official who receives the child, by name. Personal data: kept here, never in an event. */
  @ApiProperty({ example: 'Licda. Ana López' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  public officialName!: string;

  /** LM-13: how the escort reaches that official (telephone or e-mail). Personal data, like the name. */
  @ApiProperty({ example: '+502 2414 7500' })
  @IsString()
  @Matches(CONTACT, { message: 'officialContact must be a telephone number or an e-mail address' })
  public officialContact!: string;

  @ApiProperty({ format: 'date-time' })
  @IsInstant()
  public acceptedAt!: string;

  /** The authority takes the child into its care where no family member is verified (RP-06). */
  @ApiProperty()
  @IsBoolean()
  public takesGuardianship!: boolean;
}

/** RP-09: what a trafficking flag adds to a return (its detail is [U] in DOMAIN.md). */
export class TraffickingChecklistDto {
  /** The risk assessment made in the country of origin. */
  @ApiProperty({ example: 'SBS-GT-2026-0417' })
  @Matches(REFERENCE)
  public originRiskAssessmentReference!: string;

  @ApiProperty({ format: 'date-time' })
  @IsInstant()
  public originRiskAssessedAt!: string;

  /** What that assessment found: false keeps the return refused. */
  @ApiProperty()
  @IsBoolean()
  public returnSafe!: boolean;

  /** The receiving authority's protection plan for the child, confirmed. */
  @ApiProperty({ example: 'PGN-GT-PNA-2026-0088' })
  @Matches(REFERENCE)
  public protectionPlanReference!: string;

  @ApiProperty({ format: 'date-time' })
  @IsInstant()
  public protectionPlanConfirmedAt!: string;
}

/** RP-10, INV-09: the Procuraduría plan endorses returning the child with the family unit. */
export class FamilyUnitDto {
  /** The determination (a Procuraduría plan recommending assisted return) as legal-status lists it for the case. */
  @ApiProperty()
  @IsUUID()
  public bestInterestsId!: string;

  /** Who of the family unit the child returns with. */
  @ApiProperty({ enum: RELATIONSHIPS })
  @IsIn(RELATIONSHIPS)
  public adultRelationship!: string;

  @ApiProperty({ format: 'date-time' })
  @IsInstant()
  public endorsedAt!: string;
}

export class RecordFitnessDto {
  @ApiProperty()
  @IsBoolean()
  public fitToTravel!: boolean;

  @ApiProperty({ format: 'date-time' })
  @IsInstant()
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

  @ApiProperty({ format: 'date-time' })
  @IsInstant()
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

  @ApiProperty({ format: 'date-time' })
  @IsInstant()
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

  /** The child travels with the adults of the family unit: only if the plan endorses a family-unit return (RP-10, INV-09). */
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  public withFamilyAdults?: boolean;
}

export class DepartDto {
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsInstant()
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

  @ApiProperty({ format: 'date-time' })
  @IsInstant()
  public handedOverAt!: string;

  /** Both sides signed the acta: an unsigned one is no hand-over, so only true is offered. */
  @ApiProperty({ enum: [true], description: 'Both sides signed the acta de entrega (INV-08)' })
  @IsIn([true], { message: 'signed must be true: the acta de entrega is signed by both sides (INV-08)' })
  public signed!: boolean;
}

export class AbortPlanDto {
  @ApiProperty({ enum: OFFICER_ABORT_REASONS })
  @IsIn(OFFICER_ABORT_REASONS)
  public reason!: string;
}


/** DOMAIN.md 4.5 a: closing a handed-over return. */
export class ClosePlanDto {
  /** Follow-up or reintegration in the country of return, as the officer knows it. Stays in repatriation. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  public followUpNote?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsInstant()
  public closedAt?: string;
}
