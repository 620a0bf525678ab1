import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18, item 12. Family-contact shows legal-status's answer, never its own reading: besides
 * the protection state it keeps legal-status's lock as legal-status published it
 * (`legal.lock.changed`, `legal.record.opened`), shown with legal-status's time when legal-status
 * cannot be asked. And the first call is due from detection (DOMAIN.md's T0), which the record
 * now keeps; records opened before keep the due time they were given.
 */
export class FamilyLegalStatusCopyAndDetection1765000000003 implements MigrationInterface {
  public readonly name = 'FamilyLegalStatusCopyAndDetection1765000000003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Keyed by case without a foreign key, like case_protection: legal-status's stream is another stream.
    await queryRunner.query(`
      CREATE TABLE legal_lock_copy (
        case_id uuid PRIMARY KEY,
        return_locked boolean NOT NULL,
        consular_contact_locked boolean NOT NULL,
        reasons text[] NOT NULL,
        as_of timestamptz NOT NULL,
        event_id uuid NOT NULL
      )`);
    await queryRunner.query(`ALTER TABLE family_record ADD COLUMN detected_at timestamptz NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE family_record DROP COLUMN detected_at`);
    await queryRunner.query(`DROP TABLE legal_lock_copy`);
  }
}
