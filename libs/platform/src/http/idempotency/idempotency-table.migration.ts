import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency-Key claims and the answers they gave (libs/platform idempotency): one row per caller
 * and key. The claim is inserted with the change it protects; the answer is added once the
 * request has been served. Rows older than a day are deleted hourly (IdempotencyKeyPurge).
 */
export class IdempotencyKeyTable1766500000000 implements MigrationInterface {
  public readonly name = 'IdempotencyKeyTable1766500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE idempotency_key (
        subject text NOT NULL,
        idempotency_key text NOT NULL,
        request_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        response_status integer NULL,
        response_location text NULL,
        response_body text NULL,
        response_body_sealed boolean NOT NULL DEFAULT false,
        response_office_code text NULL,
        CONSTRAINT pk_idempotency_key PRIMARY KEY (subject, idempotency_key)
      )`);
    await queryRunner.query(`CREATE INDEX ix_idempotency_key_created_at ON idempotency_key (created_at)`);
    await queryRunner.query(`COMMENT ON COLUMN idempotency_key.response_body IS 'The answer a keyed POST gave (JSON), replayed to the same caller for a day: sealed with the service''s field key where it has one (response_body_sealed); deleted after a day.'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE idempotency_key`);
  }
}
