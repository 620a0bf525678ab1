import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

import { OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';
import { IsCalendarDate, IsInstant } from '@opis/platform';
import {
  ACCOMPANIMENTS,
  Accompaniment,
  AGE_STATUSES,
  AgeStatus,
  ENTRY_PATHS,
  EntryPath,
  MIGRATION_POINT_CODE_MAX_LENGTH,
  MIGRATION_POINT_CODE_PATTERN,
  SEXES,
  Sex,
  SPEAKS_SPANISH,
  ScreeningFlags,
  SpeaksSpanish,
} from '@opis/contracts-intake';

/** RLM-02 bases of an accompaniment determination (RLM art. 170, fractions I-IV). */
export const EVIDENCE_BASES = ['DOCUMENTS', 'STATEMENTS', 'CONSULAR_INFORMATION', 'OTHER'] as const;
export const RELATIONSHIPS = ['PARENT', 'GUARDIAN', 'CUSTODIAN', 'HABITUAL_CARER', 'SIBLING', 'OTHER_RELATIVE', 'UNRELATED'] as const;
export const STATEMENT_BY = ['CHILD', 'COMPANION'] as const;

export class AgeDto {
  @IsInt()
  @Min(0)
  @Max(30)
  public years!: number;

  @IsIn(AGE_STATUSES)
  public status!: AgeStatus;

  /** The ages under consideration when the age is disputed (GD-12). */
  @ValidateIf((age: AgeDto) => age.status === 'DISPUTED' || age.candidates !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(30, { each: true })
  public candidates?: number[];
}

/** Who the child is, as the duplicate search reads it: all the check before saving needs. */
export class ChildIdentityDto {
  @IsString()
  @Length(1, 200)
  public givenNames!: string;

  @IsString()
  @Length(1, 200)
  public familyNames!: string;

  @IsIn(SEXES)
  public sex!: Sex;

  @IsOptional()
  @IsCalendarDate()
  public dateOfBirth?: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => AgeDto)
  public age!: AgeDto;

  @IsISO31661Alpha2()
  public nationality!: string;
}

export class ChildDto extends ChildIdentityDto {
  @IsISO31661Alpha2()
  public countryOfResidence!: string;

  /** ISO 639-3 codes, so that Mayan languages (quc, mam, kjb) can be recorded (LM-18). */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @Matches(/^[a-z]{3}$/, { each: true, message: 'each language must be an ISO 639-3 code (three lower-case letters)' })
  public languages!: string[];

  @IsIn(SPEAKS_SPANISH)
  public speaksSpanish!: SpeaksSpanish;
}

export class AccompanimentEvidenceDto {
  @IsIn(EVIDENCE_BASES)
  public basis!: (typeof EVIDENCE_BASES)[number];

  @IsIn(RELATIONSHIPS)
  public relationship!: (typeof RELATIONSHIPS)[number];

  @IsOptional()
  @IsString()
  @MaxLength(100)
  public documentReference?: string;

  /** RLM-02: the child's statement is recorded apart from the adult's. */
  @IsOptional()
  @IsIn(STATEMENT_BY)
  public statementBy?: (typeof STATEMENT_BY)[number];
}

export class EncounterDto {
  @IsIn(OFFICE_CODES)
  public officeCode!: OfficeCode;

  /**
   * The migration point where the child was met, by its code in `GET /v1/migration-points`: a
   * point of `officeCode`. Without it the office's `-OTRO` point is used, and `migrationPoint`
   * must describe the place.
   */
  @IsOptional()
  @Matches(MIGRATION_POINT_CODE_PATTERN)
  @MaxLength(MIGRATION_POINT_CODE_MAX_LENGTH)
  public migrationPointCode?: string;

  /** The place in the officer's words (a road check, a bus station); kept in intake only, never in an event. */
  @ValidateIf((encounter: EncounterDto) => encounter.migrationPointCode == null || encounter.migrationPoint !== undefined)
  @IsString()
  @Length(2, 120)
  public migrationPoint?: string;

  @IsInstant()
  public detectedAt!: string;

  @IsIn(ENTRY_PATHS)
  public entryPath!: EntryPath;

  @IsIn(ACCOMPANIMENTS)
  public accompaniment!: Accompaniment;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => AccompanimentEvidenceDto)
  public accompanimentEvidence?: AccompanimentEvidenceDto[];

  /** Links an accompanied child to the family unit they travel with (LM-09). */
  @IsOptional()
  @IsUUID()
  public householdId?: string;
}

export class RegisterCaseDto {
  @IsDefined()
  @ValidateNested()
  @Type(() => ChildDto)
  public child!: ChildDto;

  @IsDefined()
  @ValidateNested()
  @Type(() => EncounterDto)
  public encounter!: EncounterDto;

  @IsDefined()
  @ValidateNested()
  @Type(() => ScreeningFlags)
  public screening!: ScreeningFlags;
}
