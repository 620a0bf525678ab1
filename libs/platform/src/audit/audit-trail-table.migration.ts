import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail: who read or changed which case, when, from where, and why a refusal.
 * Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE. Holds no personal data.
 */
export class AuditTrailTable1764460000001 implements MigrationInterface {
  public readonly name = 'AuditTrailTable1764460000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_log (
        id uuid NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_subject text NOT NULL,
        actor_roles text[] NOT NULL DEFAULT '{}',
        action text NOT NULL,
        case_id uuid NULL,
        office_code text NULL,
        outcome text NOT NULL,
        reason text NULL,
        source_ip text NULL,
        request_id text NULL,
        CONSTRAINT pk_audit_log PRIMARY KEY (id),
        CONSTRAINT ck_audit_log_outcome CHECK (outcome IN ('allowed', 'refused')),
        CONSTRAINT ck_audit_log_office_code CHECK (office_code ~ '^[A-Z]{3}$')
      )`);
    await queryRunner.query(`CREATE INDEX ix_audit_log_case_id_occurred_at ON audit_log (case_id, occurred_at)`);
    await queryRunner.query(`CREATE INDEX ix_audit_log_occurred_at ON audit_log (occurred_at)`);
    await queryRunner.query(`
      CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER tg_audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`);
    await queryRunner.query(`
      CREATE TRIGGER tg_audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_log`);
    await queryRunner.query(`DROP FUNCTION audit_log_refuse_change()`);
  }
}
