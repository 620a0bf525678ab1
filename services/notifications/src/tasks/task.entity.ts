import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

import type { RecipientReason, TaskChangeKind, TaskOutcome, TaskStatus } from './task.repository';

/** One task per triggering event: a redelivery opens nothing. `escalateAt` is its timer, claimed by one instance. */
@Entity({ name: 'task' })
@Unique('task_source_event_id_key', ['sourceEventId'])
export class TaskEntity {
  @PrimaryColumn('uuid')
  public id!: string;

  @Column('text')
  public trigger!: string;

  @Column('text', { name: 'subject_code' })
  public subjectCode!: string;

  @Column('text', { name: 'condition_key' })
  public conditionKey!: string;

  @Column('uuid', { name: 'source_event_id' })
  public sourceEventId!: string;

  /** Partial index, kept by the migration: the case's tasks not closed, by condition. */
  @Index('task_condition_idx', { synchronize: false })
  @Column('uuid', { name: 'case_id' })
  public caseId!: string;

  /** Kept by the migration: an office's tasks, newest first. */
  @Index('task_office_idx', { synchronize: false })
  @Column('char', { name: 'office_code', length: 3 })
  public officeCode!: string;

  @Column('text', { name: 'addressed_role' })
  public addressedRole!: 'OFFICER' | 'SUPERVISOR';

  @Column('smallint', { default: 0 })
  public level!: number;

  @Column('text', { default: 'OPEN' })
  public status!: TaskStatus;

  @Column('timestamptz', { name: 'opened_at' })
  public openedAt!: Date;

  @Column('timestamptz', { name: 'due_at' })
  public dueAt!: Date;

  /** Partial index, kept by the migration: the open tasks' timers. */
  @Index('task_escalation_idx', { synchronize: false })
  @Column('timestamptz', { name: 'escalate_at', nullable: true })
  public escalateAt!: Date | null;

  @Column('integer', { name: 'supervisor_minutes' })
  public supervisorMinutes!: number;

  @Column('timestamptz', { name: 'acknowledged_at', nullable: true })
  public acknowledgedAt!: Date | null;

  @Column('text', { name: 'acknowledged_by', nullable: true })
  public acknowledgedBy!: string | null;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  public closedAt!: Date | null;

  @Column('text', { name: 'closed_by', nullable: true })
  public closedBy!: string | null;

  @Column('text', { nullable: true })
  public outcome!: TaskOutcome | null;

  @Column('uuid', { name: 'closing_event_id', nullable: true })
  public closingEventId!: string | null;
}

/** Whom a task reached, why, and at which level. */
@Entity({ name: 'task_recipient' })
@Index('task_recipient_subject_idx', ['subject', 'taskId'])
export class TaskRecipientEntity {
  @PrimaryColumn('uuid', { name: 'task_id' })
  public taskId!: string;

  @PrimaryColumn('text')
  public subject!: string;

  @Column('text')
  public reason!: RecipientReason;

  @Column('smallint')
  public level!: number;

  @Column('timestamptz', { name: 'added_at' })
  public addedAt!: Date;
}

/** Every change of a task in commit order: the live stream of any instance reads it by `seq`. */
@Entity({ name: 'task_change' })
export class TaskChangeEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  public seq!: string;

  @Column('uuid', { name: 'task_id' })
  public taskId!: string;

  @Column('char', { name: 'office_code', length: 3 })
  public officeCode!: string;

  @Column('text')
  public kind!: TaskChangeKind;

  @Column('smallint')
  public level!: number;

  @Column('timestamptz')
  public at!: Date;
}
