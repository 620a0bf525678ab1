import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The duplicate search reads namesakes of the child's sex and plausible birth years only (issue
 * 21). At a million persons a common name has thousands of namesakes; the search read 200 per
 * lookup and then dropped most of them for another age, and registration at concurrency 32 spent
 * its time there (p99 772 ms). Each person now keeps `birth_year`: the year of the date of birth
 * when known, else the year of registration less the declared age (as good as the age declared).
 * Registration writes it; a correction of the date of birth, of a case's age or of the person a
 * case belongs to recomputes it here, in the database, so no code path can leave it stale.
 *
 * The name lookups' indexes now lead to namesakes of one sex and one birth year, so the search can
 * read a common name's namesakes nearest birth year first and stop when it has enough: btree
 * (phonetic_name, sex, birth_year), and GIN over the name keys qualified by sex and birth year
 * (`L:lopes maria@F2011`). A GIN over (name_keys, sex, birth_year) with btree_gin was tried
 * first: GIN builds its whole bitmap before a LIMIT applies, so a common key ("maria lopes" with
 * any third name: 11,000 persons) cost 9 ms whatever the window; per-year keys cut it to the
 * nearest years' few hundred.
 *
 * docs/performance/duplicates.md has the figures.
 */
export class DuplicateBirthYear1767000000004 implements MigrationInterface {
  public readonly name = 'DuplicateBirthYear1767000000004';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Dropped before the backfill: every row is rewritten, and updating these for each would
    // cost more than building the new ones afterwards.
    await queryRunner.query(`DROP INDEX person_phonetic_name_idx`);
    await queryRunner.query(`DROP INDEX person_name_keys_idx`);
    await queryRunner.query(`ALTER TABLE person ADD COLUMN birth_year smallint`);
    // The year in UTC, as registration computes it; a year's slip at New Year is inside the
    // window the search reads.
    await queryRunner.query(`
      UPDATE person p
         SET birth_year = coalesce(extract(year FROM p.date_of_birth)::int, latest.estimate)
        FROM (SELECT DISTINCT ON (c.person_id) c.person_id, extract(year FROM c.registered_at AT TIME ZONE 'UTC')::int - c.age_years AS estimate
                FROM intake_case c
               ORDER BY c.person_id, c.registered_at DESC) latest
       WHERE latest.person_id = p.id`);
    await queryRunner.query(`UPDATE person SET birth_year = extract(year FROM date_of_birth)::int WHERE birth_year IS NULL AND date_of_birth IS NOT NULL`);

    await queryRunner.query(`
      CREATE FUNCTION person_birth_year_estimate(person uuid) RETURNS smallint
        LANGUAGE sql STABLE
      AS $$
        SELECT (extract(year FROM c.registered_at AT TIME ZONE 'UTC')::int - c.age_years)::smallint
          FROM intake_case c WHERE c.person_id = person ORDER BY c.registered_at DESC LIMIT 1
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION person_birth_year_on_correction() RETURNS trigger
        LANGUAGE plpgsql
      AS $$
      BEGIN
        NEW.birth_year := coalesce(extract(year FROM NEW.date_of_birth)::int, person_birth_year_estimate(NEW.id));
        RETURN NEW;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER person_birth_year_on_correction
        BEFORE UPDATE OF date_of_birth ON person
        FOR EACH ROW WHEN (NEW.date_of_birth IS DISTINCT FROM OLD.date_of_birth)
        EXECUTE FUNCTION person_birth_year_on_correction()`);
    // A case's age corrected, or the case linked to another person: without a date of birth, the
    // person's estimate follows their latest case (a person linked to several cases keeps one
    // estimate; the birth years the search reads reach a year or two past what the age exclusion
    // needs).
    await queryRunner.query(`
      CREATE FUNCTION intake_case_birth_year_on_correction() RETURNS trigger
        LANGUAGE plpgsql
      AS $$
      BEGIN
        UPDATE person p SET birth_year = person_birth_year_estimate(p.id)
         WHERE p.id IN (NEW.person_id, OLD.person_id) AND p.date_of_birth IS NULL;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER intake_case_birth_year_on_correction
        AFTER UPDATE OF age_years, person_id ON intake_case
        FOR EACH ROW WHEN (NEW.age_years IS DISTINCT FROM OLD.age_years OR NEW.person_id IS DISTINCT FROM OLD.person_id)
        EXECUTE FUNCTION intake_case_birth_year_on_correction()`);

    // The name keys of one sex and birth year; the search asks for its keys at each birth year in
    // turn, with the child's sex (and X).
    await queryRunner.query(`
      CREATE FUNCTION person_name_keys_at(keys text[], sexes text[], birth_year int) RETURNS text[]
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$ SELECT coalesce(array_agg(key || '@' || sex || birth_year), '{}') FROM unnest(keys) AS key CROSS JOIN unnest(sexes) AS sex $$`);
    await queryRunner.query(`CREATE INDEX person_phonetic_name_idx ON person (phonetic_name, sex, birth_year)`);
    // fastupdate off: a search asks the index up to 22 times (two lookups, eleven birth years), and
    // each ask would scan the whole pending list of recent registrations (4 MB by default).
    await queryRunner.query(
      `CREATE INDEX person_name_keys_idx ON person USING gin (person_name_keys_at(name_keys, ARRAY[sex::text], birth_year)) WITH (fastupdate = off)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX person_name_keys_idx`);
    await queryRunner.query(`DROP INDEX person_phonetic_name_idx`);
    await queryRunner.query(`DROP FUNCTION person_name_keys_at(text[], text[], int)`);
    await queryRunner.query(`DROP TRIGGER intake_case_birth_year_on_correction ON intake_case`);
    await queryRunner.query(`DROP FUNCTION intake_case_birth_year_on_correction()`);
    await queryRunner.query(`DROP TRIGGER person_birth_year_on_correction ON person`);
    await queryRunner.query(`DROP FUNCTION person_birth_year_on_correction()`);
    await queryRunner.query(`DROP FUNCTION person_birth_year_estimate(uuid)`);
    await queryRunner.query(`ALTER TABLE person DROP COLUMN birth_year`);
    await queryRunner.query(`CREATE INDEX person_name_keys_idx ON person USING gin (name_keys)`);
    await queryRunner.query(`CREATE INDEX person_phonetic_name_idx ON person (phonetic_name, created_at DESC)`);
  }
}
