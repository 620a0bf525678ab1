import { MpNoticeTaskEntity } from '../cases/case-records.entity';

/** RLM-05's notice to the Public Prosecutor as a task: waiting, past due, done, or withdrawn by a correction. */
export type MpNoticeState = 'PENDING' | 'OVERDUE' | 'MET' | 'CANCELLED';

export interface MpNoticeView {
  state: MpNoticeState;
  openedAt: string;
  dueAt: string;
  /** The due time passed before the notice (the notice may exist now). */
  overdue: boolean;
  cancelledAt: string | null;
  notifiedAt: string | null;
  notifiedBy: string | null;
  mpOffice: string | null;
  mpReference: string | null;
  recordedBy: string | null;
  recordedAt: string | null;
}

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function mpNoticeView(task: MpNoticeTaskEntity | null, now: Date): MpNoticeView | null {
  if (!task) return null;
  const reference = task.notifiedAt ?? task.cancelledAt ?? now;
  let state: MpNoticeState;
  if (task.notifiedAt) state = 'MET';
  else if (task.cancelledAt) state = 'CANCELLED';
  else if (now >= task.dueAt) state = 'OVERDUE';
  else state = 'PENDING';
  return {
    state,
    openedAt: task.openedAt.toISOString(),
    dueAt: task.dueAt.toISOString(),
    overdue: reference >= task.dueAt,
    cancelledAt: iso(task.cancelledAt),
    notifiedAt: iso(task.notifiedAt),
    notifiedBy: task.notifiedBy,
    mpOffice: task.mpOffice,
    mpReference: task.mpReference,
    recordedBy: task.recordedBy,
    recordedAt: iso(task.recordedAt),
  };
}

/** RLM-05: when the notice to the Public Prosecutor is due, for indicators recorded at `openedAt`. */
export function mpNoticeDueAt(openedAt: Date, dueMinutes: number): Date {
  return new Date(openedAt.getTime() + dueMinutes * 60_000);
}
