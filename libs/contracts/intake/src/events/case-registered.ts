import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO31661Alpha2,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';

import { defineEvent } from '@opis/contracts-envelope';

import { AGE_STATUSES, AgeStatus, ENTRY_PATHS, EntryPath, SPEAKS_SPANISH, SpeaksSpanish } from '../vocabulary/case-vocabulary';
import { CaseSummaryPayload } from './case-summary';

export const CASE_NUMBER_PATTERN = /^[A-Z]{3}-\d{4}-\d{6}$/;

/** A migration point's code: its office, then a name in capitals (`CHP-CIUDAD-HIDALGO`). */
export const MIGRATION_POINT_CODE_PATTERN = /^[A-Z]{3}-[A-Z0-9]+(?:-[A-Z0-9]+)*$/;
export const MIGRATION_POINT_CODE_MAX_LENGTH = 40;

/** What every version of `intake.case.registered` carries besides where the child was met. */
abstract class CaseRegistration extends CaseSummaryPayload {
  @Matches(CASE_NUMBER_PATTERN)
  public caseNumber!: string;

  @IsIn(AGE_STATUSES)
  public ageStatus!: AgeStatus;

  @IsISO31661Alpha2()
  public countryOfResidence!: string;

  @IsArray()
  @ArrayMaxSize(10)
  @Matches(/^[a-z]{3}$/, { each: true })
  public languages!: string[];

  @IsIn(SPEAKS_SPANISH)
  public speaksSpanish!: SpeaksSpanish;

  @IsIn(ENTRY_PATHS)
  public entryPath!: EntryPath;

  @IsOptional()
  @IsUUID()
  public householdId?: string;

  @IsISO8601({ strict: true })
  public detectedAt!: string;
}

/**
 * Superseded by v2, and published beside it until subscribers have moved. `migrationPoint` is the
 * registered name of the migration point (intake's reference list), never the officer's words.
 */
export class CaseRegisteredV1 extends CaseRegistration {
  /** The registered name of the migration point; never a person's data. */
  @IsString()
  @MaxLength(120)
  public migrationPoint!: string;
}

/** The case is born, with the coded migration point where the child was met. */
export class CaseRegisteredV2 extends CaseRegistration {
  /** The migration point's code in intake's reference list (`GET /v1/migration-points`), e.g. `CHP-CIUDAD-HIDALGO`. */
  @Matches(MIGRATION_POINT_CODE_PATTERN)
  @MaxLength(MIGRATION_POINT_CODE_MAX_LENGTH)
  public migrationPointCode!: string;
}

/** Either version of `intake.case.registered`: what a consumer of both reads in common. */
export type CaseRegistered = CaseRegisteredV1 | CaseRegisteredV2;

const registrationExample = {
  caseNumber: 'CHP-2026-000123',
  personId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d0e',
  ageBand: '12-17',
  ageStatus: 'DECLARED',
  sex: 'F',
  nationality: 'GT',
  countryOfResidence: 'GT',
  languages: ['quc', 'spa'],
  speaksSpanish: 'PARTIAL',
  entryPath: 'DETECTED',
  accompaniment: 'UNACCOMPANIED',
  detectedAt: '2026-11-29T14:05:00.000Z',
  screening: {
    protectionNeedIndicated: true,
    traffickingIndicators: false,
    medicalEmergency: false,
    disability: false,
    pregnant: false,
  },
} as const;

export const caseRegisteredV1 = defineEvent({
  name: { service: 'intake', aggregate: 'case', event: 'registered', version: 1 },
  dataClass: CaseRegisteredV1,
  semantics: 'snapshot',
  description:
    'Superseded by v2 and published beside it (the next case version) until subscribers have moved: a subscriber acts on one of the two. migrationPoint is the registered name of the point, not free text.',
  example: { ...registrationExample, languages: [...registrationExample.languages], migrationPoint: 'Ciudad Hidalgo' },
});

export const caseRegisteredV2 = defineEvent({
  name: { service: 'intake', aggregate: 'case', event: 'registered', version: 2 },
  dataClass: CaseRegisteredV2,
  semantics: 'snapshot',
  description:
    'A child met at a migration point was registered: the case is born. Every other service opens its record from this. migrationPointCode is a code of intake\'s reference list of migration points.',
  example: { ...registrationExample, languages: [...registrationExample.languages], migrationPointCode: 'CHP-CIUDAD-HIDALGO' },
});
