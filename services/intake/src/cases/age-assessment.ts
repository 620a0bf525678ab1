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

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The day a person born on `dateOfBirth` turns 18, as `completedYears` counts (29 February: 1 March). */
export function eighteenthBirthday(dateOfBirth: string): string {
  const [year, month, day] = dateOfBirth.split('-').map(Number);
  const at = year + AGE_OF_MAJORITY;
  if (month === 2 && day === 29 && !isLeapYear(at)) return `${at}-03-01`;
  return `${at}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export interface AgeOutView {
  /** From the date of birth where known; null otherwise. */
  eighteenthBirthday: string | null;
  /** A child at detection who turned 18 before `until` (now, or when the case closed or left the child flow). */
  agedOutDuringCase: boolean;
  /** DOMAIN.md 3.4: flag the case for review while it is still open; its protections stay. */
  reviewRequired: boolean;
}

/**
 * DOMAIN.md 3.4 [U]: turning 18 during the case removes no protection already triggered (a COMAR
 * claim, the child flow itself: only a competent determination ends it, GD-12); it flags the
 * case for review.
 */
export function ageOutOf(dateOfBirth: string | null, detectedAt: Date, until: Date, open: boolean): AgeOutView {
  if (!dateOfBirth) return { eighteenthBirthday: null, agedOutDuringCase: false, reviewRequired: false };
  const agedOutDuringCase = completedYears(dateOfBirth, detectedAt) < AGE_OF_MAJORITY && completedYears(dateOfBirth, until) >= AGE_OF_MAJORITY;
  return { eighteenthBirthday: eighteenthBirthday(dateOfBirth), agedOutDuringCase, reviewRequired: agedOutDuringCase && open };
}
