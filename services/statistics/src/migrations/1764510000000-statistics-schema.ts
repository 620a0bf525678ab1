import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Facts taken from other services' events, one row per event (or per case / plan where the
 * event stream gives the current state), keyed by the event's id so a redelivery changes nothing.
 * Reports are computed from these by SQL at query time; nothing here is a personal datum: ids,
 * codes, categories and instants only (ARCHITECTURE.md, data minimisation).
 */
export class StatisticsSchema1764510000000 implements MigrationInterface {
  public name = 'StatisticsSchema1764510000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE stat_case (
        case_id uuid PRIMARY KEY,
        -- intake's person id: a pseudonymous key for unique-child counts; statistics never asks who.
        person_id uuid,
        registered_office text,
        entry_path text,
        migration_point text,
        speaks_spanish text,
        detected_at timestamptz,
        nationality text NOT NULL,
        age_band text NOT NULL,
        sex text NOT NULL,
        accompaniment text NOT NULL,
        -- The intake stream sequence the categories come from: an older event never overwrites a newer one.
        categories_seq bigint NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX ix_stat_case_detected ON stat_case (detected_at)`);

    await queryRunner.query(`
      CREATE TABLE stat_intake_milestone (
        event_id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('PROCURADURIA_NOTIFIED', 'CHANNELLED_TO_DIF')),
        office_code text NOT NULL,
        occurred_at timestamptz NOT NULL,
        minutes_since_detection integer NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX ix_stat_intake_milestone_kind ON stat_intake_milestone (kind, occurred_at)`);
    await queryRunner.query(`CREATE INDEX ix_stat_intake_milestone_case ON stat_intake_milestone (case_id)`);

    await queryRunner.query(`
      CREATE TABLE stat_session (
        event_id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('INFORMED', 'CALL')),
        office_code text NOT NULL,
        topic text,
        interpreter_used boolean NOT NULL,
        held_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX ix_stat_session_case ON stat_session (case_id)`);

    await queryRunner.query(`
      CREATE TABLE stat_inform_overdue (
        event_id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        office_code text NOT NULL,
        topic text NOT NULL,
        due_at timestamptz NOT NULL
      )`);

    await queryRunner.query(`
      CREATE TABLE stat_protection_change (
        event_id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        office_code text NOT NULL,
        stream_seq bigint NOT NULL,
        occurred_at timestamptz NOT NULL,
        status text NOT NULL,
        decision_due_date date
      )`);
    await queryRunner.query(`CREATE INDEX ix_stat_protection_case ON stat_protection_change (case_id, stream_seq)`);

    await queryRunner.query(`
      CREATE TABLE stat_return_plan (
        plan_id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        receiving_country text NOT NULL,
        nationality text NOT NULL,
        age_band text NOT NULL,
        sex text NOT NULL,
        accompaniment text NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE stat_return_handover (
        event_id uuid PRIMARY KEY,
        plan_id uuid NOT NULL,
        case_id uuid NOT NULL,
        office_code text NOT NULL,
        exit_point_code text NOT NULL,
        handed_over_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE stat_return_refusal (
        event_id uuid PRIMARY KEY,
        plan_id uuid NOT NULL,
        case_id uuid NOT NULL,
        office_code text NOT NULL,
        stage text NOT NULL,
        rules text[] NOT NULL,
        refused_at timestamptz NOT NULL
      )`);

    await queryRunner.query(`
      CREATE TABLE stat_reception_arrival (
        event_id uuid PRIMARY KEY,
        reception_id uuid NOT NULL,
        office_code text NOT NULL,
        point_code text NOT NULL,
        accompaniment text NOT NULL,
        out_of_hours boolean NOT NULL,
        arrived_at timestamptz NOT NULL
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'stat_reception_arrival',
      'stat_return_refusal',
      'stat_return_handover',
      'stat_return_plan',
      'stat_protection_change',
      'stat_inform_overdue',
      'stat_session',
      'stat_intake_milestone',
      'stat_case',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
