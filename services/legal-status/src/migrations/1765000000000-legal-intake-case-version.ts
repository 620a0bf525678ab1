import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The record kept the intake stream sequence it last applied, a delivery position that republishing
 * or re-filling a stream changes; it now keeps the intake `caseVersion` (ARCHITECTURE.md,
 * Messaging). A stream sequence says nothing about a version: every record starts at 0, and any
 * numbered event is newer.
 */
export class LegalIntakeCaseVersion1765000000000 implements MigrationInterface {
  public readonly name = 'LegalIntakeCaseVersion1765000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE legal_record RENAME COLUMN intake_sequence TO intake_case_version`);
    await queryRunner.query(`ALTER TABLE legal_record ALTER COLUMN intake_case_version TYPE integer USING 0`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Back to a sequence no stream position matches: 0 lets the old code apply the next event.
    await queryRunner.query(`ALTER TABLE legal_record ALTER COLUMN intake_case_version TYPE bigint USING 0`);
    await queryRunner.query(`ALTER TABLE legal_record RENAME COLUMN intake_case_version TO intake_sequence`);
  }
}
