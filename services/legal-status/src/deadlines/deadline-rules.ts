import { LegalDeadline, LegalDeadlineLevel, protectionClaimedIn, ProtectionStatus } from '@opis/contracts-legal-status';
import { CalendarDate, mexicoCityDate, WorkingDayCalendar } from '@opis/platform';

import { LegalRecordEntity } from '../records/legal-record.entity';

export type DeadlineRecord = Pick<
  LegalRecordEntity,
  | 'protectionStatus'
  | 'claimFiledAt'
  | 'extensionGrantedAt'
  | 'comarNoticeDueAt'
  | 'comarNoticeReceivedAt'
  | 'residenceTaskOpenedAt'
  | 'residenceTaskDueOn'
  | 'residenceTaskCompletedAt'
>;

export interface DeadlinePolicy {
  /** IP-02: COMAR's term in working days (IP-03 doubles it once). */
  claimTermWorkingDays: number;
  /** IP-02: the working days of a term on which an approaching decision is alerted. */
  claimAlertWorkingDays: readonly number[];
}

/** An alert due now; `key` names the occurrence it belongs to, so it is raised once. */
export interface DueAlert {
  deadline: LegalDeadline;
  level: LegalDeadlineLevel;
  key: string;
  workingDay?: number;
  dueDate?: CalendarDate;
  dueAt?: string;
}

/**
 * IP-02, IP-03: alerts on working days 30 and 40 of COMAR's 45-day term and on its last day,
 * counted on the federal calendar with its suspensions (IP-08). Once extended, the same alerts
 * run in the second term (days 75, 85 and 90); those of the first term already raised stay raised.
 */
function claimAlerts(record: DeadlineRecord, calendar: WorkingDayCalendar, policy: DeadlinePolicy, today: CalendarDate): DueAlert[] {
  if (record.protectionStatus !== 'CLAIM_PENDING' || !record.claimFiledAt) return [];
  const filed = mexicoCityDate(record.claimFiledAt);
  const extended = record.extensionGrantedAt !== null;
  const offset = extended ? policy.claimTermWorkingDays : 0;
  const term = policy.claimTermWorkingDays * (extended ? 2 : 1);
  const dueDate = calendar.addWorkingDays(filed, term);
  const days: Array<[number, LegalDeadlineLevel]> = [
    ...policy.claimAlertWorkingDays.filter((day) => day < policy.claimTermWorkingDays).map((day): [number, LegalDeadlineLevel] => [offset + day, 'APPROACHING']),
    [term, 'DUE'],
  ];
  return days
    .filter(([day]) => today >= calendar.addWorkingDays(filed, day))
    .map(([day, level]) => ({ deadline: 'CLAIM_DECISION', level, key: `${record.claimFiledAt?.toISOString()}:${day}`, workingDay: day, dueDate }));
}

/** IP-04: COMAR's notice to INM is due 72 hours after the claim; missed, it alerts (no return step or consulate meanwhile). */
function comarNoticeAlerts(record: DeadlineRecord, now: Date): DueAlert[] {
  const due = record.comarNoticeDueAt;
  if (!due || record.comarNoticeReceivedAt || !protectionClaimedIn(record.protectionStatus as ProtectionStatus) || due.getTime() > now.getTime()) return [];
  return [{ deadline: 'COMAR_NOTICE', level: 'OVERDUE', key: due.toISOString(), dueAt: due.toISOString() }];
}

/** LM-17, IP-06: the permanent-residence task not completed by its due date. */
function residenceAlerts(record: DeadlineRecord, today: CalendarDate): DueAlert[] {
  if (!record.residenceTaskOpenedAt || record.residenceTaskCompletedAt || !record.residenceTaskDueOn || today <= record.residenceTaskDueOn) return [];
  return [{ deadline: 'RESIDENCE_TASK', level: 'OVERDUE', key: record.residenceTaskOpenedAt.toISOString(), dueDate: record.residenceTaskDueOn }];
}

/** Every alert the record's deadlines call for at `now`, raised or not. */
export function dueAlerts(record: DeadlineRecord, calendar: WorkingDayCalendar, policy: DeadlinePolicy, now: Date): DueAlert[] {
  const today = mexicoCityDate(now);
  return [...claimAlerts(record, calendar, policy, today), ...comarNoticeAlerts(record, now), ...residenceAlerts(record, today)];
}

/** Whether a residence task is past its due date and not done: shown in the record, alerted by the scanner. */
export function residenceTaskOverdue(record: DeadlineRecord, now: Date): boolean {
  return residenceAlerts(record, mexicoCityDate(now)).length > 0;
}
