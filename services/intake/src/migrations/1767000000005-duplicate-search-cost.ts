import { MigrationInterface, QueryRunner } from 'typeorm';

import { NAME_CODES_SQL, NAME_KEYS_SQL } from './1767000000001-duplicate-name-keys';

/**
 * The same search for less work a registration (issue 21: registration on a million-person
 * register). Nothing it finds changes: every function gives the same answer as before (checked
 * over the benchmark's million names), and the index holds the same rows.
 *
 * - `person_name_codes` in PL/pgSQL. As a SQL function it could not be inlined (it has a FROM), so
 *   each statement that called it planned its body again: 0.11 ms a call, where PL/pgSQL keeps its
 *   plans for the session (0.05 ms). A registration called it five times (three for the search's
 *   terms, two for the stored phonetic name and keys); it now calls it three times.
 * - `person_name_search_terms`: what the search needs of the name (its phonetic code, tokens and
 *   both kinds of keys) from one call of `person_name_codes`, where three functions computed it
 *   three times: 0.64 ms a search before, 0.10 ms now. `person_name_near_keys` and
 *   `person_name_typo_keys` stay for now: intake processes of the release before this one call
 *   them until a rolling deployment has replaced them all.
 * - `intake_case_person_idx` covers the case columns the search ranks by, so joining every
 *   candidate to its cases reads the index alone, not each case's row as well. Built in the
 *   migration's transaction, it holds off writes to cases while it builds (2 s at a million).
 *
 * docs/performance/duplicates.md has the figures.
 */
export class DuplicateSearchCost1767000000005 implements MigrationInterface {
  public readonly name = 'DuplicateSearchCost1767000000005';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION person_name_codes(name text) RETURNS text[]
        LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
      AS $$
      DECLARE
        codes text[] := '{}';
        code text;
        token text;
      BEGIN
        FOREACH token IN ARRAY regexp_split_to_array(name, '[\\s-]+') LOOP
          code := person_name_token_code(token);
          IF code <> '' THEN
            codes := codes || code;
          END IF;
        END LOOP;
        RETURN ARRAY(SELECT c FROM unnest(codes) AS c ORDER BY c);
      END
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION person_name_keys_of_codes(codes text[]) RETURNS text[]
        LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
      AS $$
      DECLARE
        keys text[] := ARRAY['F:' || array_to_string(codes, ' ')];
      BEGIN
        IF cardinality(codes) >= 3 THEN
          FOR i IN 1 .. cardinality(codes) LOOP
            keys := keys || ('L:' || array_to_string(codes[:i - 1] || codes[i + 1:], ' '));
          END LOOP;
        END IF;
        RETURN keys;
      END
      $$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION person_name_keys(name text) RETURNS text[]
        LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
      AS $$ BEGIN RETURN person_name_keys_of_codes(person_name_codes(name)); END $$`);
    // near_keys: records with one token more or one fewer (their L: key is the name's F: key, or
    // their F: key one of the name's L: keys); typo_keys: one token different (an L: key in common).
    await queryRunner.query(`
      CREATE FUNCTION person_name_search_terms(name text, OUT phonetic text, OUT tokens text[], OUT near_keys text[], OUT typo_keys text[])
        LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
      AS $$
      DECLARE
        keys text[];
      BEGIN
        tokens := person_name_codes(name);
        phonetic := array_to_string(tokens, ' ');
        keys := person_name_keys_of_codes(tokens);
        near_keys := ARRAY(SELECT CASE WHEN key LIKE 'F:%' THEN 'L:' ELSE 'F:' END || substr(key, 3) FROM unnest(keys) AS key);
        typo_keys := ARRAY(SELECT key FROM unnest(keys) AS key WHERE key LIKE 'L:%');
      END
      $$`);
    await queryRunner.query(
      `CREATE INDEX intake_case_person_covering_idx ON intake_case (person_id) INCLUDE (age_years, registered_at, office_code, case_number, id)`,
    );
    await queryRunner.query(`DROP INDEX intake_case_person_idx`);
    await queryRunner.query(`ALTER INDEX intake_case_person_covering_idx RENAME TO intake_case_person_idx`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX intake_case_person_idx`);
    await queryRunner.query(`CREATE INDEX intake_case_person_idx ON intake_case (person_id)`);
    await queryRunner.query(`DROP FUNCTION person_name_search_terms(text)`);
    await queryRunner.query(NAME_KEYS_SQL);
    await queryRunner.query(`DROP FUNCTION person_name_keys_of_codes(text[])`);
    await queryRunner.query(NAME_CODES_SQL);
  }
}
