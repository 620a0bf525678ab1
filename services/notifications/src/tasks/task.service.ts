import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import {
  AuditTrail,
  Caller,
  decodeKeysetCursor,
  DEFAULT_PAGE_SIZE,
  DomainError,
  encodeKeysetCursor,
  Page,
  ResourceNotFoundError,
  visibleOffices,
} from '@opis/platform';

import { Clock } from '../clock';
import { NotificationsConfig } from '../notifications.config';
import { NotificationsConflict, NotificationsErrorCode } from '../notifications.exception';
import { ListTasksQuery } from './task.dto';
import { TaskChanges } from './task-changes';
import { TaskMetrics } from './task-metrics';
import { PersonOutcome, TaskRepository, TaskRow } from './task.repository';
import { toTaskView, TaskView } from './task.view';

/**
 * Tasks through the API: lists, acknowledging and closing. Another office's task is answered as
 * missing (404); every read and change is in the audit trail with the task's case.
 */
@Injectable()
export class TaskService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tasks: TaskRepository,
    private readonly changes: TaskChanges,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly config: NotificationsConfig,
    private readonly metrics: TaskMetrics,
  ) {}

  public officesOf(caller: Caller): OfficeCode[] {
    return visibleOffices(caller.principal, this.config.OFFICES);
  }

  public async list(caller: Caller, query: ListTasksQuery): Promise<Page<TaskView>> {
    const after = query.cursor ? decodeKeysetCursor(query.cursor) : undefined;
    const visible = this.officesOf(caller);
    const offices = query.office ? visible.filter((office) => office === query.office) : visible;
    if (offices.length === 0) return { items: [], nextCursor: null };
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const manager = this.dataSource.manager;
    const rows = await this.tasks.list(
      manager,
      { offices, mine: query.mine ? caller.principal.subject : undefined, statuses: query.status ? [query.status] : undefined, caseId: query.caseId },
      limit + 1,
      after && { at: after.at, id: after.id },
    );
    const page = rows.slice(0, limit);
    const recipients = await this.tasks.recipientsOf(manager, page.map((task) => task.id));
    // Each case a list shows is a read of that case's alerts.
    const cases = [...new Map(page.map((task) => [task.caseId, task.officeCode])).entries()];
    await this.audit.recordMany(
      cases.map(([caseId, officeCode]) => ({ actor: caller.principal, action: 'task.list', caseId, officeCode: officeCode as OfficeCode, outcome: 'allowed' as const, ...caller.meta })),
    );
    const last = page.at(-1);
    return {
      items: page.map((task) => toTaskView(task, recipients)),
      nextCursor: last && rows.length > limit ? encodeKeysetCursor({ at: last.openedAt, id: last.id }) : null,
    };
  }

  public async get(caller: Caller, taskId: string): Promise<TaskView> {
    return this.change(caller, 'task.read', taskId, async (_manager, task) => task);
  }

  /** Acknowledging stops the escalation; a second acknowledgement changes nothing. */
  public async acknowledge(caller: Caller, taskId: string): Promise<TaskView> {
    let acknowledged: TaskRow | undefined;
    const view = await this.change(caller, 'task.acknowledge', taskId, async (manager, task) => {
      if (task.status === 'CLOSED') throw this.closed();
      if (task.status === 'ACKNOWLEDGED') return task;
      const now = this.clock.now();
      await this.tasks.acknowledge(manager, task.id, now, caller.principal.subject);
      await this.changes.acknowledged(manager, task, now, { kind: 'officer', id: caller.principal.subject });
      acknowledged = { ...task, status: 'ACKNOWLEDGED', acknowledgedAt: now, acknowledgedBy: caller.principal.subject, escalateAt: null };
      return acknowledged;
    });
    // Observed once committed, and only for the acknowledgement that changed the task.
    if (acknowledged?.acknowledgedAt) this.metrics.acknowledged(acknowledged.trigger, acknowledged.openedAt, acknowledged.acknowledgedAt);
    return view;
  }

  public async close(caller: Caller, taskId: string, outcome: PersonOutcome): Promise<TaskView> {
    return this.change(caller, 'task.close', taskId, async (manager, task) => {
      if (task.status === 'CLOSED') throw this.closed();
      const now = this.clock.now();
      await this.tasks.close(manager, task.id, now, caller.principal.subject, outcome);
      await this.changes.closed(manager, task, { at: now, outcome }, { kind: 'officer', id: caller.principal.subject });
      return { ...task, status: 'CLOSED', closedAt: now, closedBy: caller.principal.subject, outcome, escalateAt: null };
    });
  }

  /** The task locked, in scope or 404; the audit row commits with the change, a refusal is recorded apart. */
  private async change(caller: Caller, action: string, taskId: string, act: (manager: EntityManager, task: TaskRow) => Promise<TaskRow>): Promise<TaskView> {
    let found: TaskRow | null = null;
    try {
      return await this.dataSource.transaction(async (manager) => {
        found = await this.tasks.find(manager, taskId, { lock: action !== 'task.read' });
        if (!found || !this.officesOf(caller).includes(found.officeCode as OfficeCode)) {
          found = null;
          throw new ResourceNotFoundError('task');
        }
        const task = await act(manager, found);
        await this.audit.record(
          { actor: caller.principal, action, caseId: task.caseId, officeCode: task.officeCode as OfficeCode, outcome: 'allowed', ...caller.meta },
          manager,
        );
        return toTaskView(task, await this.tasks.recipientsOf(manager, [task.id]));
      });
    } catch (error) {
      if (error instanceof DomainError) {
        const task = found as TaskRow | null;
        await this.audit.record({
          actor: caller.principal,
          action,
          caseId: task?.caseId ?? null,
          officeCode: (task?.officeCode as OfficeCode | undefined) ?? null,
          outcome: 'refused',
          reason: error.code,
          ...caller.meta,
        });
      }
      throw error;
    }
  }

  private closed(): NotificationsConflict {
    return new NotificationsConflict(NotificationsErrorCode.TASK_CLOSED, 'The task is closed already.', [
      { field: 'taskId', rule: 'open', message: 'the task must be open or acknowledged' },
    ]);
  }
}
