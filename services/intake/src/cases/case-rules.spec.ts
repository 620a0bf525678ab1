import { DomainError } from '@opis/platform';

import {
  assertAccompaniment,
  assertChannellingFacility,
  assertChildAge,
  assertCloseRecords,
  assertEntryPath,
  assertRecordTime,
} from './case-rules';

function refusal(check: () => unknown): Pick<DomainError, 'code' | 'rule'> | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, rule: error.rule };
    throw error;
  }
}

const detectedAt = new Date('2026-11-29T12:00:00Z');

describe('intake case rules', () => {
  it('refuses a documented age that disagrees with the documented date of birth', () => {
    expect(refusal(() => assertChildAge({ years: 14, status: 'DOCUMENTED' }, '2011-01-01', detectedAt))).toEqual({
      code: 'AGE_INCONSISTENT',
      rule: undefined,
    });
    expect(assertChildAge({ years: 15, status: 'DOCUMENTED' }, '2011-01-01', detectedAt)).toMatchObject({ minor: true });
    expect(refusal(() => assertChildAge({ years: 10, status: 'DECLARED' }, '2026-12-01', detectedAt))?.code).toBe(
      'AGE_INCONSISTENT',
    );
  });

  it('allows accompaniment only with evidence and a household (RLM-02, LM-09)', () => {
    expect(refusal(() => assertAccompaniment('ACCOMPANIED', [], 'h'))?.rule).toBe('RLM-02');
    expect(refusal(() => assertAccompaniment('ACCOMPANIED', [{}], null))?.rule).toBe('LM-09');
    expect(refusal(() => assertAccompaniment('UNACCOMPANIED', undefined, null))).toBeUndefined();
  });

  it('takes only Mexican children on the return-from-USA path', () => {
    expect(refusal(() => assertEntryPath('RETURNED_FROM_USA', 'GT'))?.code).toBe('RETURNED_CHILD_NOT_MEXICAN');
    expect(refusal(() => assertEntryPath('RETURNED_FROM_USA', 'MX'))).toBeUndefined();
  });

  it('keeps a record between the detection and now', () => {
    const now = detectedAt.getTime() + 3_600_000;
    expect(refusal(() => assertRecordTime(new Date(detectedAt.getTime() - 1), detectedAt, 'notifiedAt', now))?.code).toBe(
      'BEFORE_DETECTION',
    );
    expect(refusal(() => assertRecordTime(new Date(now + 6 * 60_000), detectedAt, 'notifiedAt', now))?.code).toBe(
      'RECORDED_IN_FUTURE',
    );
  });

  it.each([
    ['ESTACION_MIGRATORIA', undefined, 'LM-08'],
    ['ESTANCIA_PROVISIONAL', undefined, 'LM-08'],
    ['HOSPITAL', undefined, 'GD-06'],
    ['CAS', undefined, 'GD-14'],
    ['CAS', 'MP-1', undefined],
    ['DIF_SHELTER', undefined, undefined],
  ])('channelling to %s (measure %s) is refused by rule %s', (facility, measure, rule) => {
    expect(refusal(() => assertChannellingFacility(facility, measure))?.rule).toBe(rule);
  });

  it('closes only with both LM-02 records', () => {
    expect(refusal(() => assertCloseRecords({ procuraduriaNotifiedAt: detectedAt, difChannelledAt: null }))?.rule).toBe('LM-02');
    expect(refusal(() => assertCloseRecords({ procuraduriaNotifiedAt: detectedAt, difChannelledAt: detectedAt }))).toBeUndefined();
  });
});
