import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fear of return or a protection need the child stated to family-contact's officers about no one
 * person (INV-01, GD-08): kept here, published for legal-status. What the child said stays
 * encrypted; the row keeps only the code, when, and who heard it.
 */
export class FamilyChildConcern1765000000006 implements MigrationInterface {
  public readonly name = 'FamilyChildConcern1765000000006';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE child_concern (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES family_record (case_id),
        protection_concern text NOT NULL CHECK (protection_concern IN ('FEAR_OF_RETURN', 'PROTECTION_NEED')),
        stated_at timestamptz NOT NULL,
        notes_enc text NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX ix_child_concern_case ON child_concern (case_id, stated_at)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE child_concern`);
  }
}
