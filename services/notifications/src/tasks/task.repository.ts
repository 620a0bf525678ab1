import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';

import { PERSON_OUTCOMES, PersonOutcome, TASK_OUTCOMES, TaskOutcome } from '@opis/contracts-notifications';

import { TaskChangeEntity, TaskEntity, TaskRecipientEntity } from './task.entity';

export const TASK_STATUSES = ['OPEN', 'ACKNOWLEDGED', 'CLOSED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** How a task ended (the contracts' vocabulary: the closed event carries it). */
export { PERSON_OUTCOMES, TASK_OUTCOMES };
export type { PersonOutcome, TaskOutcome };

export const RECIPIENT_REASONS = ['ASSIGNED', 'ON_SHIFT', 'SUPERVISOR', 'NATIONAL_DUTY'] as const;
export type RecipientReason = (typeof RECIPIENT_REASONS)[number];

export type TaskChangeKind = 'OPENED' | 'ESCALATED' | 'ACKNOWLEDGED' | 'CLOSED' | 'TRANSFERRED';

export interface TaskRow {
  id: string;
  trigger: string;
  subjectCode: string;
  conditionKey: string;
  sourceEventId: string;
  caseId: string;
  caseNumber: string | null;
  officeCode: string;
  addressedRole: 'OFFICER' | 'SUPERVISOR';
  level: number;
  status: TaskStatus;
  openedAt: Date;
  dueAt: Date;
  escalateAt: Date | null;
  supervisorMinutes: number;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  closedAt: Date | null;
  closedBy: string | null;
  outcome: TaskOutcome | null;
}

/** A task closed by the events (cleared or replaced), as `closeConditions` gives it back. */
export type ClosedTask = Pick<TaskRow, 'id' | 'trigger' | 'caseId' | 'officeCode' | 'level' | 'openedAt' | 'acknowledgedAt'>;

export interface RecipientRow {
  taskId: string;
  subject: string;
  reason: RecipientReason;
  level: number;
  addedAt: Date;
}

export interface NewDelivery {
  taskId: string;
  channel: 'EMAIL' | 'SMS';
  recipient: string;
  address: string;
  level: number;
  at: Date;
}

interface TaskRecord {
  id: string;
  trigger: string;
  subject_code: string;
  condition_key: string;
  source_event_id: string;
  case_id: string;
  case_number: string | null;
  office_code: string;
  addressed_role: 'OFFICER' | 'SUPERVISOR';
  level: number;
  status: TaskStatus;
  opened_at: Date;
  due_at: Date;
  escalate_at: Date | null;
  supervisor_minutes: number;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  closed_at: Date | null;
  closed_by: string | null;
  outcome: TaskOutcome | null;
}

const SELECT_TASK = `SELECT t.id, t.trigger, t.subject_code, t.condition_key, t.source_event_id, t.case_id, c.case_number, t.office_code,
       t.addressed_role, t.level, t.status, t.opened_at, t.due_at, t.escalate_at, t.supervisor_minutes, t.acknowledged_at,
       t.acknowledged_by, t.closed_at, t.closed_by, t.outcome
  FROM task t LEFT JOIN notification_case c ON c.case_id = t.case_id`;

function toRow(record: TaskRecord): TaskRow {
  return {
    id: record.id,
    trigger: record.trigger,
    subjectCode: record.subject_code,
    conditionKey: record.condition_key,
    sourceEventId: record.source_event_id,
    caseId: record.case_id,
    caseNumber: record.case_number,
    officeCode: record.office_code.trim(),
    addressedRole: record.addressed_role,
    level: Number(record.level),
    status: record.status,
    openedAt: record.opened_at,
    dueAt: record.due_at,
    escalateAt: record.escalate_at,
    supervisorMinutes: record.supervisor_minutes,
    acknowledgedAt: record.acknowledged_at,
    acknowledgedBy: record.acknowledged_by,
    closedAt: record.closed_at,
    closedBy: record.closed_by,
    outcome: record.outcome,
  };
}

export interface NewTask {
  id: string;
  trigger: string;
  subjectCode: string;
  conditionKey: string;
  sourceEventId: string;
  caseId: string;
  officeCode: string;
  addressedRole: 'OFFICER' | 'SUPERVISOR';
  openedAt: Date;
  dueAt: Date;
  escalateAt: Date;
  supervisorMinutes: number;
}

export interface ListFilter {
  offices: string[];
  mine?: string;
  statuses?: TaskStatus[];
  caseId?: string;
}

/** The only code that touches the task tables. Every method runs in the caller's manager. */
@Injectable()
export class TaskRepository {
  /** False when the triggering event opened its task already (a redelivery, a republish). */
  public async insert(manager: EntityManager, task: NewTask): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO task (id, trigger, subject_code, condition_key, source_event_id, case_id, office_code, addressed_role,
         opened_at, due_at, escalate_at, supervisor_minutes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (source_event_id) DO NOTHING RETURNING id`,
      [task.id, task.trigger, task.subjectCode, task.conditionKey, task.sourceEventId, task.caseId, task.officeCode, task.addressedRole,
        task.openedAt, task.dueAt, task.escalateAt, task.supervisorMinutes],
    );
    return rows.length > 0;
  }

  public async find(manager: EntityManager, id: string, options: { lock?: boolean } = {}): Promise<TaskRow | null> {
    const records: TaskRecord[] = await manager.query(`${SELECT_TASK} WHERE t.id = $1${options.lock ? ' FOR UPDATE OF t' : ''}`, [id]);
    return records[0] ? toRow(records[0]) : null;
  }

  public async findMany(manager: EntityManager, ids: string[]): Promise<TaskRow[]> {
    if (ids.length === 0) return [];
    const records: TaskRecord[] = await manager.query(`${SELECT_TASK} WHERE t.id = ANY ($1::uuid[])`, [ids]);
    return records.map(toRow);
  }

  /**
   * Closes the case's tasks not closed yet whose condition is one of `conditions` (or under one
   * ending in `:`), except `exceptId`; returns the closed tasks as they are now.
   */
  public async closeConditions(
    manager: EntityManager,
    caseId: string,
    conditions: string[],
    closing: { at: Date; by: string; outcome: TaskOutcome; eventId: string | null; exceptId?: string },
  ): Promise<ClosedTask[]> {
    const exact = conditions.filter((condition) => !condition.endsWith(':'));
    const prefixes = conditions.filter((condition) => condition.endsWith(':')).map((prefix) => `${prefix.replace(/[\\%_]/g, '\\$&')}%`);
    const rows: Array<{ id: string; trigger: string; office_code: string; level: number; opened_at: Date; acknowledged_at: Date | null }> = await manager.query(
      // In a CTE: an UPDATE's RETURNING comes back from TypeORM as [rows, count], a SELECT as rows.
      `WITH closed AS (
         UPDATE task SET status = 'CLOSED', closed_at = $4, closed_by = $5, outcome = $6, closing_event_id = $7, escalate_at = NULL
          WHERE case_id = $1 AND status <> 'CLOSED' AND (condition_key = ANY ($2::text[]) OR condition_key LIKE ANY ($3::text[]))
            AND ($8::uuid IS NULL OR id <> $8)
          RETURNING id, trigger, office_code, level, opened_at, acknowledged_at)
       SELECT id, trigger, office_code, level, opened_at, acknowledged_at FROM closed ORDER BY opened_at, id`,
      [caseId, exact, prefixes, closing.at, closing.by, closing.outcome, closing.eventId, closing.exceptId ?? null],
    );
    return rows.map((row) => ({
      id: row.id,
      trigger: row.trigger,
      caseId,
      officeCode: row.office_code.trim(),
      level: Number(row.level),
      openedAt: row.opened_at,
      acknowledgedAt: row.acknowledged_at,
    }));
  }

  /** The case's tasks not closed yet move to the office the case moved to; returns them. */
  public async moveOpenTasks(manager: EntityManager, caseId: string, officeCode: string): Promise<TaskRow[]> {
    const records: TaskRecord[] = await manager.query(
      `WITH moved AS (UPDATE task SET office_code = $2 WHERE case_id = $1 AND status <> 'CLOSED' AND office_code <> $2 RETURNING id)
       ${SELECT_TASK} WHERE t.id IN (SELECT id FROM moved)`,
      [caseId, officeCode],
    );
    // The CTE's UPDATE is not visible to the outer SELECT of the same statement: the office is the new one.
    return records.map((record) => ({ ...toRow(record), officeCode }));
  }

  /** Open tasks whose timer ran out at `now`, locked for this transaction; other instances skip them. */
  public async claimDueEscalations(manager: EntityManager, now: Date, offices: readonly string[] | undefined, limit: number): Promise<TaskRow[]> {
    const records: TaskRecord[] = await manager.query(
      `${SELECT_TASK}
        WHERE t.status = 'OPEN' AND t.escalate_at IS NOT NULL AND t.escalate_at <= $1
          AND ($2::text[] IS NULL OR t.office_code = ANY ($2::text[]))
        ORDER BY t.escalate_at
        LIMIT $3
        FOR UPDATE OF t SKIP LOCKED`,
      [now, offices ?? null, limit],
    );
    return records.map(toRow);
  }

  public async setLevel(manager: EntityManager, id: string, level: number, escalateAt: Date | null): Promise<void> {
    await manager.update(TaskEntity, { id }, { level, escalateAt });
  }

  public async acknowledge(manager: EntityManager, id: string, at: Date, by: string): Promise<void> {
    await manager.update(TaskEntity, { id }, { status: 'ACKNOWLEDGED', acknowledgedAt: at, acknowledgedBy: by, escalateAt: null });
  }

  public async close(manager: EntityManager, id: string, at: Date, by: string, outcome: TaskOutcome): Promise<void> {
    await manager.update(TaskEntity, { id }, { status: 'CLOSED', closedAt: at, closedBy: by, outcome, escalateAt: null });
  }

  /** Adds recipients not on the task yet; returns the ones added. */
  public async addRecipients(
    manager: EntityManager,
    taskId: string,
    recipients: Array<{ subject: string; reason: RecipientReason }>,
    level: number,
    at: Date,
  ): Promise<string[]> {
    if (recipients.length === 0) return [];
    const rows: Array<{ subject: string }> = await manager.query(
      `INSERT INTO task_recipient (task_id, subject, reason, level, added_at)
       SELECT $1, r.subject, r.reason, $4, $5 FROM unnest($2::text[], $3::text[]) AS r(subject, reason)
       ON CONFLICT (task_id, subject) DO NOTHING RETURNING subject`,
      [taskId, recipients.map((r) => r.subject), recipients.map((r) => r.reason), level, at],
    );
    return rows.map((row) => row.subject);
  }

  public async recipientsOf(manager: EntityManager, taskIds: string[]): Promise<RecipientRow[]> {
    if (taskIds.length === 0) return [];
    return manager.find(TaskRecipientEntity, { where: { taskId: In(taskIds) }, order: { level: 'ASC', addedAt: 'ASC', subject: 'ASC' } });
  }

  public async recordChange(manager: EntityManager, change: { taskId: string; officeCode: string; kind: TaskChangeKind; level: number; at: Date }): Promise<void> {
    await manager.insert(TaskChangeEntity, change);
  }

  public async addDeliveries(manager: EntityManager, deliveries: NewDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await manager.query(
      `INSERT INTO delivery (id, task_id, channel, recipient, address, level, next_attempt_at)
       SELECT gen_random_uuid(), d.task_id, d.channel, d.recipient, d.address, d.level, d.at
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::smallint[], $6::timestamptz[]) AS d(task_id, channel, recipient, address, level, at)
       ON CONFLICT (task_id, recipient, channel, level) DO NOTHING`,
      [
        deliveries.map((d) => d.taskId),
        deliveries.map((d) => d.channel),
        deliveries.map((d) => d.recipient),
        deliveries.map((d) => d.address),
        deliveries.map((d) => d.level),
        deliveries.map((d) => d.at),
      ],
    );
  }

  /** Newest first (opened_at, then id); `after` continues a page. */
  public async list(manager: EntityManager, filter: ListFilter, limit: number, after?: { at: Date; id: string }): Promise<TaskRow[]> {
    const records: TaskRecord[] = await manager.query(
      `${SELECT_TASK}
        WHERE t.office_code = ANY ($1::text[])
          AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM task_recipient r WHERE r.task_id = t.id AND r.subject = $2))
          AND ($3::text[] IS NULL OR t.status = ANY ($3::text[]))
          AND ($4::uuid IS NULL OR t.case_id = $4)
          AND ($5::timestamptz IS NULL OR (t.opened_at, t.id) < ($5, $6::uuid))
        ORDER BY t.opened_at DESC, t.id DESC
        LIMIT $7`,
      [filter.offices, filter.mine ?? null, filter.statuses ?? null, filter.caseId ?? null, after?.at ?? null, after?.id ?? null, limit],
    );
    return records.map(toRow);
  }

  /** Changes after `seq`, in sequence order, for the live stream. */
  public async changesAfter(manager: EntityManager, seq: number, limit: number): Promise<Array<{ seq: number; taskId: string; kind: TaskChangeKind; at: Date }>> {
    const rows: Array<{ seq: string; task_id: string; kind: TaskChangeKind; at: Date }> = await manager.query(
      `SELECT seq, task_id, kind, at FROM task_change WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [seq, limit],
    );
    return rows.map((row) => ({ seq: Number(row.seq), taskId: row.task_id, kind: row.kind, at: row.at }));
  }

  public async lastChange(manager: EntityManager): Promise<number> {
    const [row]: Array<{ seq: string | null }> = await manager.query(`SELECT max(seq) AS seq FROM task_change`);
    return Number(row?.seq ?? 0);
  }
}
