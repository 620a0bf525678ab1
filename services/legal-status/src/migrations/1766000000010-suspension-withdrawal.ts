import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A suspension of terms (IP-08) stops COMAR deadlines in every office, so one declared by mistake
 * must be removable, and how the deadlines came to move must stay answerable: a withdrawal is a
 * row of its own (who, when, why, from which request) beside the suspension, which is never
 * deleted. Both are append-only: a trigger refuses deleting a suspension and changing or deleting
 * a withdrawal.
 */
export class SuspensionWithdrawal1766000000010 implements MigrationInterface {
  public readonly name = 'SuspensionWithdrawal1766000000010';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE clock_suspension_withdrawal (
        suspension_id uuid PRIMARY KEY REFERENCES clock_suspension (id),
        reason text NOT NULL,
        withdrawn_by text NOT NULL,
        withdrawn_at timestamptz NOT NULL,
        request_id text NULL,
        CONSTRAINT clock_suspension_withdrawal_reason_ck CHECK (btrim(reason) <> '')
      )`);
    await queryRunner.query(`
      CREATE FUNCTION calendar_history_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is kept as history: % refused (withdraw a suspension instead)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER clock_suspension_kept BEFORE DELETE ON clock_suspension
      FOR EACH ROW EXECUTE FUNCTION calendar_history_refuse_change()`);
    await queryRunner.query(`
      CREATE TRIGGER clock_suspension_withdrawal_kept BEFORE UPDATE OR DELETE ON clock_suspension_withdrawal
      FOR EACH ROW EXECUTE FUNCTION calendar_history_refuse_change()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER clock_suspension_kept ON clock_suspension`);
    await queryRunner.query(`DROP TABLE clock_suspension_withdrawal`);
    await queryRunner.query(`DROP FUNCTION calendar_history_refuse_change()`);
  }
}
