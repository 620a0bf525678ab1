// The office worklist gathers what is due from the services that own each duty: care's unmet
// needs, intake's INV-03 clocks (Procuraduría notification and hand-over to DIF), and the alerts
// of notifications (first calls among them). Overdue first, then soonest due.
import { ApiCall, BodyOf } from './client';

export type CareWorklist = BodyOf<'care', '/v1/worklist', 'get'>;
export type IntakeCases = BodyOf<'intake', '/v1/cases', 'get'>;

export interface TaskPage {
  items: { taskId: string; trigger: string; subject: string; caseId: string; caseNumber: string | null; dueAt: string; status: string }[];
}

export interface WorklistRow {
  key: string;
  caseId: string;
  caseNumber: string;
  kind: 'need' | 'inv03' | 'task';
  /** A need, or an alert's trigger (what kind of alert it is). */
  subject: string;
  dueAt: string | null;
  overdue: boolean;
}

export function careRows(page: CareWorklist): WorklistRow[] {
  return page.items.map((item) => ({
    key: `need-${item.caseId}-${item.need}`,
    caseId: item.caseId,
    caseNumber: item.caseNumber,
    kind: 'need',
    subject: item.need,
    dueAt: item.dueAt,
    overdue: item.overdue,
  }));
}

export function intakeRows(page: IntakeCases): WorklistRow[] {
  return page.items
    .filter((item) => item.stage === 'NOTIFYING_PROCURADURIA' || item.stage === 'CHANNELLING_TO_DIF' || item.overdue)
    .map((item) => ({ key: `inv03-${item.caseId}`, caseId: item.caseId, caseNumber: item.caseNumber, kind: 'inv03', subject: item.stage, dueAt: null, overdue: item.overdue }));
}

export function taskRows(page: TaskPage, now = Date.now()): WorklistRow[] {
  return page.items
    .filter((task) => task.status !== 'CLOSED')
    .map((task) => ({
      key: `task-${task.taskId}`,
      caseId: task.caseId,
      caseNumber: task.caseNumber ?? '',
      kind: 'task',
      subject: task.trigger,
      dueAt: task.dueAt,
      overdue: Date.parse(task.dueAt) < now,
    }));
}

/** Overdue first; within each, the soonest due first; rows without a due time last of their group. */
export function byUrgency(rows: WorklistRow[]): WorklistRow[] {
  const due = (row: WorklistRow) => (row.dueAt ? Date.parse(row.dueAt) : Number.POSITIVE_INFINITY);
  return [...rows].sort((a, b) => Number(b.overdue) - Number(a.overdue) || due(a) - due(b) || a.caseNumber.localeCompare(b.caseNumber));
}

export const WORKLIST_SOURCES = [
  { name: 'care', path: '/v1/worklist?limit=100', rows: (body: unknown) => careRows(body as CareWorklist) },
  { name: 'intake', path: '/v1/cases?status=OPEN&limit=100', rows: (body: unknown) => intakeRows(body as IntakeCases) },
  { name: 'notifications', path: '/v1/tasks?status=OPEN&limit=100', rows: (body: unknown) => taskRows(body as TaskPage) },
] as const;

export function fetchSource(call: ApiCall, source: (typeof WORKLIST_SOURCES)[number]): Promise<WorklistRow[]> {
  return call(source.name, source.path).then(source.rows);
}
