import { Cell, Disclosure } from './report-format';
import { TaskResponseSummary } from './report.repository';

/** A type, not an interface: rows are written as CSV by their column names. */
export type TaskResponseRow = {
  trigger: string;
  office: string;
  opened: Cell;
  acknowledged: Cell;
  /** Reached the office's supervisors or the national duty officer before anyone acknowledged it. */
  escalated: Cell;
  /** Closed by a person or by the event that cleared it; replaced ones (SUPERSEDED) are left out. */
  resolved: Cell;
  medianMinutesToAcknowledge: number | null;
  p90MinutesToAcknowledge: number | null;
  medianMinutesToResolve: number | null;
};

export const TASK_RESPONSE_COLUMNS: ReadonlyArray<keyof TaskResponseRow> = [
  'trigger',
  'office',
  'opened',
  'acknowledged',
  'escalated',
  'resolved',
  'medianMinutesToAcknowledge',
  'p90MinutesToAcknowledge',
  'medianMinutesToResolve',
];

export const TASK_RESPONSE_BASIS =
  'alerts (notifications tasks) opened in the period, per trigger and the office that had them last; minutes from opening, to one decimal';

/** Minutes to one decimal: an alert is taken up in minutes, and seconds would be false precision. */
const minutes = (seconds: number | null): number | null => (seconds === null ? null : Math.round(seconds / 6) / 10);

/** Counts as disclosed to the reader; a median or p90 of fewer tasks than the threshold withheld from readers without case-level access. */
export function taskResponseRows(summaries: readonly TaskResponseSummary[], disclosure: Disclosure): TaskResponseRow[] {
  return summaries.map((row) => ({
    trigger: row.trigger,
    office: row.office,
    opened: disclosure.count(row.opened),
    acknowledged: disclosure.count(row.acknowledged),
    escalated: disclosure.count(row.escalated),
    resolved: disclosure.count(row.resolved),
    medianMinutesToAcknowledge: disclosure.statistic(row.acknowledged, minutes(row.medianSecondsToAcknowledge)),
    p90MinutesToAcknowledge: disclosure.statistic(row.acknowledged, minutes(row.p90SecondsToAcknowledge)),
    medianMinutesToResolve: disclosure.statistic(row.resolved, minutes(row.medianSecondsToResolve)),
  }));
}
