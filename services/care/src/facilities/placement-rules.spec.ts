import { alertingRefusalOf, assertPlacementRequest, ChildForPlacement, PlacementRequest } from './placement-rules';

const detectedAt = new Date('2026-11-29T10:00:00Z');
const now = new Date('2026-11-29T14:00:00Z').getTime();
const household = '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d0e';
const unaccompanied: ChildForPlacement = { accompaniment: 'UNACCOMPANIED', householdId: null, detectedAt };
const accompanied: ChildForPlacement = { accompaniment: 'ACCOMPANIED', householdId: household, detectedAt };
const request = (overrides: Partial<PlacementRequest> = {}): PlacementRequest => ({
  facilityType: 'DIF_SHELTER',
  setting: 'CHILD_ONLY_AREA',
  placedAt: new Date('2026-11-29T12:00:00Z'),
  ...overrides,
});
const check = (child: ChildForPlacement, overrides: Partial<PlacementRequest>) => () =>
  assertPlacementRequest(child, request(overrides), { inmOfficeMaxWaitMinutes: 360, now });

describe('placement rules', () => {
  it('LM-08, INV-04: refuses a migration station or provisional stay', () => {
    expect(check(unaccompanied, { facilityType: 'ESTACION_MIGRATORIA' })).toThrow(expect.objectContaining({ rule: 'LM-08' }));
    expect(check(unaccompanied, { facilityType: 'ESTANCIA_PROVISIONAL' })).toThrow(expect.objectContaining({ rule: 'LM-08' }));
  });

  it('LM-08 RPT: a detention facility or a mixed-adult area is refused with an alert; other refusals are not', () => {
    expect(alertingRefusalOf(request({ facilityType: 'ESTACION_MIGRATORIA' }))).toMatchObject({ reason: 'DETENTION_FACILITY', violation: { rule: 'LM-08' } });
    expect(alertingRefusalOf(request({ facilityType: 'ESTANCIA_PROVISIONAL', setting: 'MIXED_ADULT_AREA' }))?.reason).toBe('DETENTION_FACILITY');
    expect(alertingRefusalOf(request({ setting: 'MIXED_ADULT_AREA' }))).toMatchObject({ reason: 'MIXED_ADULT_AREA', violation: { rule: 'GD-07' } });
    expect(alertingRefusalOf(request({ setting: 'FAMILY_UNIT_AREA' }))).toBeNull();
    expect(alertingRefusalOf(request({ facilityType: 'CAS' }))).toBeNull();
  });

  it('GD-07: an unaccompanied or separated child only in a child-only area; no child among unrelated adults', () => {
    expect(check(unaccompanied, {})).not.toThrow();
    expect(check(unaccompanied, { setting: 'FAMILY_UNIT_AREA' })).toThrow(expect.objectContaining({ code: 'UNRELATED_ADULTS' }));
    expect(check({ ...unaccompanied, accompaniment: 'SEPARATED' }, { setting: 'FAMILY_UNIT_AREA' })).toThrow(
      expect.objectContaining({ rule: 'GD-07' }),
    );
    expect(check(accompanied, { setting: 'MIXED_ADULT_AREA', householdId: household })).toThrow(
      expect.objectContaining({ rule: 'GD-07' }),
    );
  });

  it('INV-09: an accompanied child with their own family unit, or apart only on a Procuraduría decision', () => {
    expect(check(accompanied, { setting: 'FAMILY_UNIT_AREA', householdId: household })).not.toThrow();
    expect(check(accompanied, { setting: 'FAMILY_UNIT_AREA', householdId: '0190f5c2-7d2a-7b3c-9d4e-000000000000' })).toThrow(
      expect.objectContaining({ code: 'HOUSEHOLD_MISMATCH' }),
    );
    expect(check(accompanied, { setting: 'CHILD_ONLY_AREA' })).toThrow(
      expect.objectContaining({ code: 'FAMILY_SEPARATION_WITHOUT_DECISION', rule: 'INV-09' }),
    );
    const decision = { reference: 'PPNNA-CHP-2026-17', decidedAt: new Date('2026-11-29T11:00:00Z') };
    expect(check(accompanied, { setting: 'CHILD_ONLY_AREA', procuraduriaDecision: decision })).not.toThrow();
  });

  it('GD-14: a CAS only with a protection measure', () => {
    expect(check(unaccompanied, { facilityType: 'CAS' })).toThrow(expect.objectContaining({ rule: 'GD-14' }));
    expect(check(unaccompanied, { facilityType: 'CAS', protectionMeasureReference: 'MP-17' })).not.toThrow();
  });

  it('LM-01: an INM office only for a bounded wait', () => {
    const placedAt = new Date('2026-11-29T12:00:00Z');
    const hoursAfter = (hours: number) => new Date(placedAt.getTime() + hours * 3_600_000);
    expect(check(unaccompanied, { facilityType: 'INM_OFFICE' })).toThrow(expect.objectContaining({ code: 'INM_OFFICE_WAIT_UNBOUNDED' }));
    expect(check(unaccompanied, { facilityType: 'INM_OFFICE', expectedUntil: hoursAfter(7) })).toThrow(
      expect.objectContaining({ rule: 'LM-01' }),
    );
    expect(check(unaccompanied, { facilityType: 'INM_OFFICE', expectedUntil: hoursAfter(2) })).not.toThrow();
  });

  it('refuses a placement before detection or in the future', () => {
    expect(check(unaccompanied, { placedAt: new Date('2026-11-29T09:00:00Z') })).toThrow(expect.objectContaining({ code: 'BEFORE_DETECTION' }));
    expect(check(unaccompanied, { placedAt: new Date('2026-11-29T15:00:00Z') })).toThrow(expect.objectContaining({ code: 'RECORDED_IN_FUTURE' }));
  });
});
