import type { PossibleDuplicate } from './case.view';

/** What an earlier record shares with the child being registered, as the search reads it. */
export interface DuplicateCandidateRow {
  personId: string;
  caseId: string;
  caseNumber: string;
  officeCode: string;
  nameSimilarity: number;
  sameDateOfBirth: boolean;
  sameNationality: boolean;
  ageYears: number;
}

/** How much each agreement weighs in a possible duplicate's score (they add up to 1). */
export const DUPLICATE_WEIGHTS = { name: 0.6, dateOfBirth: 0.25, nationality: 0.1, age: 0.05 } as const;
/** Officers see earlier records that score at least this, the best `DUPLICATE_LIMIT` of them. */
export const DUPLICATE_MIN_SCORE = 0.5;
export const DUPLICATE_LIMIT = 5;
/** Ages declared a year apart still agree: a declared age is a guess. */
export const AGE_TOLERANCE_YEARS = 1;
/** Below this trigram similarity two names are not taken for the same, whatever else agrees. */
const LEAST_NAME_SIMILARITY = 0.3;

/**
 * The least name similarity at which a candidate can reach `DUPLICATE_MIN_SCORE`, with and
 * without the same date of birth; the search reads nothing below it. Rounded down, so that float
 * rounding in the database never drops a candidate the score would keep.
 */
export function nameSimilarityNeeded(sameDateOfBirth: boolean): number {
  const others = DUPLICATE_WEIGHTS.nationality + DUPLICATE_WEIGHTS.age + (sameDateOfBirth ? DUPLICATE_WEIGHTS.dateOfBirth : 0);
  const needed = (DUPLICATE_MIN_SCORE - others) / DUPLICATE_WEIGHTS.name;
  return Math.max(LEAST_NAME_SIMILARITY, Math.floor(needed * 100) / 100);
}

function scored(row: DuplicateCandidateRow, ageYears: number): { score: number; duplicate: PossibleDuplicate } {
  const matchedOn: PossibleDuplicate['matchedOn'] = ['name'];
  let score = row.nameSimilarity * DUPLICATE_WEIGHTS.name;
  if (row.sameDateOfBirth) {
    score += DUPLICATE_WEIGHTS.dateOfBirth;
    matchedOn.push('dateOfBirth');
  }
  if (row.sameNationality) {
    score += DUPLICATE_WEIGHTS.nationality;
    matchedOn.push('nationality');
  }
  if (Math.abs(row.ageYears - ageYears) <= AGE_TOLERANCE_YEARS) {
    score += DUPLICATE_WEIGHTS.age;
    matchedOn.push('age');
  }
  const { personId, caseId, caseNumber, officeCode } = row;
  return { score, duplicate: { personId, caseId, caseNumber, officeCode, score: Math.round(score * 100) / 100, matchedOn } };
}

/** The candidates that score at least `DUPLICATE_MIN_SCORE`, best first, at most `DUPLICATE_LIMIT`. */
export function possibleDuplicates(rows: readonly DuplicateCandidateRow[], ageYears: number): PossibleDuplicate[] {
  return rows
    .map((row) => scored(row, ageYears))
    .filter((candidate) => candidate.score >= DUPLICATE_MIN_SCORE)
    .sort((a, b) => b.score - a.score)
    .slice(0, DUPLICATE_LIMIT)
    .map((candidate) => candidate.duplicate);
}
