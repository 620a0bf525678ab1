// bench:duplicates' figures: latency, recall@5 and precision, overall and per variation, and why
// each planted duplicate not shown was missed.
import { Pool } from 'pg';

import { percentile } from '@opis/platform-tools';
import { CandidateRow, IntakeCode, VARIATIONS } from './intake-code';
import { Query } from './planted';

type Miss = 'below_score' | 'outranked' | 'not_read';

interface Outcome {
  ms: number;
  found: boolean;
  shown: number;
  trueShown: number;
  /** Why the earlier record was not shown: the score keeps it out, five others outscore it, or the search did not read it. */
  miss?: Miss;
}

interface Figures {
  queries: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  recallAt5: number | null;
  precision: number | null;
  /** Children met for the first time shown at least one candidate. */
  firstTimeWithCandidates: number | null;
  perVariation: Record<string, { queries: number; recallAt5: number; precision: number | null }>;
  /** Planted duplicates not shown, by why (only where the run asked why). */
  misses: Partial<Record<Miss, number>>;
}

function round(value: number, digits = 3): number {
  return Number(value.toFixed(digits));
}

export function figuresOf(queries: readonly Query[], outcomes: ReadonlyMap<Query, Outcome>): Figures {
  const measured = queries.filter((query) => outcomes.has(query));
  const all = measured.map((query) => outcomes.get(query) as Outcome);
  const latencies = all.map((outcome) => outcome.ms).sort((a, b) => a - b);
  const planted = measured.filter((query) => query.truePersonId);
  const firstTime = measured.filter((query) => !query.truePersonId);
  const shown = all.reduce((sum, outcome) => sum + outcome.shown, 0);
  const trueShown = all.reduce((sum, outcome) => sum + outcome.trueShown, 0);
  const perVariation: Figures['perVariation'] = {};
  for (const variation of VARIATIONS) {
    const these = planted.filter((query) => query.variation === variation).map((query) => outcomes.get(query) as Outcome);
    if (!these.length) continue;
    const theseShown = these.reduce((sum, outcome) => sum + outcome.shown, 0);
    perVariation[variation] = {
      queries: these.length,
      recallAt5: round(these.filter((outcome) => outcome.found).length / these.length),
      precision: theseShown ? round(these.reduce((sum, outcome) => sum + outcome.trueShown, 0) / theseShown) : null,
    };
  }
  const misses: Figures['misses'] = {};
  for (const outcome of all) if (outcome.miss) misses[outcome.miss] = (misses[outcome.miss] ?? 0) + 1;
  return {
    misses,
    queries: measured.length,
    p50Ms: round(percentile(latencies, 50), 1),
    p95Ms: round(percentile(latencies, 95), 1),
    p99Ms: round(percentile(latencies, 99), 1),
    recallAt5: planted.length ? round(planted.filter((query) => outcomes.get(query)?.found).length / planted.length) : null,
    precision: shown ? round(trueShown / shown) : null,
    firstTimeWithCandidates: firstTime.length ? round(firstTime.filter((query) => (outcomes.get(query) as Outcome).shown > 0).length / firstTime.length) : null,
    perVariation,
  };
}

export function printFigures(label: string, figures: Figures): void {
  console.log(
    `${label}: ${figures.queries} searches, p50 ${figures.p50Ms} ms, p95 ${figures.p95Ms} ms, p99 ${figures.p99Ms} ms, ` +
      `recall@5 ${figures.recallAt5}, precision ${figures.precision}, first-time children shown a candidate ${figures.firstTimeWithCandidates}`,
  );
  const misses = Object.entries(figures.misses);
  if (misses.length) console.log(`  planted duplicates not shown: ${misses.map(([why, count]) => `${why.replace(/_/g, ' ')} ${count}`).join(', ')}`);
  for (const [variation, figure] of Object.entries(figures.perVariation)) {
    console.log(`  ${variation.padEnd(32)} ${String(figure.queries).padStart(4)}  recall@5 ${figure.recallAt5.toFixed(3)}  precision ${figure.precision ?? '-'}`);
  }
}

/**
 * Why a planted duplicate was not shown by the new search: the earlier record's own row, as the
 * search computes it, scored like the candidates shown.
 */
export async function whyMissed(
  pool: Pool,
  intake: IntakeCode,
  query: Query,
  shown: ReadonlyArray<{ personId: string; score?: number }>,
): Promise<{ why: Miss; detail?: unknown }> {
  const { rows } = await pool.query(
    `SELECT p.id AS "personId", c.id AS "caseId", c.case_number AS "caseNumber", c.office_code AS "officeCode",
            (${intake.nameSimilaritySql(
              { name: 'p.search_name', phonetic: 'p.phonetic_name', tokens: "string_to_array(p.phonetic_name, ' ')" },
              { name: '$1', phonetic: 'person_phonetic_name($1)', tokens: "string_to_array(person_phonetic_name($1), ' ')" },
              '$5::real',
            )})::float8 AS "nameSimilarity",
            coalesce(p.date_of_birth = $2::date, false) AS "sameDateOfBirth", p.nationality = $3 AS "sameNationality", c.age_years AS "ageYears",
            c.age_years + floor(extract(epoch FROM now() - c.registered_at) / 31557600)::int AS "ageYearsNow",
            p.date_of_birth IS NOT NULL AND $2::date IS NOT NULL AND date_trunc('year', p.date_of_birth) <> date_trunc('year', $2::date) AS "otherYear"
       FROM person p JOIN intake_case c ON c.person_id = p.id WHERE p.id = $4`,
    [query.search.searchName, query.search.dateOfBirth, query.search.nationality, query.truePersonId, intake.oneTokenMoreSimilarity],
  );
  const own = rows[0]?.otherYear ? [] : (intake.possibleDuplicates(rows, query.search.ageYears) as Array<{ personId: string; score: number }>);
  if (!own.length) return { why: 'below_score' };
  const scores = shown.map((candidate) => candidate.score ?? 0);
  if (!(scores.length >= intake.limit && Math.min(...scores) >= own[0].score)) return { why: 'not_read' };
  // Who outscored it, for tuning the score (the register's names are made up).
  const { rows: names } = await pool.query<{ id: string; search_name: string; date_of_birth: string | null; nationality: string }>(
    `SELECT id, search_name, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth, nationality FROM person WHERE id = ANY($1::uuid[])`,
    [[query.truePersonId, ...shown.map((candidate) => candidate.personId)]],
  );
  const described = (personId: string, score: number | undefined) => ({ ...names.find((row) => row.id === personId), score });
  return {
    why: 'outranked',
    detail: {
      variation: query.variation,
      search: query.search,
      earlierRecord: described(query.truePersonId as string, own[0].score),
      shownInstead: shown.map((candidate) => described(candidate.personId, candidate.score)),
    },
  };
}

export async function measure(
  queries: readonly Query[],
  search: (query: Query) => Promise<CandidateRow[]>,
  shownOf: (rows: readonly CandidateRow[], ageYears: number) => Array<{ personId: string; score?: number }>,
): Promise<Map<Query, Outcome>> {
  const outcomes = new Map<Query, Outcome>();
  for (const query of queries) {
    const started = performance.now();
    const rows = await search(query);
    const ms = performance.now() - started;
    const shown = shownOf(rows, query.search.ageYears);
    const trueShown = shown.filter((candidate) => candidate.personId === query.truePersonId).length;
    outcomes.set(query, { ms, found: trueShown > 0, shown: shown.length, trueShown });
  }
  return outcomes;
}

