import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { EventActor, OfficeCode } from '@opis/contracts-envelope';
import { AddressedRole, TaskLevel, taskAcknowledgedV1, taskClosedV1, taskEscalatedV1, taskOpenedV1, TaskOutcome, TaskTrigger } from '@opis/contracts-notifications';
import { OutboxWriter } from '@opis/messaging';

import { TaskRepository, TaskRow } from './task.repository';

/** The task as its events need it: codes and instants, nothing of who was reached. */
type TaskFacts = Pick<TaskRow, 'id' | 'trigger' | 'caseId' | 'officeCode' | 'level' | 'openedAt'>;

/** Changes the events made (consumers): notifications itself. */
export const SERVICE_ACTOR: EventActor = { kind: 'service', id: 'notifications' };
/** Changes the escalation timer made. */
export const ESCALATION_ACTOR: EventActor = { kind: 'system', id: 'notifications-escalation' };

const facts = (task: TaskFacts) => ({
  taskId: task.id,
  trigger: task.trigger as TaskTrigger,
  level: task.level as TaskLevel,
  openedAt: task.openedAt.toISOString(),
});

/**
 * Every change of a task, written twice in the caller's transaction: a row of `task_change` for the
 * live stream of the consoles, and the task's event in the outbox for other services (statistics).
 * So a change is published once, exactly when it commits; a redelivered trigger that opens
 * nothing publishes nothing. A transfer is only the stream's: the task's later events carry its
 * new office.
 */
@Injectable()
export class TaskChanges {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  public async opened(manager: EntityManager, task: TaskFacts & { addressedRole: AddressedRole; dueAt: Date }, actor: EventActor): Promise<void> {
    await this.tasks.recordChange(manager, { taskId: task.id, officeCode: task.officeCode, kind: 'OPENED', level: task.level, at: task.openedAt });
    await this.outbox.appendEvent(manager, taskOpenedV1, {
      ...this.about(task, actor, task.openedAt),
      data: { ...facts(task), addressedRole: task.addressedRole, dueAt: task.dueAt.toISOString() },
    });
  }

  /** `task.level` is the level it reached. */
  public async escalated(manager: EntityManager, task: TaskFacts, at: Date, actor: EventActor): Promise<void> {
    await this.tasks.recordChange(manager, { taskId: task.id, officeCode: task.officeCode, kind: 'ESCALATED', level: task.level, at });
    await this.outbox.appendEvent(manager, taskEscalatedV1, { ...this.about(task, actor, at), data: { ...facts(task), escalatedAt: at.toISOString() } });
  }

  public async acknowledged(manager: EntityManager, task: TaskFacts, at: Date, actor: EventActor): Promise<void> {
    await this.tasks.recordChange(manager, { taskId: task.id, officeCode: task.officeCode, kind: 'ACKNOWLEDGED', level: task.level, at });
    await this.outbox.appendEvent(manager, taskAcknowledgedV1, { ...this.about(task, actor, at), data: { ...facts(task), acknowledgedAt: at.toISOString() } });
  }

  public async closed(manager: EntityManager, task: TaskFacts & { acknowledgedAt: Date | null }, closing: { at: Date; outcome: TaskOutcome }, actor: EventActor): Promise<void> {
    await this.tasks.recordChange(manager, { taskId: task.id, officeCode: task.officeCode, kind: 'CLOSED', level: task.level, at: closing.at });
    await this.outbox.appendEvent(manager, taskClosedV1, {
      ...this.about(task, actor, closing.at),
      data: {
        ...facts(task),
        ...(task.acknowledgedAt ? { acknowledgedAt: task.acknowledgedAt.toISOString() } : {}),
        closedAt: closing.at.toISOString(),
        outcome: closing.outcome,
      },
    });
  }

  public async transferred(manager: EntityManager, task: Pick<TaskRow, 'id' | 'level'>, officeCode: string, at: Date): Promise<void> {
    await this.tasks.recordChange(manager, { taskId: task.id, officeCode, kind: 'TRANSFERRED', level: task.level, at });
  }

  private about(task: TaskFacts, actor: EventActor, at: Date) {
    return { caseId: task.caseId, officeCode: task.officeCode as OfficeCode, actor, occurredAt: at };
  }
}
