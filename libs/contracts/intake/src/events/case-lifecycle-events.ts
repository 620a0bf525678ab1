import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';

import { defineEvent, OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';

import {
  AGE_BANDS,
  AGE_DETERMINING_AUTHORITIES,
  AGE_EVIDENCE_TYPES,
  AGE_STATUSES,
  AgeBand,
  AgeDeterminingAuthority,
  AgeEvidenceType,
  AgeStatus,
  DETERMINED_AGE_STATUSES,
  DeterminedAgeStatus,
} from '../vocabulary/case-vocabulary';
import { CaseCategories, CaseSummaryPayload, ScreeningFlags } from './case-summary';

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
