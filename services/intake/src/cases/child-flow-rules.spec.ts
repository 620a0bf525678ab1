import { DomainError } from '@opis/platform';

import { assertAdultDetermination, assertInterpreter, caseStage } from './child-flow-rules';

const competent = ['PROCURADURIA', 'CONSULATE'] as const;

function refusal(check: () => unknown): Pick<DomainError, 'code' | 'rule'> | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, rule: error.rule };
    throw error;
  }
}

describe('DOMAIN.md 4.1: the child flow', () => {
  const at = new Date('2026-11-29T12:00:00Z');
  const open = { status: 'OPEN', identifiedAt: null, screenedAt: null, procuraduriaNotifiedAt: null, difChannelledAt: null };

  it('derives the stage from what is recorded, without letting identification or screening hold back the immediate duties', () => {
    expect(caseStage(open)).toBe('IDENTIFYING');
    expect(caseStage({ ...open, identifiedAt: at })).toBe('SCREENING');
    expect(caseStage({ ...open, identifiedAt: at, screenedAt: at })).toBe('NOTIFYING_PROCURADURIA');
    expect(caseStage({ ...open, identifiedAt: at, screenedAt: at, procuraduriaNotifiedAt: at })).toBe('CHANNELLING_TO_DIF');
    expect(caseStage({ ...open, status: 'HANDED_OVER', difChannelledAt: at })).toBe('HANDED_OVER');
    expect(caseStage({ ...open, status: 'CLOSED', difChannelledAt: at, procuraduriaNotifiedAt: at })).toBe('CLOSED');
    expect(caseStage({ ...open, status: 'EXIT_ADULT_FLOW' })).toBe('EXIT_ADULT_FLOW');
  });

  it('LM-18: a screening interview needs an interpreter unless the child speaks Spanish fully', () => {
    expect(refusal(() => assertInterpreter('PARTIAL', undefined))).toEqual({ code: 'INTERPRETER_REQUIRED', rule: 'LM-18' });
    expect(refusal(() => assertInterpreter('NO', { name: 'Ixchel', language: 'mam' }))).toBeUndefined();
    expect(refusal(() => assertInterpreter('YES', undefined))).toBeUndefined();
  });

  it('GD-12, INV-10: only a competent, documented adult age leaves the child flow; doubt keeps it', () => {
    const adult = { years: 19, status: 'DOCUMENTED' as const };
    expect(assertAdultDetermination({ authority: 'CONSULATE', age: adult }, competent)).toEqual({ ageYears: 19, ageStatus: 'DOCUMENTED' });
    expect(assertAdultDetermination({ authority: 'PROCURADURIA', age: { years: 18, status: 'ESTIMATED' } }, competent).ageStatus).toBe('ESTIMATED');
    expect(refusal(() => assertAdultDetermination({ authority: 'INM_OFFICER', age: adult }, competent))).toEqual({ code: 'AUTHORITY_NOT_COMPETENT', rule: 'GD-12' });
    expect(refusal(() => assertAdultDetermination({ authority: 'CIVIL_REGISTRY', age: adult }, competent))).toEqual({ code: 'AUTHORITY_NOT_COMPETENT', rule: 'GD-12' });
    expect(refusal(() => assertAdultDetermination({ authority: 'PROCURADURIA', age: { years: 19, status: 'DISPUTED', candidates: [19, 20] } }, competent))).toEqual({
      code: 'AGE_DISPUTED',
      rule: 'INV-10',
    });
    expect(refusal(() => assertAdultDetermination({ authority: 'PROCURADURIA', age: { years: 19, status: 'ESTIMATED', candidates: [17, 19] } }, competent))).toEqual({
      code: 'AGE_DISPUTED',
      rule: 'INV-10',
    });
    expect(refusal(() => assertAdultDetermination({ authority: 'PROCURADURIA', age: { years: 19, status: 'DECLARED' } }, competent))).toEqual({ code: 'AGE_NOT_DETERMINED', rule: 'GD-12' });
    expect(refusal(() => assertAdultDetermination({ authority: 'PROCURADURIA', age: { years: 17, status: 'DOCUMENTED' } }, competent))).toEqual({ code: 'NOT_ADULT', rule: 'GD-12' });
  });
});
