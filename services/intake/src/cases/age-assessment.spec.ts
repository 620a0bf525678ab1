import { assessAge, completedYears } from './age-assessment';

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
