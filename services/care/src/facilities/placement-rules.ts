import { DETENTION_FACILITY_TYPES, PlacementRefusalReason, PlacementSetting, RequestedFacilityType } from '@opis/contracts-care';
import { DomainError, ErrorKind, isInFuture, notInFutureViolation } from '@opis/platform';

import { CareErrorCode, CareRuleViolation } from '../cases/care.exception';

/** Clock skew tolerated between an officer's device and the server. */
const DETENTION: ReadonlySet<string> = new Set(DETENTION_FACILITY_TYPES);

export interface ChildForPlacement {
  accompaniment: string;
  householdId: string | null;
  detectedAt: Date;
}

export interface PlacementRequest {
  facilityType: RequestedFacilityType;
  setting: PlacementSetting;
  placedAt: Date;
  householdId?: string;
  procuraduriaDecision?: { reference: string; decidedAt: Date };
  protectionMeasureReference?: string;
  expectedUntil?: Date;
}

/** A time recorded by an officer lies between the child's detection and now. */
export function assertRecordTime(at: Date, detectedAt: Date, field: string, now = Date.now()): void {
  if (isInFuture(at, now)) {
    throw new CareRuleViolation(CareErrorCode.RECORDED_IN_FUTURE, 'The time recorded is in the future.', undefined, [notInFutureViolation(field)]);
  }
  if (at.getTime() < detectedAt.getTime()) {
    // The case began at the detection: a time before it is a wrong field, as a date in 1970 is (docs/api.md).
    throw new DomainError({
      code: CareErrorCode.BEFORE_DETECTION,
      kind: ErrorKind.INVALID_INPUT,
      detail: 'The time recorded is before the child was detected, when the case began.',
      violations: [{ field, rule: 'notBeforeCase', message: `${field} must not be before the child was detected` }],
    });
  }
}

/** LM-08, INV-04: never a migration station or provisional stay, as a placement or as a registered target. */
export function assertNotDetention(facilityType: string, field = 'facilityType'): void {
  if (DETENTION.has(facilityType)) throw detentionRefused(field);
}

function detentionRefused(field: string): CareRuleViolation {
  return new CareRuleViolation(
    CareErrorCode.FACILITY_DETENTION,
    'A child is never housed in a migration station or provisional stay (LM art. 99; INV-04).',
    'LM-08',
    [{ field, rule: 'notDetention', message: 'must not be ESTACION_MIGRATORIA or ESTANCIA_PROVISIONAL' }],
  );
}

export interface AlertingRefusal {
  reason: PlacementRefusalReason;
  violation: CareRuleViolation;
}

/**
 * The placements refused with an alert outside care, not only an audit row (LM-08 RPT, INV-04,
 * GD-07): a migration station or provisional stay, or an area shared with unrelated adults. They
 * depend on the request alone, so they are found before anything is read or written.
 */
export function alertingRefusalOf(request: Pick<PlacementRequest, 'facilityType' | 'setting'>): AlertingRefusal | null {
  if (DETENTION.has(request.facilityType)) return { reason: 'DETENTION_FACILITY', violation: detentionRefused('facilityType') };
  if (request.setting === 'MIXED_ADULT_AREA') {
    return {
      reason: 'MIXED_ADULT_AREA',
      violation: new CareRuleViolation(
        CareErrorCode.UNRELATED_ADULTS,
        'No child is housed in an area shared with unrelated adults (LGDNNA art. 95).',
        'GD-07',
        [{ field: 'setting', rule: 'noUnrelatedAdults', message: 'must be CHILD_ONLY_AREA or FAMILY_UNIT_AREA' }],
      ),
    };
  }
  return null;
}

/**
 * The rules a placement request must meet before any facility is looked at: LM-08/INV-04
 * (no detention), GD-07 (no unrelated adults), INV-09/LM-09 (family unity unless the
 * Procuraduría decided otherwise), GD-14 (CAS only with a protection measure) and LM-01 (an
 * INM office is a bounded wait).
 */
export function assertPlacementRequest(
  child: ChildForPlacement,
  request: PlacementRequest,
  options: { inmOfficeMaxWaitMinutes: number; now?: number },
): void {
  const alerting = alertingRefusalOf(request);
  if (alerting) throw alerting.violation;
  assertRecordTime(request.placedAt, child.detectedAt, 'placedAt', options.now);

  if (child.accompaniment !== 'ACCOMPANIED') {
    if (request.setting !== 'CHILD_ONLY_AREA') {
      throw new CareRuleViolation(
        CareErrorCode.UNRELATED_ADULTS,
        'An unaccompanied or separated child is housed apart from adults, in a child-only area (GD-07, INV-09).',
        'GD-07',
        [{ field: 'setting', rule: 'childOnlyArea', message: 'must be CHILD_ONLY_AREA for an unaccompanied or separated child' }],
      );
    }
  } else if (request.setting === 'FAMILY_UNIT_AREA') {
    if (!request.householdId || request.householdId !== child.householdId) {
      throw new CareRuleViolation(
        CareErrorCode.HOUSEHOLD_MISMATCH,
        'An accompanied child stays with their own family unit (INV-09): the household must be the one recorded at intake.',
        'INV-09',
        [{ field: 'householdId', rule: 'ownHousehold', message: "must be the child's householdId" }],
      );
    }
  } else if (!request.procuraduriaDecision) {
    throw new CareRuleViolation(
      CareErrorCode.FAMILY_SEPARATION_WITHOUT_DECISION,
      'An accompanied child is placed apart from their family unit only on a recorded Procuraduría decision (LM-09, INV-09).',
      'INV-09',
      [{ field: 'procuraduriaDecision', rule: 'requiredToSeparate', message: 'a Procuraduría decision (reference, decidedAt) is required' }],
    );
  }
  if (request.procuraduriaDecision && isInFuture(request.procuraduriaDecision.decidedAt, options.now ?? Date.now())) {
    throw new CareRuleViolation(CareErrorCode.RECORDED_IN_FUTURE, 'The Procuraduría decision is dated in the future.', 'INV-09', [
      { field: 'procuraduriaDecision.decidedAt', rule: 'notInFuture', message: 'decidedAt must not be in the future' },
    ]);
  }

  if (request.facilityType === 'CAS' && !request.protectionMeasureReference) {
    throw new CareRuleViolation(
      CareErrorCode.PROTECTION_MEASURE_MISSING,
      'No child enters a CAS without a Procuraduría protection measure.',
      'GD-14',
      [{ field: 'protectionMeasureReference', rule: 'requiredForCas', message: 'required when facilityType is CAS' }],
    );
  }
  if (request.facilityType === 'INM_OFFICE') {
    const limit = request.placedAt.getTime() + options.inmOfficeMaxWaitMinutes * 60_000;
    const until = request.expectedUntil?.getTime();
    if (until === undefined || until <= request.placedAt.getTime() || until > limit) {
      throw new CareRuleViolation(
        CareErrorCode.INM_OFFICE_WAIT_UNBOUNDED,
        `An INM office is a short wait before the hand-over to DIF, never a stay: give an expectedUntil within ${options.inmOfficeMaxWaitMinutes} minutes of placedAt (LM-01, LM-08).`,
        'LM-01',
        [{ field: 'expectedUntil', rule: 'boundedWait', message: `must be after placedAt and within ${options.inmOfficeMaxWaitMinutes} minutes of it` }],
      );
    }
  }
}
