import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the case began (intake's `detectedAt` on `intake.case.registered`, DOMAIN.md's T0): a time
 * recorded on a return plan or a linked reception may not be before it (issue 19, plausible dates).
 * Copies made before this migration stay NULL, and their times are then held only against the
 * future: the registration is not asked for again, and a guess would refuse true times.
 */
export class RepatriationCaseDetectedAt1766700000000 implements MigrationInterface {
  public readonly name = 'RepatriationCaseDetectedAt1766700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE case_copy ADD COLUMN detected_at timestamptz NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE case_copy DROP COLUMN detected_at`);
  }
}
