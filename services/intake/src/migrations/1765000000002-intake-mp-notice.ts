import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * RLM-05: a screening that shows trafficking indicators opens a task to notify the federal Public
 * Prosecutor (MP), with a due time, its completion (who, when, the MP office and its reference)
 * and one overdue alert. A correction that withdraws the indicators cancels an open task.
 */
export class IntakeMpNotice1765000000002 implements MigrationInterface {
  public readonly name = 'IntakeMpNotice1765000000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE mp_notice_task (
        case_id uuid PRIMARY KEY REFERENCES intake_case (id),
        opened_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        cancelled_at timestamptz NULL,
        notified_at timestamptz NULL,
        notified_by text NULL,
        mp_office text NULL,
        mp_reference text NULL,
        recorded_by text NULL,
        recorded_at timestamptz NULL,
        overdue_raised_at timestamptz NULL,
        CONSTRAINT mp_notice_task_due_ck CHECK (due_at >= opened_at),
        CONSTRAINT mp_notice_task_completion_ck CHECK (
          (notified_at IS NULL) = (notified_by IS NULL) AND (notified_at IS NULL) = (mp_office IS NULL)
          AND (notified_at IS NULL) = (mp_reference IS NULL) AND (notified_at IS NULL) = (recorded_by IS NULL)
          AND (notified_at IS NULL) = (recorded_at IS NULL)),
        CONSTRAINT mp_notice_task_done_or_cancelled_ck CHECK (notified_at IS NULL OR cancelled_at IS NULL)
      )`);
    // The scanner reads only tasks still waiting for their notice.
    await queryRunner.query(
      `CREATE INDEX mp_notice_task_waiting_idx ON mp_notice_task (due_at) WHERE notified_at IS NULL AND cancelled_at IS NULL AND overdue_raised_at IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE mp_notice_task`);
  }
}
