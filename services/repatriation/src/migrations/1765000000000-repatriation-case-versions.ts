import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The copies compare versions, not stream sequences (ARCHITECTURE.md, Messaging): the case copy
 * keeps the intake `caseVersion` it last applied, and each legal-status fact the legal-status
 * `caseVersion` it came from. A stream sequence says nothing about a version, so what was kept
 * becomes 0 (any numbered event is newer); NULL still means legal-status has not spoken.
 */
export class RepatriationCaseVersions1765000000000 implements MigrationInterface {
  public readonly name = 'RepatriationCaseVersions1765000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE case_copy ADD COLUMN intake_case_version integer NOT NULL DEFAULT 0`);
    // Every new copy gives its registration's version.
    await queryRunner.query(`ALTER TABLE case_copy ALTER COLUMN intake_case_version DROP DEFAULT`);
    for (const [from, to] of [
      ['lock_seq', 'lock_version'],
      ['protection_seq', 'protection_version'],
      ['bi_seq', 'bi_version'],
    ]) {
      await queryRunner.query(`ALTER TABLE legal_copy RENAME COLUMN ${from} TO ${to}`);
      await queryRunner.query(`ALTER TABLE legal_copy ALTER COLUMN ${to} TYPE integer USING CASE WHEN ${to} IS NULL THEN NULL ELSE 0 END`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [from, to] of [
      ['lock_seq', 'lock_version'],
      ['protection_seq', 'protection_version'],
      ['bi_seq', 'bi_version'],
    ]) {
      await queryRunner.query(`ALTER TABLE legal_copy ALTER COLUMN ${to} TYPE bigint`);
      await queryRunner.query(`ALTER TABLE legal_copy RENAME COLUMN ${to} TO ${from}`);
    }
    await queryRunner.query(`ALTER TABLE case_copy DROP COLUMN intake_case_version`);
  }
}
