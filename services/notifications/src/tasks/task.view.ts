import { RecipientReason, RecipientRow, TaskOutcome, TaskRow, TaskStatus } from './task.repository';

export interface TaskRecipientView {
  /** The person's pseudonymous subject (token `sub`), never a name. */
  subject: string;
  reason: RecipientReason;
  /** 0 addressed, 1 office supervisors, 2 national duty officer. */
  level: number;
  addedAt: string;
}

export interface TaskView {
  taskId: string;
  trigger: string;
  /** What the alert is about, as a code (a need, a clock, a topic, an incident type). */
  subject: string;
  caseId: string;
  /** Null until notifications has learnt it from intake's or care's events. */
  caseNumber: string | null;
  officeCode: string;
  addressedRole: 'OFFICER' | 'SUPERVISOR';
  /** 0 addressed, 1 escalated to the office's supervisors, 2 to the national duty officer. */
  level: number;
  status: TaskStatus;
  openedAt: string;
  dueAt: string;
  /** When it escalates if nobody acknowledges it; null once acknowledged, closed or at the top level. */
  escalatesAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  closedAt: string | null;
  /** `system` when the events closed it. */
  closedBy: string | null;
  outcome: TaskOutcome | null;
  recipients: TaskRecipientView[];
}

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function toTaskView(task: TaskRow, recipients: RecipientRow[]): TaskView {
  return {
    taskId: task.id,
    trigger: task.trigger,
    subject: task.subjectCode,
    caseId: task.caseId,
    caseNumber: task.caseNumber,
    officeCode: task.officeCode,
    addressedRole: task.addressedRole,
    level: task.level,
    status: task.status,
    openedAt: task.openedAt.toISOString(),
    dueAt: task.dueAt.toISOString(),
    escalatesAt: iso(task.escalateAt),
    acknowledgedAt: iso(task.acknowledgedAt),
    acknowledgedBy: task.acknowledgedBy,
    closedAt: iso(task.closedAt),
    closedBy: task.closedBy,
    outcome: task.outcome,
    recipients: recipients
      .filter((recipient) => recipient.taskId === task.id)
      .map((recipient) => ({ subject: recipient.subject, reason: recipient.reason, level: recipient.level, addedAt: recipient.addedAt.toISOString() })),
  };
}
