import { careNeedOverdueV1 } from '@opis/contracts-care';
import { createHttpApp } from '@opis/platform';
import { waitFor } from '@opis/testing';

import { ControllableClock } from '../../src/clock';
import { EscalationJob } from '../../src/escalation/escalation.job';
import { NotificationsConfig } from '../../src/notifications.config';
import { NotificationsModule } from '../../src/notifications.module';
import { NotificationsTestBed, startNotificationsTestBed } from './notifications-harness';

const iso = (minutesFromNow: number): string => new Date(Date.now() + minutesFromNow * 60_000).toISOString();

/**
 * Issue 22, escalation: a task nobody acknowledges goes to the office's supervisors, then to the
 * national duty officer, on the minutes its rule (data, per trigger and office) gives; the timer
 * is read from a clock the test moves. The job runs here only when the test says, so that
 * several concurrent runs (as several instances would) can be seen to escalate each task once.
 */
describe('notifications: escalation by rules kept as data', () => {
  let bed: NotificationsTestBed;
  let job: EscalationJob;

  const levelOf = async (taskId: string): Promise<number> =>
    Number((await bed.service.dataSource.query(`SELECT level FROM task WHERE id = $1`, [taskId]))[0].level);

  /** Four runs at once, as four instances would run them. */
  const runEverywhere = async (): Promise<number> => (await Promise.all([1, 2, 3, 4].map(() => job.runOnce(bed.clock.now())))).reduce((a, b) => a + b, 0);

  const openNeedTask = async (): Promise<string> => {
    const { caseId } = await bed.registerCase('CHP');
    await bed.publish(careNeedOverdueV1, caseId, 'CHP', { need: 'FOOD', detectedAt: iso(-180), dueAt: iso(-60) });
    await bed.consumed();
    return (await bed.tasksOf(caseId))[0].id;
  };

  beforeAll(async () => {
    bed = await startNotificationsTestBed('escalation', { NOTIFY_ESCALATION_INTERVAL_MS: '3600000' });
    job = bed.service.app.get(EscalationJob);
    await bed.onDuty({ subject: 'opi-chp-duty', role: 'OFFICER', officeCode: 'CHP' });
    await bed.onDuty({ subject: 'sup-chp-1', role: 'SUPERVISOR', officeCode: 'CHP', email: 'sup.chp@inm.invalid' });
    await bed.onDuty({ subject: 'duty-national', role: 'NATIONAL_DUTY', email: 'guardia.nacional@inm.invalid', phone: '+525512345678' });
  });

  afterAll(async () => {
    await bed?.close();
  });

  it("goes to the office's supervisors, then to the national duty officer, each step once however many instances run", async () => {
    const taskId = await openNeedTask();
    // The national default for CARE_NEED_OVERDUE: 15 minutes to acknowledge, then 30 at the supervisors.
    bed.clock.advance(14);
    expect(await runEverywhere()).toBe(0);
    bed.clock.advance(2);
    expect(await runEverywhere()).toBe(1);
    expect(await levelOf(taskId)).toBe(1);
    bed.clock.advance(31);
    expect(await runEverywhere()).toBe(1);
    expect(await levelOf(taskId)).toBe(2);
    bed.clock.advance(600);
    expect(await runEverywhere()).toBe(0);

    const changes = await bed.service.dataSource.query(`SELECT kind, level FROM task_change WHERE task_id = $1 ORDER BY seq`, [taskId]);
    expect(changes).toEqual([
      { kind: 'OPENED', level: 0 },
      { kind: 'ESCALATED', level: 1 },
      { kind: 'ESCALATED', level: 2 },
    ]);
    const recipients = await bed.service.dataSource.query(`SELECT subject, reason, level FROM task_recipient WHERE task_id = $1 ORDER BY level`, [taskId]);
    expect(recipients).toEqual([
      { subject: 'opi-chp-duty', reason: 'ON_SHIFT', level: 0 },
      { subject: 'sup-chp-1', reason: 'SUPERVISOR', level: 1 },
      { subject: 'duty-national', reason: 'NATIONAL_DUTY', level: 2 },
    ]);
    // Each step reached its people by their channels, once.
    await waitFor('the escalation messages', () => bed.mail.to('guardia.nacional@inm.invalid').length === 1 && bed.sms.messages.length === 1);
    expect(bed.mail.to('sup.chp@inm.invalid')).toHaveLength(1);
    expect(bed.sms.messages[0]).toEqual(expect.objectContaining({ to: '+525512345678', authorization: 'Bearer sms-test-token' }));
  });

  it('stops escalating once someone acknowledges the task', async () => {
    const taskId = await openNeedTask();
    const officer = await bed.service.token(['officer'], ['CHP'], 'opi-chp-duty');
    const ack = await bed.service.request('POST', `/v1/tasks/${taskId}/acknowledge`, { token: officer });
    expect(ack.status).toBe(200);
    expect(ack.body).toEqual(expect.objectContaining({ status: 'ACKNOWLEDGED', acknowledgedBy: 'opi-chp-duty', escalatesAt: null }));
    bed.clock.advance(24 * 60);
    await runEverywhere();
    expect(await levelOf(taskId)).toBe(0);
  });

  it("follows an office's own rule over the national default, for tasks opened after it", async () => {
    const admin = await bed.service.token(['office-admin'], ['CHP'], 'adm-chp');
    const rule = { addressedRole: 'SUPERVISOR', dueMinutes: 20, ackMinutes: 5, supervisorMinutes: 10 };
    const set = await bed.service.request('PUT', '/v1/escalation-rules/CARE_NEED_OVERDUE/offices/CHP', { token: admin, body: rule });
    expect(set.status).toBe(200);
    expect(set.body).toEqual(expect.objectContaining({ trigger: 'CARE_NEED_OVERDUE', officeCode: 'CHP', ...rule, updatedBy: 'adm-chp' }));
    // Another office's admin may not set Chiapas's rules; nor may an officer.
    const tab = await bed.service.token(['office-admin'], ['TAB'], 'adm-tab');
    expect((await bed.service.request('PUT', '/v1/escalation-rules/CARE_NEED_OVERDUE/offices/CHP', { token: tab, body: rule })).status).toBe(403);
    expect((await bed.service.request('PUT', '/v1/escalation-rules/CARE_NEED_OVERDUE/national', { token: admin, body: rule })).status).toBe(403);
    expect((await bed.service.request('PUT', '/v1/escalation-rules/NOT_A_TRIGGER/offices/CHP', { token: admin, body: rule })).status).toBe(400);

    // A day has passed on the test's clock: the morning's supervisor is off, another is on.
    await bed.onDuty({ subject: 'sup-chp-2', role: 'SUPERVISOR', officeCode: 'CHP' });
    const taskId = await openNeedTask();
    const recipients = await bed.service.dataSource.query(`SELECT subject FROM task_recipient WHERE task_id = $1 ORDER BY level`, [taskId]);
    // Addressed to the supervisors first, by the office's rule, and straight to national duty 5 minutes later.
    expect(recipients).toEqual([{ subject: 'sup-chp-2' }]);
    bed.clock.advance(6);
    expect(await runEverywhere()).toBe(1);
    expect(await levelOf(taskId)).toBe(2);
    // Nobody holds the national duty now: the last national duty officer is reached rather than nobody.
    const reached = await bed.service.dataSource.query(`SELECT subject FROM task_recipient WHERE task_id = $1 AND level = 2`, [taskId]);
    expect(reached).toEqual([{ subject: 'duty-national' }]);

    const rules = await bed.service.request('GET', '/v1/escalation-rules', { token: admin });
    expect(rules.status).toBe(200);
    const needRules = rules.body.items.filter((item: { trigger: string }) => item.trigger === 'CARE_NEED_OVERDUE');
    expect(needRules.map((item: { officeCode: string }) => item.officeCode)).toEqual(['*', 'CHP']);
  });

  it('keeps the timer in the database: an instance that never saw the task open escalates it', async () => {
    const taskId = await openNeedTask();
    // A second instance on the same database, started after the task opened (as after a restart), with its job running.
    const config = Object.assign(new NotificationsConfig(), bed.service.config, { NOTIFY_ESCALATION_INTERVAL_MS: 100 });
    const clock = new ControllableClock();
    clock.advance((bed.clock.now().getTime() - Date.now()) / 60_000 + 6);
    const second = await createHttpApp(NotificationsModule.register(config, { natsNamespace: bed.service.namespace, clock }), {
      config,
      serviceName: 'notifications',
      title: 'second instance',
      description: 'test',
    });
    try {
      await second.init();
      await waitFor('the second instance to escalate the task', async () => (await levelOf(taskId)) === 2);
    } finally {
      await second.close();
    }
    const escalations = await bed.service.dataSource.query(`SELECT count(*)::int AS n FROM task_change WHERE task_id = $1 AND kind = 'ESCALATED'`, [taskId]);
    expect(escalations).toEqual([{ n: 1 }]);
  });
});
