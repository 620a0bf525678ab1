import type { PossibleDuplicate } from '../cases/case.view';

/** What an earlier record shares with the child being registered, as the search reads it. */
export interface DuplicateCandidateRow {
  personId: string;
  caseId: string;
  caseNumber: string;
  officeCode: string;
  nameSimilarity: number;
  sameDateOfBirth: boolean;
  sameNationality: boolean;
  /** The age recorded in that case, when it was registered. */
  ageYears: number;
  /**
   * That age carried forward by the whole years since the case was registered: the age the
   * child would have today. The score compares it, when the search gives it, with the child's.
   */
  ageYearsNow?: number;
}

/** How much each agreement weighs in a possible duplicate's score (they add up to 1). */
export const DUPLICATE_WEIGHTS = { name: 0.6, dateOfBirth: 0.25, nationality: 0.1, age: 0.05 } as const;
/** Officers see earlier records that score at least this, the best `DUPLICATE_LIMIT` of them. */
export const DUPLICATE_MIN_SCORE = 0.5;
export const DUPLICATE_LIMIT = 5;
/** Ages declared a year apart still agree: a declared age is a guess. */
export const AGE_TOLERANCE_YEARS = 1;
/**
 * Nationally a common name has hundreds of namesakes; most are told apart by age. The search
 * returns no record whose age carried to today (`ageYearsNow`) is more than this from the child's
 * (declared ages are guesses, off by a year or two, not more), nor a record documented as born in
 * another year than the child's documented date of birth. A different day in the same year stays a
 * candidate: a day and month swapped is a common slip.
 */
export const AGE_EXCLUSION_YEARS = 3;
/**
 * The name similarity of two names one of which is the other with one token more ("María Valle
 * Portillo" and "María Leticia Valle Portillo"), both of two tokens or more, compared by their
 * phonetic codes. Officers often write one given or family name of two: by trigrams such a pair
 * scores 0.74, under namesakes with a letter changed, and an earlier record written in full was
 * outranked by them. It stays under an exact name's 1.
 */
export const ONE_TOKEN_MORE_SIMILARITY = 0.9;
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

function ageNow(row: DuplicateCandidateRow): number {
  return row.ageYearsNow ?? row.ageYears;
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
  if (Math.abs(ageNow(row) - ageYears) <= AGE_TOLERANCE_YEARS) {
    score += DUPLICATE_WEIGHTS.age;
    matchedOn.push('age');
  }
  const { personId, caseId, caseNumber, officeCode } = row;
  return { score, duplicate: { personId, caseId, caseNumber, officeCode, score: Math.round(score * 100) / 100, matchedOn } };
}

/** The candidates that score at least `DUPLICATE_MIN_SCORE`, best first, at most `DUPLICATE_LIMIT`. */
export function possibleDuplicates(rows: readonly DuplicateCandidateRow[], ageYears: number): PossibleDuplicate[] {
  return rows
    .filter((row) => Math.abs(ageNow(row) - ageYears) <= AGE_EXCLUSION_YEARS)
    .map((row) => scored(row, ageYears))
    .filter((candidate) => candidate.score >= DUPLICATE_MIN_SCORE)
    .sort((a, b) => b.score - a.score)
    .slice(0, DUPLICATE_LIMIT)
    .map((candidate) => candidate.duplicate);
}
