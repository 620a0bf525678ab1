import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';

import { OFFICE_CODES } from '@opis/contracts-envelope';
import { KINSHIP_EVIDENCE } from '@opis/contracts-family-contact';
import { ACCOMPANIMENTS } from '@opis/contracts-intake';
import { CAUSES_OF_MIGRATION, RECEPTION_HANDOVER_KINDS, RISK_SCREEN_FINDINGS, US_AGENCIES } from '@opis/contracts-repatriation';
import { IsInstant } from '@opis/platform';

const CODE = /^[A-Z0-9][A-Z0-9-]{1,39}$/;

/** US-02: the US notice that opens a reception. */
export class OpenReceptionDto {
  @ApiProperty({ enum: OFFICE_CODES })
  @IsIn(OFFICE_CODES)
  public officeCode!: string;

  @ApiProperty({ enum: US_AGENCIES })
  @IsIn(US_AGENCIES)
  public usAgency!: string;

  @ApiProperty({ example: 'San Diego Sector – Chula Vista Station' })
  @IsString()
  @MinLength(2)
  @MaxLength(120)
  public usStation!: string;

  @ApiProperty({ example: 'CBP-2026-0001234' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-/.]{1,59}$/)
  public usReference!: string;

  @ApiProperty({ example: 'MX-BCN-TIJUANA' })
  @Matches(CODE)
  public expectedPointCode!: string;

  @ApiProperty({ format: 'date-time' })
  @IsInstant()
  public expectedAt!: string;

  @ApiProperty()
  @IsBoolean()
  public consulateNotified!: boolean;

  /** Whether a US TVPRA screening record came with the child (US-06). */
  @ApiProperty()
  @IsBoolean()
  public usScreeningRecord!: boolean;
}

export class RecordArrivalDto {
  @ApiProperty({ example: 'MX-BCN-TIJUANA' })
  @Matches(CODE)
  public pointCode!: string;

  @ApiProperty({ format: 'date-time' })
  @IsInstant()
  public arrivedAt!: string;

  @ApiProperty({ enum: ACCOMPANIMENTS })
  @IsIn(ACCOMPANIMENTS)
  public accompaniment!: string;
}

export class LinkCaseDto {
  @ApiProperty()
  @IsUUID()
  public caseId!: string;
}

/** US-06: the OPI's own screen on arrival, whatever the US screening said. */
export class RiskScreenDto {
  @ApiProperty({ enum: RISK_SCREEN_FINDINGS, isArray: true })
  @IsArray()
  @ArrayMaxSize(RISK_SCREEN_FINDINGS.length)
  @ArrayUnique()
  @IsIn(RISK_SCREEN_FINDINGS, { each: true })
  public findings!: string[];

  @ApiProperty({ format: 'date-time' })
  @IsInstant()
  public screenedAt!: string;
}

/** LM-15: the causes of migration of a Mexican child returned from the USA (DIF's assessment, GD-10). */
export class CausesOfMigrationDto {
  @ApiProperty({ enum: CAUSES_OF_MIGRATION, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CAUSES_OF_MIGRATION.length)
  @ArrayUnique()
  @IsIn(CAUSES_OF_MIGRATION, { each: true })
  public causes!: string[];

  @ApiProperty({ format: 'date-time' })
  @IsInstant()
  public recordedAt!: string;
}

export class ProcuraduriaMeasureDto {
  @ApiProperty({ example: 'PPNNA-BCN-2026-0042' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-/.]{1,59}$/)
  public measureReference!: string;

  @ApiProperty({ format: 'date-time' })
  @IsInstant()
  public issuedAt!: string;
}

export class ChannelDto {
  /** The child's id on DIF's national platform (US-05). */
  @ApiProperty({ example: 'DIF-BCN-000123' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-/.]{1,59}$/)
  public difPlatformId!: string;

  @ApiProperty({ format: 'date-time' })
  @IsInstant()
  public channelledAt!: string;
}

export class ReceptionHandoverDto {
  @ApiProperty({ enum: RECEPTION_HANDOVER_KINDS })
  @IsIn(RECEPTION_HANDOVER_KINDS)
  public kind!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  public familyContactId?: string;

  /** How the collecting adult's identity was checked (US-05). */
  @ApiProperty({ enum: KINSHIP_EVIDENCE, isArray: true })
  @IsArray()
  @ArrayMaxSize(10)
  @IsIn(KINSHIP_EVIDENCE, { each: true })
  public identityEvidence!: string[];

  /** How the relationship was checked (US-05). */
  @ApiProperty({ enum: KINSHIP_EVIDENCE, isArray: true })
  @IsArray()
  @ArrayMaxSize(10)
  @IsIn(KINSHIP_EVIDENCE, { each: true })
  public kinshipEvidence!: string[];

  @ApiPropertyOptional({ enum: OFFICE_CODES })
  @IsOptional()
  @IsIn(OFFICE_CODES)
  public homeState?: string;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  public escortOfficerIds!: string[];

  @ApiProperty({ format: 'date-time' })
  @IsInstant()
  public handedOverAt!: string;
}

/** US-05: DIF reached a parent or guardian (FAMILY_CONTACTED). */
export class FamilyContactedDto {
  /** The person, as family-contact knows them (its contact id). */
  @ApiProperty()
  @IsUUID()
  public familyContactId!: string;

  @ApiProperty({ format: 'date-time' })
  @IsInstant()
  public contactedAt!: string;
}

export class CloseReceptionDto {
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsInstant()
  public closedAt?: string;
}
