import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a competent age determination took the person out of the child flow (GD-12,
 * `intake.case.exited-adult-flow`): the first-call deadline is a child's clock and stops there.
 */
export class FamilyChildFlowExit1765000000005 implements MigrationInterface {
  public readonly name = 'FamilyChildFlowExit1765000000005';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE family_record ADD COLUMN child_flow_exited_at timestamptz NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE family_record DROP COLUMN child_flow_exited_at`);
  }
}
