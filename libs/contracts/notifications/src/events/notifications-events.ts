import { IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';

import { defineEvent, EventContract } from '@opis/contracts-envelope';

import {
  ADDRESSED_ROLES,
  AddressedRole,
  TASK_LEVELS,
  TASK_OUTCOMES,
  TASK_TRIGGERS,
  TaskLevel,
  TaskOutcome,
  TaskTrigger,
} from '../vocabulary/notifications-vocabulary';

/*
 * A task's life for those who measure how alerts are taken up (statistics: time to acknowledge
 * and to resolve per trigger and office). The envelope carries the case and the task's office
 * at the time of the change (a transferred case's task moves with it). Codes and instants only:
 * never who was reached, an address, a case number or anything about the child.
 */

/** What every task event says: which task, what kind of alert, whom it has reached, when it opened. */
export class TaskFacts {
  @IsUUID()
  public taskId!: string;

  @IsIn(TASK_TRIGGERS)
  public trigger!: TaskTrigger;

  @IsIn(TASK_LEVELS)
  public level!: TaskLevel;

  @IsISO8601({ strict: true })
  public openedAt!: string;
}

export class TaskOpenedV1 extends TaskFacts {
  @IsIn(ADDRESSED_ROLES)
  public addressedRole!: AddressedRole;

  @IsISO8601({ strict: true })
  public dueAt!: string;
}

export const taskOpenedV1 = defineEvent({
  name: { service: 'notifications', aggregate: 'task', event: 'opened', version: 1 },
  dataClass: TaskOpenedV1,
  semantics: 'change',
  description:
    'An event that needs a person (an overdue deadline, a serious incident, a dead letter...) opened a task for the case’s office, addressed by its trigger’s escalation rule. One per triggering event, however often that event is delivered.',
  example: {
    taskId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9e01',
    trigger: 'CARE_SERIOUS_INCIDENT',
    level: 0,
    openedAt: '2026-11-29T22:11:00.000Z',
    addressedRole: 'SUPERVISOR',
    dueAt: '2026-11-29T22:41:00.000Z',
  },
});

export class TaskEscalatedV1 extends TaskFacts {
  @IsISO8601({ strict: true })
  public escalatedAt!: string;
}

export const taskEscalatedV1 = defineEvent({
  name: { service: 'notifications', aggregate: 'task', event: 'escalated', version: 1 },
  dataClass: TaskEscalatedV1,
  semantics: 'change',
  description: 'Nobody acknowledged the task in its rule’s time: it reached the next level (`level` 1 the office’s supervisors, 2 the national duty officer).',
  example: {
    taskId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9e01',
    trigger: 'CARE_SERIOUS_INCIDENT',
    level: 2,
    openedAt: '2026-11-29T22:11:00.000Z',
    escalatedAt: '2026-11-29T22:26:00.000Z',
  },
});

export class TaskAcknowledgedV1 extends TaskFacts {
  @IsISO8601({ strict: true })
  public acknowledgedAt!: string;
}

export const taskAcknowledgedV1 = defineEvent({
  name: { service: 'notifications', aggregate: 'task', event: 'acknowledged', version: 1 },
  dataClass: TaskAcknowledgedV1,
  semantics: 'change',
  description: 'A person acknowledged the task (its escalation stops); `level` is whom it had reached by then. Once per task.',
  example: {
    taskId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9e01',
    trigger: 'CARE_SERIOUS_INCIDENT',
    level: 0,
    openedAt: '2026-11-29T22:11:00.000Z',
    acknowledgedAt: '2026-11-29T22:19:30.000Z',
  },
});

export class TaskClosedV1 extends TaskFacts {
  /** When it was acknowledged, if it was before it closed. */
  @IsOptional()
  @IsISO8601({ strict: true })
  public acknowledgedAt?: string;

  @IsISO8601({ strict: true })
  public closedAt!: string;

  /** A person's (RESOLVED, NO_ACTION_NEEDED, REFERRED, FALSE_ALARM), or the events': CLEARED (the condition cleared), SUPERSEDED (a later alert of the same condition replaced it). */
  @IsIn(TASK_OUTCOMES)
  public outcome!: TaskOutcome;
}

export const taskClosedV1 = defineEvent({
  name: { service: 'notifications', aggregate: 'task', event: 'closed', version: 1 },
  dataClass: TaskClosedV1,
  semantics: 'change',
  description: 'The task closed: by a person with an outcome, by the event that cleared its condition (CLEARED), or replaced by a later alert of the same condition (SUPERSEDED). Once per task.',
  example: {
    taskId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9e01',
    trigger: 'CARE_SERIOUS_INCIDENT',
    level: 0,
    openedAt: '2026-11-29T22:11:00.000Z',
    acknowledgedAt: '2026-11-29T22:19:30.000Z',
    closedAt: '2026-11-29T23:02:00.000Z',
    outcome: 'RESOLVED',
  },
});

/** Every notifications event contract, for catalogs, consumers and tests. */
export const NOTIFICATIONS_EVENTS: readonly EventContract[] = [taskOpenedV1, taskEscalatedV1, taskAcknowledgedV1, taskClosedV1];
