import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Facts are ordered by the producer's `caseVersion`, not the stream sequence (ARCHITECTURE.md,
 * Messaging): a case's categories keep the intake version they came from, and its protection
 * changes the legal-status version of each. A stream sequence says nothing about a version:
 * categories kept start at 0 (any numbered event is newer); protection changes kept are numbered
 * 1, 2, ... per case in their stream order, which was their order, and every later event's
 * version is higher than that number.
 */
export class StatisticsCaseVersions1765000000000 implements MigrationInterface {
  public readonly name = 'StatisticsCaseVersions1765000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE stat_case RENAME COLUMN categories_seq TO categories_version`);
    await queryRunner.query(`ALTER TABLE stat_case ALTER COLUMN categories_version TYPE integer USING 0`);
    await queryRunner.query(`ALTER TABLE stat_protection_change RENAME COLUMN stream_seq TO case_version`);
    await queryRunner.query(`
      UPDATE stat_protection_change p SET case_version = n.version
        FROM (SELECT event_id, row_number() OVER (PARTITION BY case_id ORDER BY case_version) AS version FROM stat_protection_change) n
       WHERE n.event_id = p.event_id`);
    await queryRunner.query(`ALTER TABLE stat_protection_change ALTER COLUMN case_version TYPE integer`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE stat_protection_change ALTER COLUMN case_version TYPE bigint`);
    await queryRunner.query(`ALTER TABLE stat_protection_change RENAME COLUMN case_version TO stream_seq`);
    await queryRunner.query(`ALTER TABLE stat_case ALTER COLUMN categories_version TYPE bigint`);
    await queryRunner.query(`ALTER TABLE stat_case RENAME COLUMN categories_version TO categories_seq`);
  }
}
