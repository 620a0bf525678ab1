import { ScreeningFlags } from '@opis/contracts-intake';

import { DeadlineView } from '../deadlines/deadline-policy';
import { PersonEntity } from '../people/person.entity';
import { CaseEntity } from './case.entity';
import { screeningOf } from './case-events';
import { DifChannellingEntity, ProcuraduriaNotificationEntity } from './case-records.entity';

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
  personId: string;
  ageBand: string;
  status: string;
  possibleDuplicates: PossibleDuplicate[];
}

export interface CaseView {
  caseId: string;
  caseNumber: string;
  officeCode: string;
  status: string;
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
    migrationPoint: string;
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
  procuraduriaNotification: Omit<ProcuraduriaNotificationEntity, 'caseId'> | null;
  difChannelling: Omit<DifChannellingEntity, 'caseId'> | null;
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
  givenNames: string;
  familyNames: string;
  ageBand: string;
  nationality: string;
  accompaniment: string;
  detectedAt: string;
  registeredAt: string;
  overdue: boolean;
}

export interface CasePage {
  items: CaseListItem[];
  nextCursor: string | null;
}

function withoutCaseId<T extends { caseId: string }>(record: T | null): Omit<T, 'caseId'> | null {
  if (!record) return null;
  const { caseId: _caseId, ...rest } = record;
  return rest;
}

export function toCaseView(
  entity: CaseEntity,
  person: PersonEntity,
  records: { notification: ProcuraduriaNotificationEntity | null; channelling: DifChannellingEntity | null },
  deadlines: DeadlineView[],
): CaseView {
  return {
    caseId: entity.id,
    caseNumber: entity.caseNumber,
    officeCode: entity.officeCode,
    status: entity.status,
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
    deadlines,
    overdue: deadlines.some((deadline) => deadline.state === 'BREACHED'),
    closedAt: entity.closedAt ? entity.closedAt.toISOString() : null,
    version: entity.version,
  };
}
