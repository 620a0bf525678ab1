import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A risk flag may hold the child's fear of return or a protection need (issue 18, INV-01, GD-08):
 * kept with the flag, so that what was sent to legal-status can be read back.
 */
export class FamilyFlagProtectionConcern1765000000001 implements MigrationInterface {
  public readonly name = 'FamilyFlagProtectionConcern1765000000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE member_verification
        ADD COLUMN protection_concern text NULL
          CONSTRAINT member_verification_protection_concern_ck CHECK (protection_concern IN ('FEAR_OF_RETURN', 'PROTECTION_NEED'))`);
    // Only a flag carries one: a verified person is, by definition, no risk.
    await queryRunner.query(`
      ALTER TABLE member_verification
        ADD CONSTRAINT member_verification_concern_on_flag_ck CHECK (protection_concern IS NULL OR outcome = 'FLAGGED_RISK')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE member_verification DROP CONSTRAINT member_verification_concern_on_flag_ck`);
    await queryRunner.query(`ALTER TABLE member_verification DROP COLUMN protection_concern`);
  }
}
