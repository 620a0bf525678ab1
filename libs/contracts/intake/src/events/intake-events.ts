import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

import { defineEvent, EventContract, OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';

import {
  AGE_BANDS,
  AGE_DETERMINING_AUTHORITIES,
  AGE_EVIDENCE_TYPES,
  AGE_STATUSES,
  AgeBand,
  AgeDeterminingAuthority,
  AgeEvidenceType,
  AgeStatus,
  DEADLINE_CLOCKS,
  DEADLINE_LEVELS,
  DeadlineClock,
  DeadlineLevel,
  DETERMINED_AGE_STATUSES,
  DeterminedAgeStatus,
  ENTRY_PATHS,
  EntryPath,
  FACILITY_TYPES,
  FacilityType,
  NOTIFICATION_MEANS,
  NotificationMeans,
  SPEAKS_SPANISH,
  SpeaksSpanish,
} from '../vocabulary/case-vocabulary';
import { CaseCategories, CaseSummaryPayload, ScreeningFlags } from './case-summary';

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

/** Which fields changed, by name only: values stay in intake (names, dates of birth). */
export class CaseUpdatedV1 extends CaseSummaryPayload {
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  public changedFields!: string[];
}

export const caseUpdatedV1 = defineEvent({
  name: { service: 'intake', aggregate: 'case', event: 'updated', version: 1 },
  dataClass: CaseUpdatedV1,
  semantics: 'snapshot',
  description: 'A correction to a case. Carries the current categories and the names of the fields that changed.',
  example: {
    personId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d0e',
    ageBand: '0-11',
    sex: 'F',
    nationality: 'GT',
    accompaniment: 'UNACCOMPANIED',
    screening: {
      protectionNeedIndicated: true,
      traffickingIndicators: false,
      medicalEmergency: false,
      disability: false,
      pregnant: false,
    },
    changedFields: ['child.age', 'child.familyNames'],
  },
});

export class CaseAssignedV1 {
  /** The officer's pseudonymous subject (token `sub`), not a name. */
  @IsString()
  @MaxLength(200)
  public officerId!: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  public previousOfficerId?: string;
}

export const caseAssignedV1 = defineEvent({
  name: { service: 'intake', aggregate: 'case', event: 'assigned', version: 1 },
  dataClass: CaseAssignedV1,
  semantics: 'snapshot',
  description: 'The OPIS officer responsible for the child changed (LM-01: an officer is named until hand-over).',
  example: { officerId: 'opi-chp-0042' },
});

export class CaseTransferredV1 extends CaseCategories {
  @IsIn(OFFICE_CODES)
  public fromOffice!: OfficeCode;

  @IsIn(OFFICE_CODES)
  public toOffice!: OfficeCode;
}

export const caseTransferredV1 = defineEvent({
  name: { service: 'intake', aggregate: 'case', event: 'transferred', version: 1 },
  dataClass: CaseTransferredV1,
  semantics: 'snapshot',
  description: 'The case moved to another federal office. Published on the receiving office’s subject.',
  example: {
    ageBand: '12-17',
    sex: 'M',
    nationality: 'HN',
    accompaniment: 'UNACCOMPANIED',
    fromOffice: 'CHP',
    toOffice: 'TAB',
  },
});

export class ProcuraduriaNotifiedV1 {
  @IsISO8601({ strict: true })
  public notifiedAt!: string;

  @IsIn(NOTIFICATION_MEANS)
  public means!: NotificationMeans;

  /** Minutes from detection to notification, for the INV-03 compliance indicators. */
  @IsInt()
  @Min(0)
  public minutesSinceDetection!: number;
}

export const procuraduriaNotifiedV1 = defineEvent({
  name: { service: 'intake', aggregate: 'case', event: 'procuraduria-notified', version: 1 },
  dataClass: ProcuraduriaNotifiedV1,
  semantics: 'change',
  description: 'INM notified the child-protection Procuraduría (LM-01, LM-02, LM-05). A migration procedure may open only after this.',
  example: { notifiedAt: '2026-11-29T15:00:00.000Z', means: 'OFFICIAL_LETTER', minutesSinceDetection: 55 },
});

export class ChannelledToDifV1 {
  @IsISO8601({ strict: true })
  public channelledAt!: string;

  @IsIn(FACILITY_TYPES)
  public facilityType!: FacilityType;

  /** The facility's registry id when it has one; names stay in intake. */
  @IsOptional()
  @IsString()
  @MaxLength(80)
  public facilityId?: string;

  @IsBoolean()
  public protectionMeasureIssued!: boolean;

  @IsInt()
  @Min(0)
  public minutesSinceDetection!: number;
}

export const channelledToDifV1 = defineEvent({
  name: { service: 'intake', aggregate: 'case', event: 'channelled-to-dif', version: 1 },
  dataClass: ChannelledToDifV1,
  semantics: 'change',
  description: 'The child was handed over to DIF with an acta de canalización (LM-02, LM-04, GD-14): a custody hand-over.',
  example: {
    channelledAt: '2026-11-29T18:30:00.000Z',
    facilityType: 'DIF_SHELTER',
    facilityId: 'DIF-CHP-TAPACHULA-01',
    protectionMeasureIssued: false,
    minutesSinceDetection: 265,
  },
});

export class DeadlineOverdueV1 {
  @IsIn(DEADLINE_CLOCKS)
  public clock!: DeadlineClock;

  @IsIn(DEADLINE_LEVELS)
  public level!: DeadlineLevel;

  @IsISO8601({ strict: true })
  public detectedAt!: string;

  @IsISO8601({ strict: true })
  public thresholdAt!: string;
}

export const deadlineOverdueV1 = defineEvent({
  name: { service: 'intake', aggregate: 'case', event: 'deadline-overdue', version: 1 },
  dataClass: DeadlineOverdueV1,
  semantics: 'change',
  description: 'An INV-03 clock passed a threshold (escalation or breach) without the record it waits for. Raised once per clock and level.',
  example: {
    clock: 'PROCURADURIA_NOTIFICATION',
    level: 'BREACH',
    detectedAt: '2026-11-28T14:05:00.000Z',
    thresholdAt: '2026-11-29T14:05:00.000Z',
  },
});

export class CaseClosedV1 {
  @IsISO8601({ strict: true })
  public closedAt!: string;
}

export const caseClosedV1 = defineEvent({
  name: { service: 'intake', aggregate: 'case', event: 'closed', version: 1 },
  dataClass: CaseClosedV1,
  semantics: 'change',
  description: 'Intake closed the case once the Procuraduría notification and DIF hand-over were both recorded (LM-02).',
  example: { closedAt: '2026-11-30T10:00:00.000Z' },
});

export class CaseIdentifiedV1 {
  @IsISO8601({ strict: true })
  public identifiedAt!: string;

  @IsIn(AGE_STATUSES)
  public ageStatus!: AgeStatus;

  /** The band the rules use: the younger one while the age is disputed (GD-12). */
  @IsIn(AGE_BANDS)
  public ageBand!: AgeBand;
}

export const caseIdentifiedV1 = defineEvent({
  name: { service: 'intake', aggregate: 'case', event: 'identified', version: 1 },
  dataClass: CaseIdentifiedV1,
  semantics: 'change',
  description:
    'Identification is complete (identity, nationality, age status, language): the person is a child or presumed one (GD-12, INV-10), and the case moves from IDENTIFYING to SCREENING (DOMAIN.md 4.1).',
  example: { identifiedAt: '2026-11-29T14:40:00.000Z', ageStatus: 'DECLARED', ageBand: '12-17' },
});

export class CaseScreenedV1 {
  @IsISO8601({ strict: true })
  public screenedAt!: string;

  /** The screening's outcome as flags; the interview itself stays in intake. */
  @ValidateNested()
  @Type(() => ScreeningFlags)
  public screening!: ScreeningFlags;

  /** LM-18: an interpreter took part (required when the child does not speak Spanish fully). */
  @IsBoolean()
  public interpreterPresent!: boolean;
}

export const caseScreenedV1 = defineEvent({
  name: { service: 'intake', aggregate: 'case', event: 'screened', version: 1 },
  dataClass: CaseScreenedV1,
  semantics: 'change',
  description:
    'The screening is complete (RLM-02 accompaniment, protection needs, trafficking, health; LM-18 interpreter): the case leaves SCREENING (DOMAIN.md 4.1).',
  example: {
    screenedAt: '2026-11-29T15:10:00.000Z',
    screening: { protectionNeedIndicated: true, traffickingIndicators: false, medicalEmergency: false, disability: false, pregnant: false },
    interpreterPresent: true,
  },
});

export class CaseExitedAdultFlowV1 {
  @IsISO8601({ strict: true })
  public exitedAt!: string;

  /** When the competent authority determined the age. */
  @IsISO8601({ strict: true })
  public determinedAt!: string;

  @IsIn(AGE_DETERMINING_AUTHORITIES)
  public authority!: AgeDeterminingAuthority;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(AGE_EVIDENCE_TYPES.length)
  @ArrayUnique()
  @IsIn(AGE_EVIDENCE_TYPES, { each: true })
  public evidence!: AgeEvidenceType[];

  @IsIn(DETERMINED_AGE_STATUSES)
  public ageStatus!: DeterminedAgeStatus;
}

export const caseExitedAdultFlowV1 = defineEvent({
  name: { service: 'intake', aggregate: 'case', event: 'exited-adult-flow', version: 1 },
  dataClass: CaseExitedAdultFlowV1,
  semantics: 'change',
  description:
    "A competent authority determined, on documented evidence, that the person is 18 or over (GD-12, INV-10, DOMAIN.md 3): the case leaves the child flow (EXIT_ADULT_FLOW). Services stop their child-only clocks; protections already triggered (a COMAR claim) stay. Categories only: the document and the authority's office stay in intake.",
  example: {
    exitedAt: '2026-11-30T09:00:00.000Z',
    determinedAt: '2026-11-30T08:30:00.000Z',
    authority: 'CONSULATE',
    evidence: ['BIRTH_CERTIFICATE', 'CONSULAR_RECORD'],
    ageStatus: 'DOCUMENTED',
  },
});

export class MpNotifiedV1 {
  @IsISO8601({ strict: true })
  public notifiedAt!: string;

  /** Minutes from the task's opening (the trafficking indicators recorded) to the notice. */
  @IsInt()
  @Min(0)
  public minutesSinceOpened!: number;

  @IsInt()
  @Min(0)
  public minutesSinceDetection!: number;
}

export const mpNotifiedV1 = defineEvent({
  name: { service: 'intake', aggregate: 'case', event: 'mp-notified', version: 1 },
  dataClass: MpNotifiedV1,
  semantics: 'change',
  description:
    'The federal Public Prosecutor (MP) was notified that the child may be a trafficking victim (RLM-05): the notice task opened by the screening is done. The MP office and its reference stay in intake.',
  example: { notifiedAt: '2026-11-29T19:00:00.000Z', minutesSinceOpened: 240, minutesSinceDetection: 295 },
});

export class MpNoticeOverdueV1 {
  @IsISO8601({ strict: true })
  public detectedAt!: string;

  /** When the trafficking indicators were recorded and the task opened. */
  @IsISO8601({ strict: true })
  public openedAt!: string;

  @IsISO8601({ strict: true })
  public dueAt!: string;
}

export const mpNoticeOverdueV1 = defineEvent({
  name: { service: 'intake', aggregate: 'case', event: 'mp-notice-overdue', version: 1 },
  dataClass: MpNoticeOverdueV1,
  semantics: 'change',
  description:
    'The notice to the Public Prosecutor (MP) that a trafficking screening requires (RLM-05) passed its due time without being recorded. Raised once per task, like intake.case.deadline-overdue.',
  example: { detectedAt: '2026-11-29T14:05:00.000Z', openedAt: '2026-11-29T15:00:00.000Z', dueAt: '2026-11-30T15:00:00.000Z' },
});

export { ScreeningFlags };

/** Every intake event contract, for catalogs, consumers and tests. */
export const INTAKE_EVENTS: readonly EventContract[] = [
  caseRegisteredV1,
  caseRegisteredV2,
  caseUpdatedV1,
  caseAssignedV1,
  caseTransferredV1,
  procuraduriaNotifiedV1,
  channelledToDifV1,
  deadlineOverdueV1,
  caseClosedV1,
  caseIdentifiedV1,
  caseScreenedV1,
  caseExitedAdultFlowV1,
  mpNotifiedV1,
  mpNoticeOverdueV1,
];
