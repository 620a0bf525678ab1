import { AgeBand, AgeStatus } from '@opis/contracts-intake';

export interface DeclaredAge {
  years: number;
  status: AgeStatus;
  candidates?: number[];
}

export type AgeAssessment =
  | { minor: true; ageForRules: number; ageBand: AgeBand }
  | { minor: false; reason: 'DOCUMENTED_ADULT' | 'STATED_ADULT' };

export const AGE_OF_MAJORITY = 18;
const CHILD_BAND_LIMIT = 12;

/**
 * Presumption of minority (GD-12, INV-10, DOMAIN.md section 3): while the age is disputed the
 * person is a child for every rule, in the younger band. Only a documented age of 18 or more
 * takes a person out of the child workflow; a stated or estimated adult age is refused too,
 * so that an officer in doubt records the age as DISPUTED instead.
 */
export function assessAge(age: DeclaredAge): AgeAssessment {
  if (age.status === 'DISPUTED') {
    const ageForRules = Math.min(age.years, ...(age.candidates ?? []));
    return { minor: true, ageForRules: Math.min(ageForRules, AGE_OF_MAJORITY - 1), ageBand: bandOf(ageForRules) };
  }
  if (age.years >= AGE_OF_MAJORITY) {
    return { minor: false, reason: age.status === 'DOCUMENTED' ? 'DOCUMENTED_ADULT' : 'STATED_ADULT' };
  }
  return { minor: true, ageForRules: age.years, ageBand: bandOf(age.years) };
}

export function bandOf(years: number): AgeBand {
  return years < CHILD_BAND_LIMIT ? '0-11' : '12-17';
}

/** Completed years between a date of birth (YYYY-MM-DD) and a moment. */
export function completedYears(dateOfBirth: string, at: Date): number {
  const [year, month, day] = dateOfBirth.split('-').map(Number);
  let years = at.getUTCFullYear() - year;
  const beforeBirthday =
    at.getUTCMonth() + 1 < month || (at.getUTCMonth() + 1 === month && at.getUTCDate() < day);
  if (beforeBirthday) years -= 1;
  return years;
}
