// `npm run bench:duplicates`: intake's duplicate search on a national register of a million persons
// (issue 21). Seeds the register in SQL in a database of its own (kept between runs), with intake's
// real migrations, so the real schema and indexes are measured; plants true duplicates of register
// records with the variations officers really produce; then runs, for each planted registration and
// for children met for the first time, the search as it was before issue 21 (kept below as the
// baseline, scoped to the registering office as it was) and the search intake runs now (national,
// the real RegistrationRepository.prepareRegistration), and scores both with intake's duplicate-score.
// Prints latency, recall@5 and precision, overall and per variation; writes
// bench-results/duplicates.json and bench-results/duplicates.png.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { Pool, PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';

import { buildDataSource, ensureDatabase, queryPrepared, runMigrations } from '@opis/platform';

import {
  FAMILY,
  FAMILY_HT,
  FAMILY_MAYA,
  FAMILY_VE,
  GIVEN_F,
  GIVEN_F_HT,
  GIVEN_F_VE,
  GIVEN_M,
  GIVEN_M_HT,
  GIVEN_M_VE,
  NATIONALITY_MIX,
  SPELLING_VARIANTS,
} from './bench-duplicates-names';
import { databaseUrl, DEFAULT_DATABASE_URL } from './platform-services';
import { OFFICE_MIX, percentile, randomFor } from './platform-load';
import { barChart, Canvas } from './png-plot';
import { runTool, UsageError } from './tool-entry';

const root = join(__dirname, '..', '..');
/** Bumped when the seed changes, so that a register seeded differently is seeded again. */
const SEED_VERSION = 1;
const YEAR = 2026;

const VARIATIONS = [
  'given_name_dropped',
  'family_name_dropped',
  'names_swapped',
  'diacritics_lost',
  'phonetic_spelling',
  'one_letter_typo',
  'age_one_year_apart',
  'date_of_birth_missing_one_side',
  'other_nationality',
] as const;
type Variation = (typeof VARIATIONS)[number];

interface CandidateRow {
  personId: string;
  caseId: string;
  caseNumber: string;
  officeCode: string;
  nameSimilarity: number;
  sameDateOfBirth: boolean;
  sameNationality: boolean;
  ageYears: number;
}
interface DuplicateSearch {
  searchName: string;
  dateOfBirth: string | null;
  nationality: string;
  sex: string;
  offices: readonly string[];
  ageYears: number;
}
interface IntakeCode {
  migrations: unknown[];
  entities: unknown[];
  searchableName: (...parts: string[]) => string;
  possibleDuplicates: (rows: readonly CandidateRow[], ageYears: number) => Array<{ personId: string; score: number }>;
  weights: { name: number; dateOfBirth: number; nationality: number; age: number };
  limit: number;
  oneTokenMoreSimilarity: number;
  ageTolerance: number;
  nameSimilarityNeeded: (sameDateOfBirth: boolean) => number;
  prepareRegistration: (manager: EntityManager, office: string, year: number, search: DuplicateSearch) => Promise<{ duplicates: CandidateRow[] }>;
}

async function loadIntake(): Promise<IntakeCode> {
  const dist = join(root, 'dist/services/intake/src');
  const schema = await import(join(dist, 'intake.schema.js'));
  const score = await import(join(dist, 'registration/duplicate-score.js'));
  const { RegistrationRepository } = await import(join(dist, 'registration/registration.repository.js'));
  const { searchableName } = await import(join(dist, 'people/searchable-name.js'));
  const repository = new RegistrationRepository();
  return {
    migrations: schema.INTAKE_MIGRATIONS,
    entities: schema.INTAKE_ENTITIES,
    searchableName,
    possibleDuplicates: score.possibleDuplicates,
    weights: score.DUPLICATE_WEIGHTS,
    limit: score.DUPLICATE_LIMIT,
    ageTolerance: score.AGE_TOLERANCE_YEARS,
    nameSimilarityNeeded: score.nameSimilarityNeeded,
    oneTokenMoreSimilarity: score.ONE_TOKEN_MORE_SIMILARITY,
    prepareRegistration: (manager, office, year, search) => repository.prepareRegistration(manager, office, year, search),
  };
}

// ---------------------------------------------------------------------------------------------
// The register

const LISTS: Record<string, readonly string[]> = {
  F: GIVEN_F, M: GIVEN_M, S: FAMILY, VF: GIVEN_F_VE, VM: GIVEN_M_VE, VS: FAMILY_VE, HF: GIVEN_F_HT, HM: GIVEN_M_HT, HS: FAMILY_HT, GS: FAMILY_MAYA,
};

function cumulative(mix: ReadonlyArray<readonly [string, number]>): { codes: string[]; upTo: number[] } {
  const total = mix.reduce((sum, [, share]) => sum + share, 0);
  let running = 0;
  return { codes: mix.map(([code]) => code), upTo: mix.map(([, share]) => (running += share) / total) };
}

/**
 * `persons` register records, each a person and one case, in set-based SQL. Names: lists chosen by
 * nationality (Haitian children from the Haitian lists; half of Venezuelan given names and a third
 * of their surnames Venezuelan; over a third of Guatemalan surnames Maya), each list drawn with the
 * 1/rank skew (index ⌊(n+1)^u⌋); two given names for 60% (Haitian 30%), two surnames for 90% (Haitian
 * 15%). Ages lean to adolescents; the date of birth is known for 70%. Cases are spread over three
 * years and over the offices as they receive children, almost all closed long ago.
 */
async function seedRegister(client: PoolClient, persons: number, intake: IntakeCode): Promise<void> {
  const started = performance.now();
  await client.query('DROP TABLE IF EXISTS bench_duplicates_seed');
  await client.query('TRUNCATE person, intake_case CASCADE');
  await client.query('CREATE TEMP TABLE bench_name (kind text, idx int, display text, search text, PRIMARY KEY (kind, idx))');
  await client.query('CREATE TEMP TABLE bench_list (kind text PRIMARY KEY, n int)');
  for (const [kind, list] of Object.entries(LISTS)) {
    await client.query(
      `INSERT INTO bench_name SELECT $1, i, d, s FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS t (d, s, i)`,
      [kind, list, list.map((name) => intake.searchableName(name))],
    );
    await client.query('INSERT INTO bench_list VALUES ($1, $2)', [kind, list.length]);
  }
  const nationalities = cumulative(NATIONALITY_MIX);
  const offices = cumulative(OFFICE_MIX);
  // Indexes built once after the load, not row by row (the GiST trigram index above all).
  const indexes = (
    await client.query(
      `SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename IN ('person', 'intake_case')
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    )
  ).rows as Array<{ indexname: string; indexdef: string }>;
  for (const index of indexes) await client.query(`DROP INDEX ${index.indexname}`);
  await client.query('SELECT setseed(0.21)');
  await client.query(
    `CREATE TEMP TABLE bench_duplicates_seed AS
     WITH base AS (
       SELECT g, gen_random_uuid() AS person_id, gen_random_uuid() AS case_id,
              CASE WHEN random() < 0.5 THEN 'F' ELSE 'M' END AS sex,
              (SELECT code FROM unnest($2::text[], $3::float8[]) AS n (code, up_to) WHERE up_to >= u_nat ORDER BY up_to LIMIT 1) AS nationality,
              (SELECT code FROM unnest($4::text[], $5::float8[]) AS o (code, up_to) WHERE up_to >= u_office ORDER BY up_to LIMIT 1) AS office_code,
              random() AS two_given, random() AS two_family, random() AS list1, random() AS list2, random() AS list3, random() AS list4,
              random() AS pick1, random() AS pick2, random() AS pick3, random() AS pick4,
              17 - floor(power(random(), 1.6) * 18)::int AS age_years,
              now() - random() * interval '1095 days' AS registered_at,
              random() < 0.7 AS dob_known, random() AS dob_day
         FROM (SELECT g, random() AS u_nat, random() AS u_office FROM generate_series(1, $1::int) AS g) s),
     kinds AS (
       SELECT b.*,
              CASE WHEN nationality = 'HT' THEN 'H' || sex WHEN nationality = 'VE' AND list1 < 0.5 THEN 'V' || sex ELSE sex END AS k1,
              CASE WHEN nationality = 'HT' THEN 'H' || sex WHEN nationality = 'VE' AND list2 < 0.5 THEN 'V' || sex ELSE sex END AS k2,
              CASE WHEN nationality = 'HT' THEN 'HS' WHEN nationality = 'GT' AND list3 < 0.35 THEN 'GS' WHEN nationality = 'VE' AND list3 < 0.33 THEN 'VS' ELSE 'S' END AS k3,
              CASE WHEN nationality = 'HT' THEN 'HS' WHEN nationality = 'GT' AND list4 < 0.35 THEN 'GS' WHEN nationality = 'VE' AND list4 < 0.33 THEN 'VS' ELSE 'S' END AS k4,
              two_given < CASE WHEN nationality = 'HT' THEN 0.3 ELSE 0.6 END AS has_second_given,
              two_family < CASE WHEN nationality = 'HT' THEN 0.15 ELSE 0.9 END AS has_second_family
         FROM base b)
     SELECT k.g, k.person_id, k.case_id, k.sex, k.nationality, k.office_code, k.age_years, k.registered_at,
            CASE WHEN k.dob_known THEN (k.registered_at - make_interval(years => k.age_years) - k.dob_day * interval '364 days')::date END AS date_of_birth,
            g1.display || CASE WHEN k.has_second_given AND g2.idx <> g1.idx THEN ' ' || g2.display ELSE '' END AS given_names,
            g1.search || CASE WHEN k.has_second_given AND g2.idx <> g1.idx THEN ' ' || g2.search ELSE '' END AS given_search,
            f1.display || CASE WHEN k.has_second_family AND f2.display <> f1.display THEN ' ' || f2.display ELSE '' END AS family_names,
            f1.search || CASE WHEN k.has_second_family AND f2.display <> f1.display THEN ' ' || f2.search ELSE '' END AS family_search
       FROM kinds k
       JOIN bench_list l1 ON l1.kind = k.k1 JOIN bench_name g1 ON g1.kind = k.k1 AND g1.idx = least(l1.n, floor(power(l1.n + 1, k.pick1))::int)
       JOIN bench_list l2 ON l2.kind = k.k2 JOIN bench_name g2 ON g2.kind = k.k2 AND g2.idx = least(l2.n, floor(power(l2.n + 1, k.pick2))::int)
       JOIN bench_list l3 ON l3.kind = k.k3 JOIN bench_name f1 ON f1.kind = k.k3 AND f1.idx = least(l3.n, floor(power(l3.n + 1, k.pick3))::int)
       JOIN bench_list l4 ON l4.kind = k.k4 JOIN bench_name f2 ON f2.kind = k.k4 AND f2.idx = least(l4.n, floor(power(l4.n + 1, k.pick4))::int)`,
    [persons, nationalities.codes, nationalities.upTo, offices.codes, offices.upTo],
  );
  // Written as registration writes it, when the schema has it (migration 1767000000004).
  const birthYear = (await client.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'person' AND column_name = 'birth_year'`)).rowCount
    ? { columns: ', birth_year', values: `, coalesce(extract(year FROM date_of_birth)::int, extract(year FROM registered_at AT TIME ZONE 'UTC')::int - age_years)` }
    : { columns: '', values: '' };
  await client.query(
    `INSERT INTO person (id, given_names, family_names, search_name, sex, date_of_birth, nationality, country_of_residence, languages, speaks_spanish, created_at, updated_at${birthYear.columns})
     SELECT person_id, given_names, family_names, given_search || ' ' || family_search, sex, date_of_birth, nationality, nationality,
            CASE nationality WHEN 'HT' THEN '{hat}'::text[] WHEN 'GT' THEN '{spa,quc}'::text[] ELSE '{spa}'::text[] END, 'YES', registered_at, registered_at${birthYear.values}
       FROM bench_duplicates_seed`,
  );
  // Columns added by later migrations are filled as those migrations fill existing rows.
  const extra = (
    await client.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'intake_case' AND column_name = 'migration_point_code'`)
  ).rowCount
    ? { columns: ', migration_point_code', values: `, office_code || '-OTRO'` }
    : { columns: '', values: '' };
  await client.query(
    `INSERT INTO intake_case (id, case_number, person_id, office_code, status, age_years, age_status, age_for_rules, age_band, migration_point,
                              detected_at, entry_path, accompaniment, protection_need_indicated, trafficking_indicators, medical_emergency,
                              disability, pregnant, registered_by, registered_at, procuraduria_notified_at, dif_channelled_at, closed_at,
                              updated_at, version${extra.columns})
     SELECT case_id, format('%s-%s-B%s', office_code, extract(year FROM registered_at)::int, lpad(g::text, 7, '0')), person_id, office_code,
            CASE WHEN registered_at > now() - interval '30 days' THEN 'OPEN' ELSE 'CLOSED' END,
            age_years, CASE WHEN date_of_birth IS NULL THEN 'DECLARED' ELSE 'DOCUMENTED' END, age_years,
            CASE WHEN age_years < 12 THEN '0-11' ELSE '12-17' END, 'Punto de prueba', registered_at - interval '2 hours', 'DETECTED', 'UNACCOMPANIED',
            false, false, false, false, false, 'bench', registered_at, registered_at + interval '1 hour', registered_at + interval '3 hours',
            CASE WHEN registered_at > now() - interval '30 days' THEN NULL ELSE registered_at + interval '10 days' END, registered_at, 1${extra.values}
       FROM bench_duplicates_seed`,
  );
  for (const index of indexes) await client.query(index.indexdef);
  await client.query('DROP TABLE bench_duplicates_seed');
  await client.query('VACUUM ANALYZE person');
  await client.query('VACUUM ANALYZE intake_case');
  await client.query('CREATE TABLE IF NOT EXISTS bench_duplicates_register (persons int NOT NULL, seed_version int NOT NULL, seeded_at timestamptz NOT NULL)');
  await client.query('TRUNCATE bench_duplicates_register');
  await client.query('INSERT INTO bench_duplicates_register VALUES ($1, $2, now())', [persons, SEED_VERSION]);
  console.log(`seeded ${persons} persons in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

// ---------------------------------------------------------------------------------------------
// Planted duplicates and first-time children

interface Query {
  variation: Variation | 'first_time';
  /** The earlier record of the same child, none for a child met for the first time. */
  truePersonId: string | null;
  office: string;
  search: { searchName: string; dateOfBirth: string | null; nationality: string; sex: string; ageYears: number };
}

interface RegisterRecord {
  person_id: string;
  given_names: string;
  family_names: string;
  date_of_birth: string | null;
  nationality: string;
  sex: string;
  office_code: string;
  /** The age recorded then, carried to today: the child is older when met again. */
  age_now: number;
}

function stripDiacritics(value: string): string {
  return value.normalize('NFD').replace(/\p{Diacritic}/gu, '').normalize('NFC');
}

const VARIANT_OF = new Map<string, string>();
for (const [a, b] of SPELLING_VARIANTS) {
  VARIANT_OF.set(a.toLowerCase(), b);
  VARIANT_OF.set(b.toLowerCase(), a);
}

/** A birth date that makes a child `years` old today . */
function bornAged(years: number, random: () => number): Date {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear() - years - 1, today.getUTCMonth(), today.getUTCDate() + 1 + Math.floor(random() * 360)));
}

function pickWeighted(mix: ReadonlyArray<readonly [string, number]>, random: () => number, except?: string): string {
  const choices = mix.filter(([code]) => code !== except);
  const total = choices.reduce((sum, [, share]) => sum + share, 0);
  let target = random() * total;
  for (const [code, share] of choices) if ((target -= share) <= 0) return code;
  return choices[choices.length - 1][0];
}

function typo(token: string, random: () => number): string {
  const letters = 'aeioulnrstmcdbgpyz';
  const at = Math.floor(random() * token.length);
  const letter = letters[Math.floor(random() * letters.length)];
  switch (Math.floor(random() * 4)) {
    case 0:
      return token.slice(0, at) + letter + token.slice(at + 1);
    case 1:
      return token.length > 3 ? token.slice(0, at) + token.slice(at + 1) : token + letter;
    case 2:
      return token.slice(0, at) + letter + token.slice(at);
    default:
      return at < token.length - 1 ? token.slice(0, at) + token[at + 1] + token[at] + token.slice(at + 2) : token.slice(0, -1) + letter;
  }
}

/** The same child registered again, as officers write it: the record with one variation. */
function vary(record: RegisterRecord, variation: Variation, random: () => number) {
  let given = record.given_names;
  let family = record.family_names;
  let dateOfBirth = record.date_of_birth;
  let nationality = record.nationality;
  let ageYears = record.age_now;
  switch (variation) {
    case 'given_name_dropped':
      given = given.split(' ')[0];
      break;
    case 'family_name_dropped':
      family = family.split(' ')[0];
      break;
    case 'names_swapped':
      [given, family] = [family, given];
      break;
    case 'diacritics_lost':
      given = stripDiacritics(given);
      family = stripDiacritics(family);
      break;
    case 'phonetic_spelling': {
      const respell = (names: string) => names.split(' ').map((token) => VARIANT_OF.get(token.toLowerCase()) ?? token).join(' ');
      // One token respelled: the first that has a variant.
      const givenTokens = given.split(' ');
      const index = givenTokens.findIndex((token) => VARIANT_OF.has(token.toLowerCase()));
      if (index >= 0) {
        givenTokens[index] = respell(givenTokens[index]);
        given = givenTokens.join(' ');
      } else {
        const familyTokens = family.split(' ');
        const at = familyTokens.findIndex((token) => VARIANT_OF.has(token.toLowerCase()));
        familyTokens[at] = respell(familyTokens[at]);
        family = familyTokens.join(' ');
      }
      break;
    }
    case 'one_letter_typo': {
      const tokens = [...given.split(' '), ...family.split(' ')];
      const at = Math.floor(random() * tokens.length);
      let changed = tokens[at];
      for (let attempt = 0; attempt < 5 && stripDiacritics(changed).toLowerCase() === stripDiacritics(tokens[at]).toLowerCase(); attempt++) {
        changed = typo(stripDiacritics(tokens[at]).toLowerCase(), random);
      }
      tokens[at] = changed;
      const givenCount = given.split(' ').length;
      given = tokens.slice(0, givenCount).join(' ');
      family = tokens.slice(givenCount).join(' ');
      break;
    }
    case 'age_one_year_apart':
      ageYears = ageYears === 0 ? 1 : ageYears === 17 ? 16 : ageYears + (random() < 0.5 ? -1 : 1);
      break;
    case 'date_of_birth_missing_one_side':
      if (dateOfBirth) {
        dateOfBirth = null;
      } else {
        // Documented this time: a birth date that agrees with the age declared before.
        const born = bornAged(ageYears, random);
        dateOfBirth = born.toISOString().slice(0, 10);
      }
      break;
    case 'other_nationality':
      nationality = pickWeighted(NATIONALITY_MIX, random, nationality);
      break;
  }
  return { given, family, dateOfBirth, nationality, ageYears };
}

const APPLIES: Record<Variation, string> = {
  given_name_dropped: `p.given_names LIKE '% %'`,
  family_name_dropped: `p.family_names LIKE '% %'`,
  names_swapped: 'true',
  diacritics_lost: `p.given_names || ' ' || p.family_names ~ '[^ -~]'`,
  phonetic_spelling: 'p.search_name ~ $2',
  one_letter_typo: 'true',
  age_one_year_apart: 'true',
  date_of_birth_missing_one_side: 'true',
  other_nationality: 'true',
};

async function plantQueries(pool: Pool, intake: IntakeCode, perVariation: number, firstTime: number): Promise<Query[]> {
  const queries: Query[] = [];
  const variantPattern = `\\m(${[...VARIANT_OF.keys()].map((name) => intake.searchableName(name)).join('|')})\\M`;
  for (const variation of VARIATIONS) {
    // A deterministic sample of the register: the same records on every run over the same register.
    const { rows } = await pool.query<RegisterRecord>(
      `SELECT p.id AS person_id, p.given_names, p.family_names, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, p.nationality,
              p.sex, c.office_code, a.age_now
         FROM person p JOIN intake_case c ON c.person_id = p.id
        CROSS JOIN LATERAL (SELECT c.age_years + floor(extract(epoch FROM now() - c.registered_at) / 31557600)::int AS age_now) a
        WHERE ${APPLIES[variation]} AND $1::text IS NOT NULL AND a.age_now <= 17
        ORDER BY md5(p.id::text || $1) LIMIT ${perVariation}`,
      variation === 'phonetic_spelling' ? [variation, variantPattern] : [variation],
    );
    rows.forEach((record, i) => {
      const random = randomFor(variation, i);
      const varied = vary(record, variation, random);
      // Half are met again at another office (a child who moved north, or was transferred).
      const office = random() < 0.5 ? record.office_code : pickWeighted(OFFICE_MIX, random, record.office_code);
      queries.push({
        variation,
        truePersonId: record.person_id,
        office,
        search: {
          searchName: intake.searchableName(varied.given, varied.family),
          dateOfBirth: varied.dateOfBirth,
          nationality: varied.nationality,
          // The variations planted do not change the sex: a sex recorded wrongly is not measured.
          sex: record.sex,
          ageYears: varied.ageYears,
        },
      });
    });
  }
  for (let i = 0; i < firstTime; i++) {
    const random = randomFor('first-time', i);
    const sex = random() < 0.5 ? 'F' : 'M';
    const pick = (list: readonly string[]) => list[Math.min(list.length, Math.floor(Math.pow(list.length + 1, random()))) - 1];
    const given = random() < 0.6 ? `${pick(sex === 'F' ? GIVEN_F : GIVEN_M)} ${pick(sex === 'F' ? GIVEN_F : GIVEN_M)}` : pick(sex === 'F' ? GIVEN_F : GIVEN_M);
    const family = random() < 0.9 ? `${pick(FAMILY)} ${pick(FAMILY)}` : pick(FAMILY);
    const ageYears = 17 - Math.floor(Math.pow(random(), 1.6) * 18);
    const dateOfBirth = random() < 0.7 ? bornAged(ageYears, random).toISOString().slice(0, 10) : null;
    queries.push({
      variation: 'first_time',
      truePersonId: null,
      office: pickWeighted(OFFICE_MIX, random),
      search: { searchName: intake.searchableName(given, family), dateOfBirth, nationality: pickWeighted(NATIONALITY_MIX, random), sex, ageYears },
    });
  }
  return queries;
}

// ---------------------------------------------------------------------------------------------
// The search before issue 21, as intake ran it: `%` on the trigram index at the threshold the
// score needs, and anyone born the same day, among the offices the caller sees.

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
function baselineShown(rows: readonly CandidateRow[], ageYears: number, intake: IntakeCode): Array<{ personId: string }> {
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

async function baselineSearch(manager: EntityManager, intake: IntakeCode, office: string, search: DuplicateSearch): Promise<CandidateRow[]> {
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

// ---------------------------------------------------------------------------------------------
// Figures

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

function figuresOf(queries: readonly Query[], outcomes: ReadonlyMap<Query, Outcome>): Figures {
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

function printFigures(label: string, figures: Figures): void {
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
async function whyMissed(
  pool: Pool,
  intake: IntakeCode,
  query: Query,
  shown: ReadonlyArray<{ personId: string; score?: number }>,
): Promise<{ why: Miss; detail?: unknown }> {
  const { rows } = await pool.query(
    `SELECT p.id AS "personId", c.id AS "caseId", c.case_number AS "caseNumber", c.office_code AS "officeCode",
            (CASE WHEN p.phonetic_name = person_phonetic_name($1) THEN 1
                  -- As intake's search scores a name with one token more (DUPLICATES_SQL).
                  WHEN abs(cardinality(string_to_array(p.phonetic_name, ' ')) - cardinality(string_to_array(person_phonetic_name($1), ' '))) = 1
                       AND least(cardinality(string_to_array(p.phonetic_name, ' ')), cardinality(string_to_array(person_phonetic_name($1), ' '))) >= 2
                       AND (string_to_array(p.phonetic_name, ' ') @> string_to_array(person_phonetic_name($1), ' ')
                            OR string_to_array(p.phonetic_name, ' ') <@ string_to_array(person_phonetic_name($1), ' ')) THEN $5::real
                  ELSE greatest(similarity(p.search_name, $1), similarity(p.phonetic_name, person_phonetic_name($1))) END)::float8 AS "nameSimilarity",
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

async function measure(
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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      persons: { type: 'string', default: '1000000' },
      'per-variation': { type: 'string', default: '250' },
      'first-time': { type: 'string', default: '250' },
      'baseline-every': { type: 'string', default: '4' },
      database: { type: 'string', default: 'opis_bench_duplicates' },
      reseed: { type: 'boolean', default: false },
      json: { type: 'string', default: join(root, 'bench-results', 'duplicates.json') },
      png: { type: 'string', default: join(root, 'bench-results', 'duplicates.png') },
    },
  });
  const persons = Number(values.persons);
  const perVariation = Number(values['per-variation']);
  const firstTime = Number(values['first-time']);
  const baselineEvery = Number(values['baseline-every']);
  for (const [name, value] of Object.entries({ persons, perVariation, firstTime, baselineEvery })) {
    if (!Number.isInteger(value) || value < (name === 'baselineEvery' ? 1 : 0)) throw new UsageError(`--${name} must be a whole number`);
  }
  if (persons < 1000) throw new UsageError('--persons must be at least 1000');
  const adminUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const url = databaseUrl(adminUrl, values.database as string);
  const intake = await loadIntake();
  await ensureDatabase(adminUrl, values.database as string);
  await runMigrations(url, intake.migrations as never);

  const pool = new Pool({ connectionString: url, max: 2 });
  const dataSource = await buildDataSource({ url, entities: intake.entities as never, poolSize: 1 }).initialize();
  try {
    const client = await pool.connect();
    try {
      await client.query('CREATE TABLE IF NOT EXISTS bench_duplicates_register (persons int NOT NULL, seed_version int NOT NULL, seeded_at timestamptz NOT NULL)');
      const [seeded] = (await client.query('SELECT persons, seed_version FROM bench_duplicates_register')).rows;
      if (values.reseed || !seeded || seeded.persons !== persons || seeded.seed_version !== SEED_VERSION) {
        console.log(`seeding a register of ${persons} persons in ${values.database}`);
        await seedRegister(client, persons, intake);
      } else {
        console.log(`reusing the register of ${persons} persons in ${values.database}`);
      }
    } finally {
      client.release();
    }
    const queries = await plantQueries(pool, intake, perVariation, firstTime);
    const baselineQueries = queries.filter((_, i) => i % baselineEvery === 0);
    const manager = dataSource.manager;
    const current = (query: Query) => baselineSearch(manager, intake, query.office, { ...query.search, offices: [query.office] });
    const national = async (query: Query) =>
      (await intake.prepareRegistration(manager, query.office, YEAR, { ...query.search, offices: [query.office] })).duplicates;
    // Warm the caches and plans on searches not measured, as a running service has them.
    const warmUp = queries.filter((_, i) => i % 17 === 5).slice(0, 40);
    const newShown = (rows: readonly CandidateRow[], ageYears: number) => intake.possibleDuplicates(rows, ageYears);
    const currentShown = (rows: readonly CandidateRow[], ageYears: number) => baselineShown(rows, ageYears, intake);
    await measure(warmUp, national, newShown);
    await measure(warmUp.slice(0, 10), current, currentShown);

    console.log(`${queries.length} searches (${queries.length - firstTime} planted duplicates, ${firstTime} children met for the first time)`);
    // Timed first, then (the misses only) asked why, so the explaining does not weigh on the timing.
    const newOutcomes = await measure(queries, national, newShown);
    const outranked: unknown[] = [];
    for (const [query, outcome] of newOutcomes) {
      if (query.truePersonId && !outcome.found) {
        const rows = await national(query);
        const { why, detail } = await whyMissed(pool, intake, query, newShown(rows, query.search.ageYears));
        outcome.miss = why;
        if (detail) outranked.push(detail);
      }
    }
    console.log(`baseline on every ${baselineEvery}th search (${baselineQueries.length}); the search it replaces takes longer`);
    const baselineOutcomes = await measure(baselineQueries, current, currentShown);

    const result = {
      persons,
      queries: queries.length,
      baseline: figuresOf(baselineQueries, baselineOutcomes),
      new: figuresOf(queries, newOutcomes),
      newOnBaselineSample: figuresOf(baselineQueries, newOutcomes),
    };
    printFigures('current search (own office)', result.baseline);
    printFigures('new search (national), same sample', result.newOnBaselineSample);
    printFigures('new search (national), all', result.new);

    mkdirSync(join(root, 'bench-results'), { recursive: true });
    writeFileSync(values.json as string, JSON.stringify(result, null, 2));
    writeFileSync((values.json as string).replace(/\.json$/, '-outranked.json'), JSON.stringify(outranked, null, 2));
    const canvas = new Canvas(1400, 1000);
    barChart(canvas, { x: 0, y: 0, w: 700, h: 480 }, 'SEARCH MS: CURRENT P50 P95 P99, NEW P50 P95 P99', [
      { label: 'cur p50', value: result.baseline.p50Ms },
      { label: 'cur p95', value: result.baseline.p95Ms },
      { label: 'cur p99', value: result.baseline.p99Ms },
      { label: 'new p50', value: result.new.p50Ms },
      { label: 'new p95', value: result.new.p95Ms },
      { label: 'new p99', value: result.new.p99Ms },
    ], { value: 20, label: '<20 MS' });
    barChart(canvas, { x: 700, y: 0, w: 700, h: 480 }, 'RECALL@5 AND PRECISION, CURRENT AND NEW', [
      { label: 'cur recall', value: result.baseline.recallAt5 ?? 0 },
      { label: 'new recall', value: result.new.recallAt5 ?? 0 },
      { label: 'cur prec', value: result.baseline.precision ?? 0 },
      { label: 'new prec', value: result.new.precision ?? 0 },
    ], { value: 0.95, label: 'RECALL 0.95' });
    const short = (variation: string) => variation.split('_').map((word) => word.slice(0, 3)).join(' ');
    barChart(canvas, { x: 0, y: 500, w: 700, h: 480 }, 'CURRENT RECALL@5 PER VARIATION', Object.entries(result.baseline.perVariation).map(([variation, figure]) => ({ label: short(variation), value: figure.recallAt5 })), { value: 0.9, label: '0.90' });
    barChart(canvas, { x: 700, y: 500, w: 700, h: 480 }, 'NEW RECALL@5 PER VARIATION', Object.entries(result.new.perVariation).map(([variation, figure]) => ({ label: short(variation), value: figure.recallAt5 })), { value: 0.9, label: '0.90' });
    canvas.save(values.png as string);
    console.log(`figures in ${values.json}, chart in ${values.png}`);
    console.log(`duplicates: ${persons} persons, search p95 ${result.new.p95Ms} ms, recall@5 ${result.new.recallAt5}, precision ${result.new.precision}`);
  } finally {
    await dataSource.destroy();
    await pool.end();
  }
}

runTool(main, { usage: 'usage: npm run bench:duplicates -- [--persons N] [--per-variation N] [--first-time N] [--baseline-every N] [--database NAME] [--reseed]' });
