import { WorkingDayCalendar } from '@opis/platform';

import { DeadlinePolicy, DeadlineRecord, dueAlerts, residenceTaskOverdue } from './deadline-rules';

const calendar = new WorkingDayCalendar();
const policy: DeadlinePolicy = { claimTermWorkingDays: 45, claimAlertWorkingDays: [30, 40] };
const none: DeadlineRecord = {
  protectionStatus: 'NOT_ASSESSED',
  claimFiledAt: null,
  extensionGrantedAt: null,
  comarNoticeDueAt: null,
  comarNoticeReceivedAt: null,
  residenceTaskOpenedAt: null,
  residenceTaskDueOn: null,
  residenceTaskCompletedAt: null,
};
// Filed on Monday 2027-03-01 in Mexico City; day n of the term is the calendar's n-th working day after it, at noon there.
const filedAt = new Date('2027-03-01T16:00:00Z');
const day = (n: number) => new Date(`${calendar.addWorkingDays('2027-03-01', n)}T18:00:00Z`);
const claim: DeadlineRecord = { ...none, protectionStatus: 'CLAIM_PENDING', claimFiledAt: filedAt, comarNoticeDueAt: new Date(filedAt.getTime() + 72 * 3_600_000), comarNoticeReceivedAt: filedAt };

describe('legal deadlines that alert (IP-02, IP-03, IP-04, LM-17, IP-06)', () => {
  it('alerts on working days 30 and 40 of COMAR’s term and on day 45, each from its day on', () => {
    expect(dueAlerts(claim, calendar, policy, new Date(day(30).getTime() - 86_400_000))).toEqual([]);
    expect(dueAlerts(claim, calendar, policy, day(30))).toEqual([
      { deadline: 'CLAIM_DECISION', level: 'APPROACHING', key: `${filedAt.toISOString()}:30`, workingDay: 30, dueDate: calendar.addWorkingDays('2027-03-01', 45) },
    ]);
    expect(dueAlerts(claim, calendar, policy, day(45)).map((alert) => [alert.level, alert.workingDay])).toEqual([
      ['APPROACHING', 30],
      ['APPROACHING', 40],
      ['DUE', 45],
    ]);
    // A decision ends the clock.
    expect(dueAlerts({ ...claim, protectionStatus: 'RECOGNIZED_REFUGEE' }, calendar, policy, day(45))).toEqual([]);
  });

  it('runs the same alerts in the extended term (IP-03): days 75, 85 and 90', () => {
    const extended = { ...claim, extensionGrantedAt: day(20) };
    expect(dueAlerts(extended, calendar, policy, day(45))).toEqual([]);
    expect(dueAlerts(extended, calendar, policy, day(90)).map((alert) => [alert.level, alert.workingDay, alert.dueDate])).toEqual([
      ['APPROACHING', 75, calendar.addWorkingDays('2027-03-01', 90)],
      ['APPROACHING', 85, calendar.addWorkingDays('2027-03-01', 90)],
      ['DUE', 90, calendar.addWorkingDays('2027-03-01', 90)],
    ]);
  });

  it('alerts once COMAR’s 72-hour notice is missed, while a claim stands (IP-04)', () => {
    const waiting = { ...claim, comarNoticeReceivedAt: null };
    const due = waiting.comarNoticeDueAt as Date;
    expect(dueAlerts(waiting, calendar, policy, new Date(due.getTime() - 1)).filter((alert) => alert.deadline === 'COMAR_NOTICE')).toEqual([]);
    expect(dueAlerts(waiting, calendar, policy, due)).toEqual([{ deadline: 'COMAR_NOTICE', level: 'OVERDUE', key: due.toISOString(), dueAt: due.toISOString() }]);
    expect(dueAlerts({ ...waiting, protectionStatus: 'WITHDRAWN' }, calendar, policy, due)).toEqual([]);
  });

  it('alerts on a permanent-residence task not done by its due date (LM-17, IP-06)', () => {
    const task = { ...none, protectionStatus: 'RECOGNIZED_REFUGEE' as const, residenceTaskOpenedAt: filedAt, residenceTaskDueOn: '2027-04-12' };
    expect(dueAlerts(task, calendar, policy, new Date('2027-04-12T23:00:00Z'))).toEqual([]);
    expect(residenceTaskOverdue(task, new Date('2027-04-13T18:00:00Z'))).toBe(true);
    expect(dueAlerts(task, calendar, policy, new Date('2027-04-13T18:00:00Z'))).toEqual([
      { deadline: 'RESIDENCE_TASK', level: 'OVERDUE', key: filedAt.toISOString(), dueDate: '2027-04-12' },
    ]);
    expect(dueAlerts({ ...task, residenceTaskCompletedAt: new Date('2027-04-10T18:00:00Z') }, calendar, policy, new Date('2027-05-01T18:00:00Z'))).toEqual([]);
  });
});
