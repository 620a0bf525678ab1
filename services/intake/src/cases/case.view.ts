import { CaseStage, ScreeningFlags } from '@opis/contracts-intake';

import { DeadlineView } from '../deadlines/deadline-policy';
import type { ShownDuplicate } from '../duplicates/duplicate-disclosure';
import { MpNoticeView, mpNoticeView } from '../deadlines/mp-notice-policy';
import { PersonEntity } from '../people/person.entity';
import { CaseEntity } from './case.entity';
import { screeningOf } from './case-events';
import { AgeOutView, ageOutOf } from './age-assessment';
import { caseStage } from './child-flow-rules';
import { CaseRecords } from './case.repository';

export interface PossibleDuplicate {
  personId: string;
  caseId: string;
  caseNumber: string;
  officeCode: string;
  score: number;
  matchedOn: Array<'name' | 'dateOfBirth' | 'nationality' | 'age'>;
}

export interface RegistrationResult {
  caseId: string;
  caseNumber: string;
  /** The case's office: libs/platform replays a keyed registration only to a caller who still sees it. */
  officeCode: string;
  personId: string;
  ageBand: string;
  status: string;
  /** Earlier records that may be the same child: whole in your offices, minimal in others (issue 21). */
  possibleDuplicates: ShownDuplicate[];
}

type Dated<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

export interface CaseView {
  caseId: string;
  caseNumber: string;
  officeCode: string;
  status: string;
  /** DOMAIN.md 4.1's step: refines `status` (OPEN is IDENTIFYING to CHANNELLING_TO_DIF). */
  stage: CaseStage;
  personId: string;
  child: {
    givenNames: string;
    familyNames: string;
    sex: string;
    dateOfBirth: string | null;
    age: { years: number; status: string; candidates: number[]; ageForRules: number };
    ageBand: string;
    nationality: string;
    countryOfResidence: string;
    languages: string[];
    speaksSpanish: string;
  };
  encounter: {
    /** The point's code in `GET /v1/migration-points`. */
    migrationPointCode: string;
    /** The place in the officer's words, if given. */
    migrationPoint: string | null;
    detectedAt: string;
    entryPath: string;
    accompaniment: string;
    accompanimentEvidence: CaseEntity['accompanimentEvidence'];
    householdId: string | null;
  };
  screening: ScreeningFlags;
  assignedOfficerId: string | null;
  registeredAt: string;
  registeredBy: string;
  procuraduriaNotification: Omit<NonNullable<CaseRecords['notification']>, 'caseId'> | null;
  difChannelling: Omit<NonNullable<CaseRecords['channelling']>, 'caseId'> | null;
  identification: Dated<Omit<NonNullable<CaseRecords['identification']>, 'caseId'>> | null;
  screeningInterview: Dated<Omit<NonNullable<CaseRecords['screening']>, 'caseId'>> | null;
  /** GD-12: the competent determination that took the person out of the child flow. */
  ageDetermination: Dated<Omit<NonNullable<CaseRecords['ageDetermination']>, 'caseId'>> | null;
  exitedAdultFlowAt: string | null;
  /** DOMAIN.md 3.4: a child who turned 18 during the case is flagged for review; protections stay. */
  ageOut: AgeOutView;
  /** RLM-05: the notice to the Public Prosecutor that trafficking indicators require; null without them. */
  mpNotice: MpNoticeView | null;
  deadlines: DeadlineView[];
  overdue: boolean;
  closedAt: string | null;
  version: number;
}

export interface CaseListItem {
  caseId: string;
  caseNumber: string;
  officeCode: string;
  status: string;
  stage: CaseStage;
  givenNames: string;
  familyNames: string;
  ageBand: string;
  nationality: string;
  accompaniment: string;
  detectedAt: string;
  registeredAt: string;
  overdue: boolean;
  /** DOMAIN.md 3.4: turned 18 during the case, still open: review it (protections stay). */
  ageOutReview: boolean;
}

export interface CasePage {
  items: CaseListItem[];
  nextCursor: string | null;
}

/** Turning 18 counts until the case closed or left the child flow, or until now while it runs. */
export function ageOutOfCase(
  entity: Pick<CaseEntity, 'status' | 'detectedAt' | 'closedAt' | 'exitedAdultFlowAt'>,
  person: Pick<PersonEntity, 'dateOfBirth'>,
  now: Date,
): AgeOutView {
  const until = entity.closedAt ?? entity.exitedAdultFlowAt ?? now;
  return ageOutOf(person.dateOfBirth, entity.detectedAt, until, entity.status === 'OPEN' || entity.status === 'HANDED_OVER');
}

function withoutCaseId<T extends { caseId: string }>(record: T | null): Omit<T, 'caseId'> | null {
  if (!record) return null;
  const { caseId: _caseId, ...rest } = record;
  return rest;
}

function dated<T extends { caseId: string }>(record: T | null): Dated<Omit<T, 'caseId'>> | null {
  const rest = withoutCaseId(record);
  if (!rest) return null;
  return Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value])) as Dated<Omit<T, 'caseId'>>;
}

export function toCaseView(
  entity: CaseEntity,
  person: PersonEntity,
  records: CaseRecords,
  deadlines: DeadlineView[],
  now = new Date(),
): CaseView {
  return {
    caseId: entity.id,
    caseNumber: entity.caseNumber,
    officeCode: entity.officeCode,
    status: entity.status,
    stage: caseStage(entity),
    personId: person.id,
    child: {
      givenNames: person.givenNames,
      familyNames: person.familyNames,
      sex: person.sex,
      dateOfBirth: person.dateOfBirth,
      age: {
        years: entity.ageYears,
        status: entity.ageStatus,
        candidates: entity.ageCandidates,
        ageForRules: entity.ageForRules,
      },
      ageBand: entity.ageBand,
      nationality: person.nationality,
      countryOfResidence: person.countryOfResidence,
      languages: person.languages,
      speaksSpanish: person.speaksSpanish,
    },
    encounter: {
      migrationPointCode: entity.migrationPointCode,
      migrationPoint: entity.migrationPoint,
      detectedAt: entity.detectedAt.toISOString(),
      entryPath: entity.entryPath,
      accompaniment: entity.accompaniment,
      accompanimentEvidence: entity.accompanimentEvidence,
      householdId: entity.householdId,
    },
    screening: screeningOf(entity),
    assignedOfficerId: entity.assignedOfficerId,
    registeredAt: entity.registeredAt.toISOString(),
    registeredBy: entity.registeredBy,
    procuraduriaNotification: withoutCaseId(records.notification),
    difChannelling: withoutCaseId(records.channelling),
    identification: dated(records.identification),
    screeningInterview: dated(records.screening),
    ageDetermination: dated(records.ageDetermination),
    exitedAdultFlowAt: entity.exitedAdultFlowAt ? entity.exitedAdultFlowAt.toISOString() : null,
    ageOut: ageOutOfCase(entity, person, now),
    mpNotice: mpNoticeView(records.mpNotice, now),
    deadlines,
    overdue: deadlines.some((deadline) => deadline.state === 'BREACHED'),
    closedAt: entity.closedAt ? entity.closedAt.toISOString() : null,
    version: entity.version,
  };
}
