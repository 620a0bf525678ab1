import { EntryPath } from '@opis/contracts-intake';
import { DomainError, ErrorKind, isInFuture, notInFutureViolation } from '@opis/platform';

import { AgeAssessment, assessAge, completedYears, DeclaredAge } from './age-assessment';
import { CaseEntity } from './case.entity';
import { MpNoticeTaskEntity } from './case-records.entity';
import { CaseErrorCode, CaseRuleViolation } from './case.exception';

/** Clock skew tolerated between an officer's device and the server. */
/** Facilities where a child may never be taken (LM-08, INV-04). */
const DETENTION_FACILITIES: ReadonlySet<string> = new Set(['ESTACION_MIGRATORIA', 'ESTANCIA_PROVISIONAL']);
/** Registered DIF facilities a hand-over may go to (GD-06, GD-14). */
export const CHANNELLING_FACILITY_TYPES = ['DIF_SHELTER', 'CAS'] as const;
const DIF_FACILITIES: ReadonlySet<string> = new Set(CHANNELLING_FACILITY_TYPES);

export type ChildAge = Extract<AgeAssessment, { minor: true }>;

export function minutesBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / 60_000);
}

/** Presumption of minority (GD-12, INV-10), and agreement of a documented age with its date of birth. */
export function assertChildAge(age: DeclaredAge, dateOfBirth: string | null | undefined, detectedAt: Date): ChildAge {
  const assessment = assessAge(age);
  if (!assessment.minor) {
    const documented = assessment.reason === 'DOCUMENTED_ADULT';
    throw new CaseRuleViolation(
      documented ? CaseErrorCode.ADULT_DOCUMENTED : CaseErrorCode.ADULT_STATED,
      documented
        ? 'A person documented as 18 or over is not registered as a child. Only a competent authority can determine adulthood (GD-12).'
        : 'An age of 18 or over was stated. If there is any doubt that the person is an adult, record the age as DISPUTED with the candidate ages: the person is then treated as a child (GD-12, INV-10).',
      'GD-12',
      [{ field: 'child.age.years', rule: 'minorAge', message: 'must be under 18 unless the age is DISPUTED' }],
    );
  }
  if (dateOfBirth) {
    if (new Date(`${dateOfBirth}T00:00:00Z`).getTime() > detectedAt.getTime()) {
      throw new CaseRuleViolation(CaseErrorCode.AGE_INCONSISTENT, 'The date of birth is after the detection.', undefined, [
        { field: 'child.dateOfBirth', rule: 'beforeDetection', message: 'dateOfBirth must be before detectedAt' },
      ]);
    }
    if (age.status === 'DOCUMENTED' && completedYears(dateOfBirth, detectedAt) !== age.years) {
      throw new CaseRuleViolation(
        CaseErrorCode.AGE_INCONSISTENT,
        'A documented age must agree with the documented date of birth at detection.',
        undefined,
        [{ field: 'child.age.years', rule: 'matchesDateOfBirth', message: 'age.years disagrees with dateOfBirth' }],
      );
    }
  }
  return assessment;
}

/** RLM-02: accompanied only with evidence; LM-09: and linked to the family unit. */
export function assertAccompaniment(
  accompaniment: string,
  evidence: readonly unknown[] | undefined,
  householdId: string | null | undefined,
): void {
  if (accompaniment !== 'ACCOMPANIED') return;
  if (!evidence || evidence.length === 0) {
    throw new CaseRuleViolation(
      CaseErrorCode.ACCOMPANIMENT_EVIDENCE_MISSING,
      'A child is recorded as accompanied only with evidence of kinship, guardianship or custody (RLM art. 170); otherwise record SEPARATED or UNACCOMPANIED.',
      'RLM-02',
      [{ field: 'encounter.accompanimentEvidence', rule: 'arrayMinSize', message: 'at least one evidence item when ACCOMPANIED' }],
    );
  }
  if (!householdId) {
    throw new CaseRuleViolation(
      CaseErrorCode.HOUSEHOLD_MISSING,
      'An accompanied child is linked to the family unit they travel with.',
      'LM-09',
      [{ field: 'encounter.householdId', rule: 'isUUID', message: 'householdId is required when ACCOMPANIED' }],
    );
  }
}

/** Children returned from the USA through this path are Mexican (DOMAIN.md 4.5b). */
export function assertEntryPath(entryPath: EntryPath, nationality: string): void {
  if (entryPath === 'RETURNED_FROM_USA' && nationality !== 'MX') {
    throw new CaseRuleViolation(
      CaseErrorCode.RETURNED_CHILD_NOT_MEXICAN,
      'Children returned from the USA through this path are Mexican; a foreign child is DETECTED or PUT_AT_DISPOSAL.',
      'US-01',
      [{ field: 'child.nationality', rule: 'equals', message: 'must be MX when entryPath is RETURNED_FROM_USA' }],
    );
  }
}

export function assertDetectionTime(detectedAt: Date, now = Date.now()): void {
  if (isInFuture(detectedAt, now)) {
    throw new CaseRuleViolation(CaseErrorCode.DETECTED_IN_FUTURE, 'The detection time is in the future.', undefined, [
      { field: 'encounter.detectedAt', rule: 'notInFuture', message: 'detectedAt must not be in the future' },
    ]);
  }
}

/** A time recorded by an officer is not in the future (beyond clock skew). */
export function assertNotFuture(at: Date, field: string, now = Date.now()): void {
  if (isInFuture(at, now)) {
    throw new CaseRuleViolation(CaseErrorCode.RECORDED_IN_FUTURE, 'The time recorded is in the future.', undefined, [notInFutureViolation(field)]);
  }
}

/** A record's time lies between the detection and now. */
export function assertRecordTime(at: Date, detectedAt: Date, field: string, now = Date.now()): void {
  assertNotFuture(at, field, now);
  if (at.getTime() < detectedAt.getTime()) {
    // docs/api.md: a time before the case began is a bad field (400), as every service answers it.
    throw new DomainError({
      code: CaseErrorCode.BEFORE_DETECTION,
      kind: ErrorKind.INVALID_INPUT,
      detail: 'The time recorded is before the child was detected.',
      violations: [{ field, rule: 'notBeforeCase', message: `${field} must not be before the case's detectedAt` }],
    });
  }
}

/** LM-08, INV-04: never a migration station; GD-06: a DIF facility; GD-14: a CAS needs a protection measure. */
export function assertChannellingFacility(facilityType: string, protectionMeasureId: string | undefined): void {
  if (DETENTION_FACILITIES.has(facilityType)) {
    throw new CaseRuleViolation(
      CaseErrorCode.FACILITY_DETENTION,
      'A child is never taken to a migration station or provisional stay (LM art. 99; INV-04).',
      'LM-08',
      [{ field: 'facilityType', rule: 'notDetention', message: 'must not be ESTACION_MIGRATORIA or ESTANCIA_PROVISIONAL' }],
    );
  }
  if (!DIF_FACILITIES.has(facilityType)) {
    throw new CaseRuleViolation(
      CaseErrorCode.FACILITY_NOT_DIF,
      'Channelling hands the child to a registered DIF facility: a DIF shelter or a CAS.',
      'GD-06',
      [{ field: 'facilityType', rule: 'isDifFacility', message: 'must be DIF_SHELTER or CAS' }],
    );
  }
  if (facilityType === 'CAS' && !protectionMeasureId) {
    throw new CaseRuleViolation(
      CaseErrorCode.PROTECTION_MEASURE_MISSING,
      'No child enters a CAS without a Procuraduría protection measure.',
      'GD-14',
      [{ field: 'protectionMeasureId', rule: 'requiredForCas', message: 'required when facilityType is CAS' }],
    );
  }
}

/** LM-02: intake closes only with both records. */
export function assertCloseRecords(entity: Pick<CaseEntity, 'procuraduriaNotifiedAt' | 'difChannelledAt'>): void {
  const missing = [
    ...(entity.procuraduriaNotifiedAt
      ? []
      : [{ field: 'procuraduriaNotification', rule: 'recorded', message: 'the Procuraduría notification is not recorded' }]),
    ...(entity.difChannelledAt
      ? []
      : [{ field: 'difChannelling', rule: 'recorded', message: 'the DIF hand-over receipt is not recorded' }]),
  ];
  if (missing.length > 0) {
    throw new CaseRuleViolation(
      CaseErrorCode.CLOSE_RECORDS_MISSING,
      'Intake closes only with both the Procuraduría notification and the DIF hand-over recorded.',
      'LM-02',
      missing,
    );
  }
}

/** RLM-05: intake closes only once the notice to the Public Prosecutor its screening required is made. */
export function assertMpNoticeDone(task: Pick<MpNoticeTaskEntity, 'notifiedAt' | 'cancelledAt'> | null): void {
  if (!task || task.notifiedAt || task.cancelledAt) return;
  throw new CaseRuleViolation(
    CaseErrorCode.CLOSE_RECORDS_MISSING,
    'The screening showed trafficking indicators: intake closes only once the Public Prosecutor (MP) is notified (RLM-05).',
    'RLM-05',
    [{ field: 'mpNotification', rule: 'recorded', message: 'the notice to the Public Prosecutor is not recorded' }],
  );
}
