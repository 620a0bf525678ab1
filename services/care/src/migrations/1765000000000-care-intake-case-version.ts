import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The copy remembers the intake `caseVersion` it last applied, so that an older correction never
 * overwrites a newer one (ARCHITECTURE.md, Messaging). Copies made before intake numbered its
 * events start at 0: any numbered event is newer.
 */
export class CareIntakeCaseVersion1765000000000 implements MigrationInterface {
  public readonly name = 'CareIntakeCaseVersion1765000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE care_record ADD COLUMN intake_case_version integer NOT NULL DEFAULT 0`);
    // Every new copy gives its registration's version.
    await queryRunner.query(`ALTER TABLE care_record ALTER COLUMN intake_case_version DROP DEFAULT`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE care_record DROP COLUMN intake_case_version`);
  }
}
