import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A care record closes when intake hands the child to DIF (DOMAIN.md 4.2 TRANSFERRED, LM-01):
 * until now a record stayed open, and its unmet needs overdue on the worklist, for ever.
 * ACTIVE is derived from the needs on read, so only OPEN and the closed states are stored.
 */
export class CareRecordClosing1765000000002 implements MigrationInterface {
  public readonly name = 'CareRecordClosing1765000000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE care_record
        ADD COLUMN status text NOT NULL DEFAULT 'OPEN' CONSTRAINT care_record_status_ck CHECK (status IN ('OPEN', 'TRANSFERRED')),
        ADD COLUMN closed_at timestamptz NULL,
        ADD CONSTRAINT care_record_closed_at_ck CHECK ((status = 'OPEN') = (closed_at IS NULL))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE care_record DROP CONSTRAINT care_record_closed_at_ck, DROP COLUMN closed_at, DROP COLUMN status`);
  }
}
