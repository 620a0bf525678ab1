import { MigrationInterface, QueryRunner } from 'typeorm';

/** The first versions of these two; migration 1767000000005 replaces them and puts them back on revert. */
export const NAME_CODES_SQL = `
  CREATE OR REPLACE FUNCTION person_name_codes(name text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$
    SELECT coalesce(array_agg(code ORDER BY code), '{}')
      FROM (SELECT person_name_token_code(token) AS code FROM regexp_split_to_table(name, '[\\s-]+') AS token) tokens
     WHERE code <> ''
  $$`;
export const NAME_KEYS_SQL = `
      CREATE OR REPLACE FUNCTION person_name_keys(name text) RETURNS text[]
        LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
      AS $$
      DECLARE
        codes text[] := person_name_codes(name);
        keys text[] := ARRAY['F:' || array_to_string(codes, ' ')];
      BEGIN
        IF cardinality(codes) >= 3 THEN
          FOR i IN 1 .. cardinality(codes) LOOP
            keys := keys || ('L:' || array_to_string(codes[:i - 1] || codes[i + 1:], ' '));
          END LOOP;
        END IF;
        RETURN keys;
      END
      $$`;
const NEAR_KEYS_SQL = `
      CREATE OR REPLACE FUNCTION person_name_near_keys(name text) RETURNS text[]
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$
        SELECT array_agg(CASE WHEN key LIKE 'F:%' THEN 'L:' ELSE 'F:' END || substr(key, 3))
          FROM unnest(person_name_keys(name)) AS key
      $$`;
const TYPO_KEYS_SQL = `
      CREATE OR REPLACE FUNCTION person_name_typo_keys(name text) RETURNS text[]
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$ SELECT coalesce(array_agg(key), '{}') FROM unnest(person_name_keys(name)) AS key WHERE key LIKE 'L:%' $$`;

/**
 * The duplicate search at national scale (issue 21). At a million persons, `%` on the trigram
 * index reads hundreds to 15,000 persons for a common name (p95 476 ms); it also misses spellings
 * officers really write (Yeferson for Jefferson, Jhonatan for Jonathan) when the date of birth
 * does not carry them. Each person now keeps, computed by the database from `search_name` (so no
 * insert or correction has to know about them):
 *
 * - `phonetic_name`: each name token in a Spanish-aware phonetic code (v/b, z/s/soft c, j/y/ll/soft
 *   g, silent h, k/c/qu, doubled letters), sorted, so that a swap of given and family names or a
 *   spelling variant reads the same. The score's name similarity takes the better of the trigram
 *   similarity of the names as written and of their phonetic codes.
 * - `name_keys`: blocking keys, `F:` the whole phonetic name, and for names of three tokens or
 *   more `L:` the name less each token. Two records share a key when their names agree in every
 *   token but one (dropped, added or mistyped), in any order. A GIN index finds them.
 *
 * docs/performance/duplicates.md has the figures.
 */
export class DuplicateNameKeys1767000000001 implements MigrationInterface {
  public readonly name = 'DuplicateNameKeys1767000000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Input is a search_name: lower case, accents already stripped (searchableName). The rules
    // run in order: digraphs first (chr, ph, th, sh, ch, ll, qu), then the letters that sound
    // alike before e/i (hard gu, soft g as j, soft c as s), then single letters (j→y, z→s, v→b,
    // q/c→k, h silent), a y not before a vowel sounds i (Yeimy, Wendy), and doubled letters once.
    await queryRunner.query(`
      CREATE FUNCTION person_name_token_code(token text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$
        SELECT regexp_replace(
          regexp_replace(
            translate(
              regexp_replace(regexp_replace(regexp_replace(
                replace(replace(replace(replace(replace(replace(replace(
                  regexp_replace(lower(token), '[^a-z0-9]', '', 'g'),
                  'chr', 'kr'), 'ph', 'f'), 'th', 't'), 'sh', 'x'), 'ch', 'x'), 'll', 'y'), 'qu', 'k'),
                'gu([ei])', 'G\\1', 'g'), 'g([ei])', 'j\\1', 'g'), 'c([ei])', 's\\1', 'g'),
              'Gjzvqch', 'gysbkk'),
            'y([^aeiou]|$)', 'i\\1', 'g'),
          '(.)\\1+', '\\1', 'g')
      $$`);
    await queryRunner.query(NAME_CODES_SQL);
    await queryRunner.query(`
      CREATE FUNCTION person_phonetic_name(name text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$ SELECT array_to_string(person_name_codes(name), ' ') $$`);
    // No leave-one-out keys for two-token names: a single token ("lopes") would be a block of a
    // fifth of the register. Those rely on the whole name or on the date of birth.
    await queryRunner.query(NAME_KEYS_SQL);
    // What a registration's name looks for besides the same name (phonetic_name, btree): records
    // with one token more or one fewer (their L: key is the name's F: key, or their F: key one of
    // the name's L: keys), and records with one token different, a typo (an L: key in common).
    // Apart, because the second kind reads large blocks for common names (every "maria lopes" with
    // any third token) and must not crowd out the first.
    await queryRunner.query(NEAR_KEYS_SQL);
    await queryRunner.query(TYPO_KEYS_SQL);
    await queryRunner.query(`
      ALTER TABLE person
        ADD COLUMN phonetic_name text GENERATED ALWAYS AS (person_phonetic_name(search_name)) STORED,
        ADD COLUMN name_keys text[] GENERATED ALWAYS AS (person_name_keys(search_name)) STORED`);
    await queryRunner.query(`CREATE INDEX person_name_keys_idx ON person USING gin (name_keys)`);
    // The same phonetic name, newest first: a common name's namesakes are read a bounded few.
    await queryRunner.query(`CREATE INDEX person_phonetic_name_idx ON person (phonetic_name, created_at DESC)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX person_phonetic_name_idx`);
    await queryRunner.query(`DROP INDEX person_name_keys_idx`);
    await queryRunner.query(`ALTER TABLE person DROP COLUMN name_keys, DROP COLUMN phonetic_name`);
    await queryRunner.query(`DROP FUNCTION person_name_typo_keys(text)`);
    await queryRunner.query(`DROP FUNCTION person_name_near_keys(text)`);
    await queryRunner.query(`DROP FUNCTION person_name_keys(text)`);
    await queryRunner.query(`DROP FUNCTION person_phonetic_name(text)`);
    await queryRunner.query(`DROP FUNCTION person_name_codes(text)`);
    await queryRunner.query(`DROP FUNCTION person_name_token_code(text)`);
  }
}
