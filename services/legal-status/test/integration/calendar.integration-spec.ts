import 'reflect-metadata';

import { mexicoCityDate, Role, WorkingDayCalendar } from '@opis/platform';

import { LegalTestBed, startLegalStatus } from './legal-harness';

/** The administrator's calendar (IP-08) moves the IP-02 decision date of a pending claim. */
describe('legal-status working-day calendar administration', () => {
  let bed: LegalTestBed;
  let officer: string;

  beforeAll(async () => {
    bed = await startLegalStatus('legal-calendar');
    officer = await bed.service.token(['officer'], ['CHP']);
  });

  afterAll(async () => {
    await bed?.close();
  });

  const decisionDueDate = async (caseId: string): Promise<string> =>
    (await bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: officer })).body.protection.decisionDueDate;
  const calendarAudit = async (): Promise<Array<{ action: string; outcome: string; actor_subject: string }>> =>
    bed.service.dataSource.query(`SELECT action, outcome, actor_subject FROM audit_log WHERE action LIKE 'calendar.%' ORDER BY occurred_at, id`);

  it('lets a national-admin add and remove holidays and suspensions, refuses every other role, and moves the decision date', async () => {
    const caseId = await bed.register();
    const filedAt = new Date(Date.now() - 60_000);
    const claim = await bed.service.request('POST', `/v1/cases/${caseId}/protection/claim`, {
      token: officer,
      body: { filedAt: filedAt.toISOString(), representative: 'Lic. R. Pérez (PPNNA)', interpreterId: 'int-quc-7' },
    });
    expect(claim.status).toBe(200);
    const federal = new WorkingDayCalendar();
    const start = mexicoCityDate(filedAt);
    const due = federal.addWorkingDays(start, 45);
    expect(claim.body.protection.decisionDueDate).toBe(due);

    const holiday = federal.addWorkingDays(start, 10);
    const from = federal.addWorkingDays(start, 3);
    const to = federal.addWorkingDays(start, 7);
    const suspension = { from, to, legalBasis: 'Acuerdo COMAR, DOF' };
    // National reference data (issue 19): an office's administrator and `national` are refused too.
    for (const roles of [['officer'], ['supervisor'], ['auditor'], ['office-admin'], ['national'], ['integration']] as Role[][]) {
      const token = await bed.service.token(roles, ['CHP']);
      expect((await bed.service.request('PUT', `/v1/calendar/holidays/${holiday}`, { token, body: { description: 'Día de asueto' } })).status).toBe(403);
      expect((await bed.service.request('DELETE', `/v1/calendar/holidays/${holiday}`, { token })).status).toBe(403);
      expect((await bed.service.request('POST', '/v1/calendar/suspensions', { token, body: suspension })).status).toBe(403);
    }
    expect([await bed.service.count('calendar_holiday'), await bed.service.count('clock_suspension')]).toEqual([0, 0]);
    expect(await decisionDueDate(caseId)).toBe(due);

    const nationalAdmin = await bed.service.token(['national-admin'], [], 'natadmin-1');
    const another = await bed.service.token(['national-admin'], [], 'natadmin-2');

    // A rest day inside the 45 working days moves the decision date by one working day.
    const added = await bed.service.request('PUT', `/v1/calendar/holidays/${holiday}`, { token: nationalAdmin, body: { description: 'Día de asueto' } });
    expect(added.status).toBe(200);
    expect(await decisionDueDate(caseId)).toBe(federal.addWorkingDays(due, 1));
    expect(await decisionDueDate(caseId)).toBe(new WorkingDayCalendar({ extraHolidays: [holiday] }).addWorkingDays(start, 45));
    expect((await bed.service.request('GET', '/v1/calendar', { token: officer })).body.holidays).toEqual([{ day: holiday, description: 'Día de asueto' }]);

    expect((await bed.service.request('DELETE', `/v1/calendar/holidays/${holiday}`, { token: another })).status).toBe(204);
    expect(await decisionDueDate(caseId)).toBe(due);
    expect((await bed.service.request('DELETE', `/v1/calendar/holidays/${holiday}`, { token: another })).status).toBe(404);
    expect((await bed.service.request('PUT', '/v1/calendar/holidays/2026-02-30', { token: another, body: { description: 'No existe' } })).status).toBe(400);

    // A suspension of five working days moves it by five.
    const suspended = await bed.service.request('POST', '/v1/calendar/suspensions', { token: another, body: suspension });
    expect(suspended.status).toBe(201);
    expect(federal.workingDaysBetween(from, to) + 1).toBe(5);
    expect(await decisionDueDate(caseId)).toBe(federal.addWorkingDays(due, 5));
    expect(await decisionDueDate(caseId)).toBe(new WorkingDayCalendar({ suspensions: [{ from, to }] }).addWorkingDays(start, 45));

    // Both together: the holiday falls after the suspension, so the two add up.
    expect((await bed.service.request('PUT', `/v1/calendar/holidays/${holiday}`, { token: another, body: { description: 'Día de asueto' } })).status).toBe(200);
    expect(await decisionDueDate(caseId)).toBe(federal.addWorkingDays(due, 6));

    expect(await calendarAudit()).toEqual([
      { action: 'calendar.holiday.put', outcome: 'allowed', actor_subject: 'natadmin-1' },
      { action: 'calendar.holiday.delete', outcome: 'allowed', actor_subject: 'natadmin-2' },
      // A change a rule refuses is audited too (the holiday already removed; 30 February).
      { action: 'calendar.holiday.delete', outcome: 'refused', actor_subject: 'natadmin-2' },
      { action: 'calendar.holiday.put', outcome: 'refused', actor_subject: 'natadmin-2' },
      { action: 'calendar.suspension.add', outcome: 'allowed', actor_subject: 'natadmin-2' },
      { action: 'calendar.holiday.put', outcome: 'allowed', actor_subject: 'natadmin-2' },
    ]);
  });
});
