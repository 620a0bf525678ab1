// The office's open alerts (notifications' tasks) for supervisors: the ones nobody has acknowledged
// yet, most urgent first. Acknowledging one is an act of the person on duty, sent at once, never
// kept on the device to be sent later.
import { BodyOf } from './client';

export type TaskPage = BodyOf<'notifications', '/v1/tasks', 'get'>;
export type Task = TaskPage['items'][number];

/** Open, across the caller's offices (notifications keeps the office scope); newest first as it answers. */
export const OPEN_ALERTS_PATH = '/v1/tasks?status=OPEN&limit=100';

export const acknowledgePath = (taskId: string): string => `/v1/tasks/${encodeURIComponent(taskId)}/acknowledge`;

export function isOverdue(task: Pick<Task, 'dueAt'>, now = Date.now()): boolean {
  return Date.parse(task.dueAt) < now;
}

/**
 * Most urgent first: overdue before on time; then the more escalated (national, then supervisors);
 * then the soonest to escalate or fall due, whichever comes first.
 */
export function byAlertUrgency<T extends Pick<Task, 'dueAt' | 'escalatesAt' | 'level' | 'taskId'>>(tasks: readonly T[], now = Date.now()): T[] {
  const next = (task: T) => Math.min(Date.parse(task.dueAt), task.escalatesAt ? Date.parse(task.escalatesAt) : Number.POSITIVE_INFINITY);
  return [...tasks].sort(
    (a, b) => Number(isOverdue(b, now)) - Number(isOverdue(a, now)) || b.level - a.level || next(a) - next(b) || a.taskId.localeCompare(b.taskId),
  );
}
