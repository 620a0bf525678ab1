import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts and how fast people took them up (issue 22), from notifications' task events: one row
 * per task, codes and instants only (never who was reached). Each event of a task fills in what
 * it knows, so a redelivery writes the same again; the office is the one of the task's latest
 * event (a transferred case's task counts for the office that had it last).
 */
export class StatisticsTaskFacts1767100000000 implements MigrationInterface {
  public readonly name = 'StatisticsTaskFacts1767100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE stat_task (
        task_id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        trigger text NOT NULL,
        office_code text NOT NULL,
        -- The notifications caseVersion of the task's latest event: an older one never moves its office back.
        case_version integer NOT NULL,
        opened_at timestamptz NOT NULL,
        -- The highest level it reached: 1 the office's supervisors, 2 the national duty officer.
        max_level smallint NOT NULL DEFAULT 0,
        acknowledged_at timestamptz,
        closed_at timestamptz,
        outcome text
      )`);
    await queryRunner.query(`CREATE INDEX ix_stat_task_opened ON stat_task (opened_at)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE stat_task`);
  }
}
