import { ageOutOf, assessAge, completedYears, eighteenthBirthday } from './age-assessment';

describe('presumption of minority (GD-12, INV-10)', () => {
  it('treats a disputed age as a child in the younger band', () => {
    expect(assessAge({ years: 13, status: 'DISPUTED', candidates: [11, 16] })).toEqual({
      minor: true,
      ageForRules: 11,
      ageBand: '0-11',
    });
  });

  it('keeps a disputed person a child even when every candidate is adult', () => {
    expect(assessAge({ years: 19, status: 'DISPUTED', candidates: [18, 20] })).toEqual({
      minor: true,
      ageForRules: 17,
      ageBand: '12-17',
    });
  });

  it('refuses a documented adult, and names why', () => {
    expect(assessAge({ years: 18, status: 'DOCUMENTED' })).toEqual({ minor: false, reason: 'DOCUMENTED_ADULT' });
    expect(assessAge({ years: 21, status: 'DECLARED' })).toEqual({ minor: false, reason: 'STATED_ADULT' });
  });

  it('bands 11 as a child and 12 as an adolescent', () => {
    expect(assessAge({ years: 11, status: 'DECLARED' })).toMatchObject({ ageBand: '0-11' });
    expect(assessAge({ years: 12, status: 'ESTIMATED' })).toMatchObject({ ageBand: '12-17' });
    expect(assessAge({ years: 17, status: 'DOCUMENTED' })).toMatchObject({ minor: true, ageBand: '12-17' });
  });
});

describe('completedYears', () => {
  it('counts a birthday only once it has come', () => {
    expect(completedYears('2010-11-30', new Date('2026-11-29T23:00:00Z'))).toBe(15);
    expect(completedYears('2010-11-29', new Date('2026-11-29T00:00:00Z'))).toBe(16);
    expect(completedYears('2008-02-29', new Date('2026-02-28T12:00:00Z'))).toBe(17);
  });
});

describe('turning 18 during the case (DOMAIN.md 3.4)', () => {
  const detectedAt = new Date('2026-11-01T12:00:00Z');

  it('flags an open case whose child turned 18 after detection, and keeps the flag out of closed cases', () => {
    expect(ageOutOf('2008-11-20', detectedAt, new Date('2026-11-25T00:00:00Z'), true)).toEqual({
      eighteenthBirthday: '2026-11-20',
      agedOutDuringCase: true,
      reviewRequired: true,
    });
    expect(ageOutOf('2008-11-20', detectedAt, new Date('2026-11-19T23:59:00Z'), true)).toMatchObject({ agedOutDuringCase: false, reviewRequired: false });
    expect(ageOutOf('2008-11-20', detectedAt, new Date('2026-11-25T00:00:00Z'), false)).toMatchObject({ agedOutDuringCase: true, reviewRequired: false });
  });

  it('says nothing without a date of birth', () => {
    expect(ageOutOf(null, detectedAt, new Date('2030-01-01T00:00:00Z'), true)).toEqual({ eighteenthBirthday: null, agedOutDuringCase: false, reviewRequired: false });
  });

  it('counts a 29 February birthday from 1 March in a common year, as completedYears does', () => {
    expect(eighteenthBirthday('2008-02-29')).toBe('2026-03-01');
    expect(eighteenthBirthday('2006-02-28')).toBe('2024-02-28');
    expect(completedYears('2008-02-29', new Date('2026-02-28T23:00:00Z'))).toBe(17);
    expect(completedYears('2008-02-29', new Date('2026-03-01T00:00:00Z'))).toBe(18);
  });
});
