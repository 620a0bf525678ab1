import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deadlines that alert (issue 18): each alert raised once per deadline occurrence (the claim it
 * counts, the notice it waits for, the task it chases) and level, so several instances scanning
 * together raise it once. The permanent-residence task (LM-17, IP-06) gets an owner, a due date and
 * its completion; residence_task_opened_at already marks that it exists.
 */
export class DeadlineAlerts1766000000004 implements MigrationInterface {
  public readonly name = 'DeadlineAlerts1766000000004';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE legal_alert (
        case_id uuid NOT NULL,
        deadline text NOT NULL,
        alert_key text NOT NULL,
        level text NOT NULL,
        raised_at timestamptz NOT NULL,
        CONSTRAINT pk_legal_alert PRIMARY KEY (case_id, deadline, alert_key),
        CONSTRAINT fk_legal_alert_record FOREIGN KEY (case_id) REFERENCES legal_record (case_id),
        CONSTRAINT ck_legal_alert_deadline CHECK (deadline IN ('CLAIM_DECISION', 'COMAR_NOTICE', 'RESIDENCE_TASK')),
        CONSTRAINT ck_legal_alert_level CHECK (level IN ('APPROACHING', 'DUE', 'OVERDUE'))
      )`);
    await queryRunner.query(`
      ALTER TABLE legal_record
        ADD COLUMN residence_task_owner text NULL,
        ADD COLUMN residence_task_due_on date NULL,
        ADD COLUMN residence_task_completed_at timestamptz NULL,
        ADD COLUMN residence_task_completed_by text NULL,
        ADD COLUMN residence_task_document_reference text NULL`);
    // Tasks opened before they had an owner and a due date: unassigned until a supervisor assigns
    // one, due about 30 working days (42 calendar days) after they opened.
    await queryRunner.query(`
      UPDATE legal_record SET residence_task_owner = 'unassigned', residence_task_due_on = (residence_task_opened_at AT TIME ZONE 'America/Mexico_City')::date + 42
       WHERE residence_task_opened_at IS NOT NULL`);
    await queryRunner.query(`
      ALTER TABLE legal_record ADD CONSTRAINT legal_record_residence_task_ck CHECK (
        (residence_task_opened_at IS NULL) = (residence_task_owner IS NULL) AND (residence_task_opened_at IS NULL) = (residence_task_due_on IS NULL)
        AND (residence_task_completed_at IS NULL OR residence_task_opened_at IS NOT NULL))`);
    // The scanner's candidates: pending claims, notices not received, tasks not completed.
    await queryRunner.query(`
      CREATE INDEX legal_record_deadlines_idx ON legal_record (office_code)
       WHERE protection_status = 'CLAIM_PENDING'
          OR (comar_notice_due_at IS NOT NULL AND comar_notice_received_at IS NULL)
          OR (residence_task_opened_at IS NOT NULL AND residence_task_completed_at IS NULL)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX legal_record_deadlines_idx`);
    await queryRunner.query(`ALTER TABLE legal_record DROP CONSTRAINT legal_record_residence_task_ck`);
    await queryRunner.query(`
      ALTER TABLE legal_record
        DROP COLUMN residence_task_owner, DROP COLUMN residence_task_due_on, DROP COLUMN residence_task_completed_at,
        DROP COLUMN residence_task_completed_by, DROP COLUMN residence_task_document_reference`);
    await queryRunner.query(`DROP TABLE legal_alert`);
  }
}
