import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A child who turns 18 during the case (DOMAIN.md 3.4, GD-12): the day, as an officer read it in
 * intake's identity record (legal-status learns no date of birth from events), how it is known,
 * and when the record was flagged for review. Protections already triggered stay.
 */
export class ComingOfAge1766000000006 implements MigrationInterface {
  public readonly name = 'ComingOfAge1766000000006';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE legal_record
        ADD COLUMN turns_eighteen_on date NULL,
        ADD COLUMN turns_eighteen_basis text NULL,
        ADD COLUMN age_review_flagged_at timestamptz NULL,
        ADD CONSTRAINT legal_record_turns_eighteen_ck CHECK ((turns_eighteen_on IS NULL) = (turns_eighteen_basis IS NULL))`);
    await queryRunner.query(`CREATE INDEX legal_record_age_review_idx ON legal_record (turns_eighteen_on) WHERE age_review_flagged_at IS NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE legal_record DROP COLUMN turns_eighteen_on, DROP COLUMN turns_eighteen_basis, DROP COLUMN age_review_flagged_at`);
  }
}
