import { AgeDeterminingAuthority, CaseStage, DeterminedAgeStatus } from '@opis/contracts-intake';

import { AGE_OF_MAJORITY, DeclaredAge } from './age-assessment';
import { CaseEntity } from './case.entity';
import { CaseErrorCode, CaseRuleViolation } from './case.exception';

type Staged = Pick<CaseEntity, 'status' | 'identifiedAt' | 'screenedAt' | 'procuraduriaNotifiedAt' | 'difChannelledAt'>;

/**
 * Where the case stands in DOMAIN.md 4.1, from what is recorded. The Procuraduría notice and the
 * hand-over are immediate and parallel (INV-03, GD-14): they never wait for identification or
 * screening, so a hand-over recorded first makes the case HANDED_OVER whatever came before.
 */
export function caseStage(entity: Staged): CaseStage {
  if (entity.status === 'EXIT_ADULT_FLOW') return 'EXIT_ADULT_FLOW';
  if (entity.status === 'CLOSED') return 'CLOSED';
  if (entity.difChannelledAt) return 'HANDED_OVER';
  if (!entity.identifiedAt) return 'IDENTIFYING';
  if (!entity.screenedAt) return 'SCREENING';
  if (!entity.procuraduriaNotifiedAt) return 'NOTIFYING_PROCURADURIA';
  return 'CHANNELLING_TO_DIF';
}

/** DOMAIN.md 4.1: screening follows identification (the person is a child or presumed one). */
export function assertIdentified(entity: Pick<CaseEntity, 'identifiedAt'>): void {
  if (entity.identifiedAt) return;
  throw new CaseRuleViolation(
    CaseErrorCode.IDENTIFICATION_PENDING,
    'Screening follows identification (DOMAIN.md 4.1): record the identification first.',
    undefined,
    [{ field: 'identification', rule: 'recorded', message: 'the identification is not recorded' }],
  );
}

/** LM-18: an interview of a child who does not speak Spanish fully is valid only with an interpreter. */
export function assertInterpreter(speaksSpanish: string, interpreter: unknown): void {
  if (speaksSpanish === 'YES' || interpreter) return;
  throw new CaseRuleViolation(
    CaseErrorCode.INTERPRETER_REQUIRED,
    'The child does not speak Spanish fully: the screening interview needs a free interpreter (LM art. 14, RLM art. 222).',
    'LM-18',
    [{ field: 'interpreter', rule: 'requiredUnlessSpeaksSpanish', message: 'an interpreter (name, language) is required' }],
  );
}

export interface AdultDetermination {
  authority: AgeDeterminingAuthority;
  age: DeclaredAge;
}

/**
 * GD-12, INV-10, DOMAIN.md 3: only a documented determination by a competent authority takes a
 * person out of the child flow. A disputed age, or any younger candidate age, keeps the
 * presumption of minority; a declaration is not a determination; an OPI alone never decides.
 */
export function assertAdultDetermination(
  determination: AdultDetermination,
  competent: readonly AgeDeterminingAuthority[],
): { ageYears: number; ageStatus: DeterminedAgeStatus } {
  if (!competent.includes(determination.authority)) {
    throw new CaseRuleViolation(
      CaseErrorCode.AUTHORITY_NOT_COMPETENT,
      `Only a competent authority determines that a person is an adult (${competent.join(', ')}); an INM officer alone cannot (GD-12).`,
      'GD-12',
      [{ field: 'authority', rule: 'competentAuthority', message: `must be one of ${competent.join(', ')}` }],
    );
  }
  const { age } = determination;
  const candidates = age.candidates ?? [];
  if (age.status === 'DISPUTED' || candidates.some((candidate) => candidate < AGE_OF_MAJORITY)) {
    throw new CaseRuleViolation(
      CaseErrorCode.AGE_DISPUTED,
      'The age is still in doubt: the person is presumed a child and stays in the child flow (GD-12, INV-10).',
      'INV-10',
      [{ field: age.status === 'DISPUTED' ? 'age.status' : 'age.candidates', rule: 'presumptionOfMinority', message: 'a disputed age keeps the child flow' }],
    );
  }
  if (age.status !== 'DOCUMENTED' && age.status !== 'ESTIMATED') {
    throw new CaseRuleViolation(
      CaseErrorCode.AGE_NOT_DETERMINED,
      "A declared age is not a determination: the competent authority's document or assessment is (GD-12).",
      'GD-12',
      [{ field: 'age.status', rule: 'determined', message: 'must be DOCUMENTED or ESTIMATED' }],
    );
  }
  if (age.years < AGE_OF_MAJORITY) {
    throw new CaseRuleViolation(
      CaseErrorCode.NOT_ADULT,
      'The determination finds the person under 18: they stay in the child flow (GD-12).',
      'GD-12',
      [{ field: 'age.years', rule: 'adultAge', message: `must be ${AGE_OF_MAJORITY} or over to leave the child flow` }],
    );
  }
  return { ageYears: age.years, ageStatus: age.status };
}
