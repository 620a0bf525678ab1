import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The duplicate search looks only where a possible duplicate can score: names similar enough to
 * carry the score on their own, and anyone born the same day. Before, it took the 20 nearest names
 * over the whole register, which read the whole trigram index (its signatures are saturated) and
 * let 20 namesakes from other offices push out an earlier record of the same child.
 */
export class DuplicateSearch1764530000000 implements MigrationInterface {
  public readonly name = 'DuplicateSearch1764530000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX person_date_of_birth_idx ON person (date_of_birth) WHERE date_of_birth IS NOT NULL`,
    );
    // `%` compares with pg_trgm.similarity_threshold; the function sets it for its own query only
    // (a SET clause restores the caller's value on exit), so the threshold can come from the caller.
    await queryRunner.query(`
      CREATE FUNCTION person_name_matches(query text, min_similarity real)
        RETURNS TABLE (matched_person_id uuid, name_similarity real)
        LANGUAGE plpgsql
        -- Few names are that close: without this the planner expects 1000 rows and joins the
        -- matches to every case and person by scanning both tables.
        ROWS 20
        SET pg_trgm.similarity_threshold = 0.3
      AS $$
      BEGIN
        PERFORM set_config('pg_trgm.similarity_threshold', min_similarity::text, true);
        RETURN QUERY SELECT p.id, similarity(p.search_name, query) FROM person p WHERE p.search_name % query;
      END
      $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION person_name_matches(text, real)`);
    await queryRunner.query(`DROP INDEX person_date_of_birth_idx`);
  }
}
