// The register bench:duplicates searches: persons seeded in set-based SQL with realistic names.
import { PoolClient } from 'pg';

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
} from '../bench-duplicates-names';
import { OFFICE_MIX } from '@opis/platform-tools';
import { IntakeCode } from './intake-code';

/** Bumped when the seed changes, so that a register seeded differently is seeded again. */
export const SEED_VERSION = 1;

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
export async function seedRegister(client: PoolClient, persons: number, intake: IntakeCode): Promise<void> {
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

