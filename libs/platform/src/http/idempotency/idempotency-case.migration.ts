import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case a stored answer is about, so that a transfer moves its office with the case: a replay
 * is answered only while the caller can see the case where it is now.
 */
export class IdempotencyKeyCase1766500000001 implements MigrationInterface {
  public readonly name = 'IdempotencyKeyCase1766500000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE idempotency_key ADD COLUMN response_case_id uuid NULL`);
    await queryRunner.query(`CREATE INDEX ix_idempotency_key_response_case_id ON idempotency_key (response_case_id) WHERE response_case_id IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE idempotency_key DROP COLUMN response_case_id`);
  }
}
