import 'reflect-metadata';

import { EventEnvelope } from '@opis/contracts-envelope';
import { DeadlineAlertedV1 } from '@opis/contracts-legal-status';
import { mexicoCityDate, WorkingDayCalendar } from '@opis/platform';

import { DeadlineScanner } from '../../src/deadlines/deadline-scanner.service';
import { setup } from './legal-fixtures';
import { auditTrail, LegalTestBed, outboxEvents, startLegalStatus } from './legal-harness';

/** Issue 18 item 10: deadlines that alert (IP-02, IP-03, IP-04) and the permanent-residence task (LM-17, IP-06). */
describe('legal-status: deadlines that alert', () => {
  let bed: LegalTestBed;
  let officer: string;
  let supervisor: string;
  let scanner: DeadlineScanner;
  const calendar = new WorkingDayCalendar();

  beforeAll(async () => {
    bed = await startLegalStatus('legal-deadlines');
    officer = await bed.service.token(['officer'], ['CHP'], 'opi-chp-0042');
    supervisor = await bed.service.token(['supervisor'], ['CHP'], 'supervisor-CHP');
    scanner = bed.service.app.get(DeadlineScanner);
  });

  afterAll(async () => {
    await bed?.close();
  });

  const alerts = async (caseId: string) =>
    (await outboxEvents(bed.service, 'legal.deadline.alerted', caseId)).map((event) => (event.payload as EventEnvelope<DeadlineAlertedV1>).data);
  const claim = (filedAt: Date) => ({ filedAt: filedAt.toISOString(), representative: 'Lic. R. Pérez', interpreterId: 'int-quc-7' });
  /** Noon in Mexico City on the n-th working day after `date`. */
  const workingDay = (date: string, n: number) => new Date(`${calendar.addWorkingDays(date, n)}T18:00:00Z`);

  it('alerts on working days 30 and 40 of a pending claim and on its last day, each once; an extension runs them again in its term (IP-02, IP-03)', async () => {
    const call = setup(bed, officer);
    const caseId = await bed.register();
    const filedAt = new Date(Date.now() - 60_000);
    await call(caseId, 'POST', 'protection/claim', claim(filedAt));
    await call(caseId, 'POST', 'protection/comar-notice', { at: new Date().toISOString() });
    const filed = mexicoCityDate(filedAt);
    const dueDate = calendar.addWorkingDays(filed, 45);

    await scanner.runOnce(new Date());
    await scanner.runOnce(new Date(workingDay(filed, 30).getTime() - 86_400_000));
    expect(await alerts(caseId)).toEqual([]);
    await scanner.runOnce(workingDay(filed, 30));
    await scanner.runOnce(workingDay(filed, 30));
    expect(await alerts(caseId)).toEqual([{ deadline: 'CLAIM_DECISION', level: 'APPROACHING', workingDay: 30, dueDate }]);
    await scanner.runOnce(workingDay(filed, 45));
    expect(await alerts(caseId)).toEqual([
      { deadline: 'CLAIM_DECISION', level: 'APPROACHING', workingDay: 30, dueDate },
      { deadline: 'CLAIM_DECISION', level: 'APPROACHING', workingDay: 40, dueDate },
      { deadline: 'CLAIM_DECISION', level: 'DUE', workingDay: 45, dueDate },
    ]);

    await call(caseId, 'POST', 'protection/extension', { at: new Date().toISOString() });
    await scanner.runOnce(workingDay(filed, 75));
    const extendedDue = calendar.addWorkingDays(filed, 90);
    expect((await alerts(caseId)).slice(3)).toEqual([{ deadline: 'CLAIM_DECISION', level: 'APPROACHING', workingDay: 75, dueDate: extendedDue }]);

    // A decision ends the clock: nothing more, whenever the scanner runs.
    await call(caseId, 'POST', 'protection/decision', { decision: 'DENIED', decidedAt: new Date().toISOString() });
    await scanner.runOnce(workingDay(filed, 95));
    expect(await alerts(caseId)).toHaveLength(4);
  });

  it('alerts once when COMAR’s 72-hour notice to INM was not received, and not when it was (IP-04)', async () => {
    const call = setup(bed, officer);
    const late = await bed.register({ detectedAt: new Date(Date.now() - 5 * 86_400_000).toISOString() });
    const received = await bed.register({ detectedAt: new Date(Date.now() - 5 * 86_400_000).toISOString() });
    const filedAt = new Date(Date.now() - 73 * 3_600_000);
    await call(late, 'POST', 'protection/claim', claim(filedAt));
    await call(received, 'POST', 'protection/claim', claim(filedAt));
    await call(received, 'POST', 'protection/comar-notice', { at: new Date(filedAt.getTime() + 3_600_000).toISOString() });

    await scanner.runOnce();
    await scanner.runOnce();
    const dueAt = new Date(filedAt.getTime() + 72 * 3_600_000).toISOString();
    expect(await alerts(late)).toEqual([{ deadline: 'COMAR_NOTICE', level: 'OVERDUE', dueAt }]);
    expect(await alerts(received)).toEqual([]);
    expect((await bed.service.request('GET', `/v1/cases/${late}/legal`, { token: officer })).body.protection).toMatchObject({ comarNoticeDueAt: dueAt, comarNoticeOverdue: true });
  });

  describe('the permanent-residence task (LM-17, IP-06)', () => {
    const granted = async () => {
      const call = setup(bed, officer);
      const caseId = await bed.register();
      await call(caseId, 'POST', 'protection/claim', claim(new Date(Date.now() - 60_000)));
      await call(caseId, 'POST', 'protection/comar-notice', { at: new Date().toISOString() });
      const decided = await call(caseId, 'POST', 'protection/decision', { decision: 'COMPLEMENTARY_PROTECTION', decidedAt: new Date().toISOString() });
      return { caseId, decided };
    };

    it('opens with a positive decision, owned by the officer who recorded it, due in 30 working days; alerts once overdue; a supervisor reassigns it', async () => {
      const { caseId, decided } = await granted();
      const dueDate = calendar.addWorkingDays(mexicoCityDate(new Date()), 30);
      expect((decided as { protection: unknown }).protection).toMatchObject({
        status: 'COMPLEMENTARY_PROTECTION',
        residenceTask: { owner: 'opi-chp-0042', dueDate, overdue: false, completedAt: null },
      });
      expect((await outboxEvents(bed.service, 'legal.residence-task.changed', caseId)).map((event) => event.payload.data)).toEqual([
        { status: 'OPEN', dueDate, owner: 'opi-chp-0042' },
      ]);

      await scanner.runOnce(new Date(`${dueDate}T18:00:00Z`));
      expect(await alerts(caseId)).toEqual([]);
      const after = workingDay(dueDate, 1);
      await scanner.runOnce(after);
      await scanner.runOnce(after);
      expect(await alerts(caseId)).toEqual([{ deadline: 'RESIDENCE_TASK', level: 'OVERDUE', dueDate }]);

      expect((await bed.service.request('PUT', `/v1/cases/${caseId}/residence-task/owner`, { token: officer, body: { owner: 'opi-chp-0099' } })).status).toBe(403);
      const reassigned = await bed.service.request('PUT', `/v1/cases/${caseId}/residence-task/owner`, { token: supervisor, body: { owner: 'opi-chp-0099' } });
      expect(reassigned.status).toBe(200);
      expect(reassigned.body.protection.residenceTask).toMatchObject({ owner: 'opi-chp-0099', dueDate });
      expect((await outboxEvents(bed.service, 'legal.residence-task.changed', caseId)).at(-1)?.payload.data).toEqual({ status: 'OPEN', dueDate, owner: 'opi-chp-0099' });
    });

    it('is completed with the document that shows it, once; a case without a task refuses completion as LM-17', async () => {
      const { caseId } = await granted();
      const done = await bed.service.request('POST', `/v1/cases/${caseId}/residence-task/completion`, {
        token: officer,
        body: { completedAt: new Date().toISOString(), documentReference: 'INM/RP/2026/5531' },
      });
      expect(done.status).toBe(200);
      expect(done.body.protection.residenceTask).toMatchObject({ completedBy: 'opi-chp-0042', documentReference: 'INM/RP/2026/5531', overdue: false });
      expect((await outboxEvents(bed.service, 'legal.residence-task.changed', caseId)).at(-1)?.payload.data).toMatchObject({ status: 'COMPLETED' });
      await scanner.runOnce(workingDay(mexicoCityDate(new Date()), 40));
      expect(await alerts(caseId)).toEqual([]);

      const again = await bed.service.request('POST', `/v1/cases/${caseId}/residence-task/completion`, {
        token: officer,
        body: { completedAt: new Date().toISOString(), documentReference: 'INM/RP/2026/5531' },
      });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'RESIDENCE_TASK_STATE', rule: 'LM-17' });
      const none = await bed.register();
      const nothing = await bed.service.request('POST', `/v1/cases/${none}/residence-task/completion`, {
        token: officer,
        body: { completedAt: new Date().toISOString(), documentReference: 'INM/RP/2026/5531' },
      });
      expect(nothing.body).toMatchObject({ status: 409, code: 'RESIDENCE_TASK_STATE', rule: 'LM-17' });
      expect(await auditTrail(bed.service, none, 'residence-task.complete')).toEqual([{ outcome: 'refused', reason: 'RESIDENCE_TASK_STATE LM-17' }]);
    });
  });
});
