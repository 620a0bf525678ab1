// The search before issue 21, as intake ran it: `%` on the trigram index at the threshold the
// score needs, and anyone born the same day, among the offices the caller sees.
import type { EntityManager } from 'typeorm';

import { queryPrepared } from '@opis/platform';

import { CandidateRow, DuplicateSearch, IntakeCode, YEAR } from './intake-code';

const BASELINE_SQL = `SELECT format('%s-%s-%s', $7::text, $8::int, lpad(next_case_sequence($7, $8)::text, 6, '0')) AS case_number,
              coalesce((
                SELECT json_agg(d ORDER BY d.rank DESC, d.registered_at DESC)
                  FROM (
                    WITH near AS (
                      SELECT m.matched_person_id AS id, m.name_similarity FROM person_name_matches($1, $9::real) m
                      UNION
                      SELECT p.id, similarity(p.search_name, $1)
                        FROM person p
                       WHERE $2::date IS NOT NULL AND p.date_of_birth = $2::date
                         AND similarity(p.search_name, $1) >= $10::real)
                    SELECT near.id AS person_id, c.id AS case_id, c.case_number, c.office_code, c.age_years,
                           near.name_similarity, c.registered_at, s.same_dob, s.same_nationality,
                           $11::float8 * near.name_similarity + $12::float8 * s.same_dob::int
                             + $13::float8 * s.same_nationality::int
                             + $14::float8 * (abs(c.age_years - $15::int) <= $16::int)::int AS rank
                      FROM near
                      JOIN person p ON p.id = near.id
                      JOIN intake_case c ON c.person_id = near.id
                      CROSS JOIN LATERAL (SELECT p.date_of_birth IS NOT NULL AND p.date_of_birth = $2::date AS same_dob,
                                                 p.nationality = $3 AS same_nationality) s
                     WHERE ($5::uuid IS NULL OR near.id <> $5::uuid)
                       AND c.office_code = ANY($4::text[])
                     ORDER BY rank DESC, c.registered_at DESC
                     LIMIT $6) d), '[]'::json) AS duplicates`;

/** The score as officers saw it before issue 21, for the baseline: today's weights, no exclusion. */
export function baselineShown(rows: readonly CandidateRow[], ageYears: number, intake: IntakeCode): Array<{ personId: string }> {
  const { weights } = intake;
  return rows
    .map((row) => ({
      personId: row.personId,
      score:
        weights.name * row.nameSimilarity + (row.sameDateOfBirth ? weights.dateOfBirth : 0) + (row.sameNationality ? weights.nationality : 0) +
        (Math.abs(row.ageYears - ageYears) <= intake.ageTolerance ? weights.age : 0),
    }))
    .filter((candidate) => candidate.score >= 0.5)
    .sort((a, b) => b.score - a.score)
    .slice(0, intake.limit);
}

export async function baselineSearch(manager: EntityManager, intake: IntakeCode, office: string, search: DuplicateSearch): Promise<CandidateRow[]> {
  const [row] = await queryPrepared(manager, BASELINE_SQL, [
    search.searchName, search.dateOfBirth, search.nationality, search.offices, null, intake.limit, office, YEAR,
    intake.nameSimilarityNeeded(false), intake.nameSimilarityNeeded(true),
    intake.weights.name, intake.weights.dateOfBirth, intake.weights.nationality, intake.weights.age, search.ageYears, intake.ageTolerance,
  ]);
  return (row.duplicates as Array<Record<string, unknown>>).map((candidate) => ({
    personId: candidate.person_id as string,
    caseId: candidate.case_id as string,
    caseNumber: candidate.case_number as string,
    officeCode: candidate.office_code as string,
    nameSimilarity: Number(candidate.name_similarity),
    sameDateOfBirth: candidate.same_dob as boolean,
    sameNationality: candidate.same_nationality as boolean,
    ageYears: Number(candidate.age_years),
  }));
}

