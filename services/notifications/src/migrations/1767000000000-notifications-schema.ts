import { MigrationInterface, QueryRunner } from 'typeorm';

import { TRIGGERS } from '../triggers/trigger-catalog';

/** National defaults per trigger: who is addressed first, when it is due, when it escalates. */
export const DEFAULT_RULES: ReadonlyArray<[trigger: (typeof TRIGGERS)[number], role: 'OFFICER' | 'SUPERVISOR', dueMinutes: number, ackMinutes: number, supervisorMinutes: number]> = [
  ['INTAKE_DEADLINE_ESCALATION', 'OFFICER', 120, 30, 60],
  ['INTAKE_DEADLINE_BREACH', 'SUPERVISOR', 60, 15, 30],
  ['INTAKE_MP_NOTICE_OVERDUE', 'OFFICER', 120, 30, 60],
  ['CARE_NEED_OVERDUE', 'OFFICER', 60, 15, 30],
  // A serious incident reaches the office's supervisors at once (care.incident.reported notifySupervisors).
  ['CARE_SERIOUS_INCIDENT', 'SUPERVISOR', 30, 10, 20],
  ['CARE_DETENTION_PLACEMENT_ATTEMPT', 'SUPERVISOR', 60, 15, 30],
  ['FAMILY_FIRST_CALL_OVERDUE', 'OFFICER', 120, 30, 60],
  ['LEGAL_INFORM_OVERDUE', 'OFFICER', 240, 60, 120],
  ['LEGAL_CLAIM_DECISION_MARK', 'OFFICER', 24 * 60, 240, 480],
  ['LEGAL_COMAR_NOTICE_MISSED', 'SUPERVISOR', 240, 60, 120],
  ['LEGAL_RESIDENCE_TASK_OVERDUE', 'OFFICER', 24 * 60, 240, 480],
  ['REPATRIATION_RETURN_ABORTED', 'SUPERVISOR', 30, 10, 20],
  // A case held back by a failed event: its office works on stale data until an operator resolves it.
  ['DEAD_LETTER_HELD_BACK', 'SUPERVISOR', 60, 30, 60],
];

/**
 * Notifications' tables. Only ids, codes and instants about children: the case number is the one
 * thing an alert shows of a case (ARCHITECTURE.md, data minimisation). Staff contacts (an
 * officer's work email and phone) are kept with the shift that puts them on duty.
 */
export class NotificationsSchema1767000000000 implements MigrationInterface {
  public readonly name = 'NotificationsSchema1767000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // What an alert may show of a case, and whom it concerns: from intake's and care's events.
    await queryRunner.query(`
      CREATE TABLE notification_case (
        case_id uuid PRIMARY KEY,
        case_number text NULL,
        office_code char(3) NOT NULL,
        assigned_officer text NULL,
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);

    // Rules as data: a row per trigger for an office, or for the nation ('*'), which any office may override.
    await queryRunner.query(`
      CREATE TABLE escalation_rule (
        trigger text NOT NULL,
        office_code text NOT NULL,
        addressed_role text NOT NULL CHECK (addressed_role IN ('OFFICER', 'SUPERVISOR')),
        due_minutes integer NOT NULL CHECK (due_minutes > 0),
        ack_minutes integer NOT NULL CHECK (ack_minutes > 0),
        supervisor_minutes integer NOT NULL CHECK (supervisor_minutes > 0),
        updated_by text NOT NULL DEFAULT 'migration',
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (trigger, office_code),
        CHECK (office_code = '*' OR office_code ~ '^[A-Z]{3}$')
      )`);
    for (const [trigger, role, due, ack, supervisor] of DEFAULT_RULES) {
      await queryRunner.query(
        `INSERT INTO escalation_rule (trigger, office_code, addressed_role, due_minutes, ack_minutes, supervisor_minutes) VALUES ($1, '*', $2, $3, $4, $5)`,
        [trigger, role, due, ack, supervisor],
      );
    }

    // Who is on duty when: office officers and supervisors, and the national duty officer (no office).
    await queryRunner.query(`
      CREATE TABLE shift (
        id uuid PRIMARY KEY,
        office_code char(3) NULL,
        subject text NOT NULL,
        role text NOT NULL CHECK (role IN ('OFFICER', 'SUPERVISOR', 'NATIONAL_DUTY')),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        email text NULL,
        phone text NULL,
        cancelled_at timestamptz NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CHECK (ends_at > starts_at),
        CHECK ((role = 'NATIONAL_DUTY') = (office_code IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX shift_duty_idx ON shift (office_code, role, starts_at, ends_at) WHERE cancelled_at IS NULL`);
    await queryRunner.query(`CREATE INDEX shift_subject_idx ON shift (subject, starts_at DESC)`);

    // One task per triggering event (source_event_id unique: a redelivery opens nothing).
    // escalate_at is the timer: it survives restarts, and one instance claims it (SKIP LOCKED).
    await queryRunner.query(`
      CREATE TABLE task (
        id uuid PRIMARY KEY,
        trigger text NOT NULL,
        subject_code text NOT NULL,
        condition_key text NOT NULL,
        source_event_id uuid NOT NULL UNIQUE,
        case_id uuid NOT NULL,
        office_code char(3) NOT NULL,
        addressed_role text NOT NULL,
        level smallint NOT NULL DEFAULT 0 CHECK (level BETWEEN 0 AND 2),
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'ACKNOWLEDGED', 'CLOSED')),
        opened_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        escalate_at timestamptz NULL,
        supervisor_minutes integer NOT NULL,
        acknowledged_at timestamptz NULL,
        acknowledged_by text NULL,
        closed_at timestamptz NULL,
        closed_by text NULL,
        outcome text NULL,
        closing_event_id uuid NULL
      )`);
    await queryRunner.query(`CREATE INDEX task_escalation_idx ON task (escalate_at) WHERE status = 'OPEN' AND escalate_at IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX task_condition_idx ON task (case_id, condition_key) WHERE status <> 'CLOSED'`);
    await queryRunner.query(`CREATE INDEX task_office_idx ON task (office_code, opened_at DESC, id DESC)`);

    await queryRunner.query(`
      CREATE TABLE task_recipient (
        task_id uuid NOT NULL REFERENCES task (id),
        subject text NOT NULL,
        reason text NOT NULL CHECK (reason IN ('ASSIGNED', 'ON_SHIFT', 'SUPERVISOR', 'NATIONAL_DUTY')),
        level smallint NOT NULL,
        added_at timestamptz NOT NULL,
        PRIMARY KEY (task_id, subject)
      )`);
    await queryRunner.query(`CREATE INDEX task_recipient_subject_idx ON task_recipient (subject, task_id)`);

    // Every change of a task in commit order: the live stream reads it from any instance.
    await queryRunner.query(`
      CREATE TABLE task_change (
        seq bigserial PRIMARY KEY,
        task_id uuid NOT NULL REFERENCES task (id),
        office_code char(3) NOT NULL,
        kind text NOT NULL CHECK (kind IN ('OPENED', 'ESCALATED', 'ACKNOWLEDGED', 'CLOSED', 'TRANSFERRED')),
        level smallint NOT NULL,
        at timestamptz NOT NULL
      )`);

    // Each message to send, once per task, person, channel and level; retried with backoff.
    await queryRunner.query(`
      CREATE TABLE delivery (
        id uuid PRIMARY KEY,
        task_id uuid NOT NULL REFERENCES task (id),
        channel text NOT NULL CHECK (channel IN ('EMAIL', 'SMS')),
        recipient text NOT NULL,
        address text NOT NULL,
        level smallint NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'FAILED', 'CANCELLED')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        sent_at timestamptz NULL,
        last_error text NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (task_id, recipient, channel, level)
      )`);
    await queryRunner.query(`CREATE INDEX delivery_pending_idx ON delivery (next_attempt_at) WHERE status = 'PENDING'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['delivery', 'task_change', 'task_recipient', 'task', 'shift', 'escalation_rule', 'notification_case']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
