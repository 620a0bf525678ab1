import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

import { OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';
import { IsCalendarDate, IsInstant } from '@opis/platform';
import {
  ACCOMPANIMENTS,
  Accompaniment,
  AGE_DETERMINING_AUTHORITIES,
  AGE_EVIDENCE_TYPES,
  AgeDeterminingAuthority,
  AgeEvidenceType,
  AGE_STATUSES,
  AgeStatus,
  DETERMINED_AGE_STATUSES,
  MIGRATION_POINT_CODE_MAX_LENGTH,
  MIGRATION_POINT_CODE_PATTERN,
  SEXES,
  Sex,
  SPEAKS_SPANISH,
  SpeaksSpanish,
} from '@opis/contracts-intake';

import { AccompanimentEvidenceDto, AgeDto } from '../registration/register-case.dto';

export class ChildCorrectionDto {
  @IsOptional()
  @IsString()
  @Length(1, 200)
  public givenNames?: string;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  public familyNames?: string;

  @IsOptional()
  @IsIn(SEXES)
  public sex?: Sex;

  /** `null` clears a wrongly recorded date of birth. */
  @ValidateIf((_dto, value) => value !== null && value !== undefined)
  @IsCalendarDate()
  public dateOfBirth?: string | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => AgeDto)
  public age?: AgeDto;

  @IsOptional()
  @IsISO31661Alpha2()
  public nationality?: string;

  @IsOptional()
  @IsISO31661Alpha2()
  public countryOfResidence?: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @Matches(/^[a-z]{3}$/, { each: true, message: 'each language must be an ISO 639-3 code (three lower-case letters)' })
  public languages?: string[];

  @IsOptional()
  @IsIn(SPEAKS_SPANISH)
  public speaksSpanish?: SpeaksSpanish;
}

export class EncounterCorrectionDto {
  /** Another active migration point, by its code (`GET /v1/migration-points`). */
  @IsOptional()
  @Matches(MIGRATION_POINT_CODE_PATTERN)
  @MaxLength(MIGRATION_POINT_CODE_MAX_LENGTH)
  public migrationPointCode?: string;

  /** The place in the officer's words; kept in intake only. */
  @IsOptional()
  @IsString()
  @Length(2, 120)
  public migrationPoint?: string;

  @IsOptional()
  @IsIn(ACCOMPANIMENTS)
  public accompaniment?: Accompaniment;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => AccompanimentEvidenceDto)
  public accompanimentEvidence?: AccompanimentEvidenceDto[];

  @ValidateIf((_dto, value) => value !== null && value !== undefined)
  @IsUUID()
  public householdId?: string | null;
}

export class ScreeningCorrectionDto {
  @IsOptional()
  @IsBoolean()
  public protectionNeedIndicated?: boolean;

  @IsOptional()
  @IsBoolean()
  public traffickingIndicators?: boolean;

  @IsOptional()
  @IsBoolean()
  public medicalEmergency?: boolean;

  @IsOptional()
  @IsBoolean()
  public disability?: boolean;

  @IsOptional()
  @IsBoolean()
  public pregnant?: boolean;
}

export class CorrectCaseDto {
  @IsOptional()
  @ValidateNested()
  @Type(() => ChildCorrectionDto)
  public child?: ChildCorrectionDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => EncounterCorrectionDto)
  public encounter?: EncounterCorrectionDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => ScreeningCorrectionDto)
  public screening?: ScreeningCorrectionDto;
}

export class AssignOfficerDto {
  /** The officer's subject (token `sub`). */
  @IsString()
  @Length(1, 200)
  public officerId!: string;
}

export class TransferCaseDto {
  @IsIn(OFFICE_CODES)
  public toOffice!: OfficeCode;

  @IsString()
  @Length(3, 500)
  public reason!: string;
}

export class LinkPersonDto {
  /** The person (from `possibleDuplicates`) this encounter belongs to. */
  @IsUUID()
  public personId!: string;
}

/** DOMAIN.md 4.1 IDENTIFYING to SCREENING: identity, nationality, age status and language are settled. */
export class RecordIdentificationDto {
  @IsInstant()
  public identifiedAt!: string;
}

export class InterpreterDto {
  @IsString()
  @Length(2, 200)
  public name!: string;

  /** ISO 639-3, so that Mayan languages can be named (LM-18). */
  @Matches(/^[a-z]{3}$/, { message: 'language must be an ISO 639-3 code (three lower-case letters)' })
  public language!: string;
}

/** DOMAIN.md 4.1 SCREENING complete; the flags are the case's (set at registration or corrected). */
export class RecordScreeningDto {
  @IsInstant()
  public screenedAt!: string;

  /** LM-18: required when the child does not speak Spanish fully. */
  @IsOptional()
  @ValidateNested()
  @Type(() => InterpreterDto)
  public interpreter?: InterpreterDto;
}

/**
 * The age a competent authority determined. Only DOCUMENTED or ESTIMATED is offered: a declared or
 * disputed age is never a determination, but validation still lets it through so that GD-12 and
 * INV-10 refuse it by name, audited.
 */
export class DeterminedAgeDto extends AgeDto {
  @JSONSchema((schema) => ({ ...schema, enum: [...DETERMINED_AGE_STATUSES] }))
  @IsIn(AGE_STATUSES)
  declare public status: AgeStatus;
}

/** GD-12, DOMAIN.md 3.3: the competent, documented determination that the person is an adult. */
export class ExitAdultFlowDto {
  @IsIn(AGE_DETERMINING_AUTHORITIES)
  public authority!: AgeDeterminingAuthority;

  /** Which office of the authority decided (the state Procuraduría, a consulate). Stays in intake. */
  @IsString()
  @Length(2, 200)
  public authorityOffice!: string;

  /** The determination's document (resolution, certificate, consular record). Stays in intake. */
  @IsString()
  @Length(1, 100)
  public documentReference!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(AGE_EVIDENCE_TYPES.length)
  @ArrayUnique()
  @IsIn(AGE_EVIDENCE_TYPES, { each: true })
  public evidence!: AgeEvidenceType[];

  @IsInstant()
  public determinedAt!: string;

  /** The age determined: DOCUMENTED or ESTIMATED, 18 or over, with no younger candidate. */
  @ValidateNested()
  @Type(() => DeterminedAgeDto)
  public age!: DeterminedAgeDto;
}
