import { careIncidentReportedV1, careNeedDeliveredV1, careNeedOverdueV1, carePlacementRefusedV1, careRecordClosedV1 } from '@opis/contracts-care';
import { uuidv7 } from '@opis/contracts-envelope';
import { callLoggedV1, callOverdueV1 } from '@opis/contracts-family-contact';
import { caseTransferredV1, channelledToDifV1, deadlineOverdueV1, mpNoticeOverdueV1, mpNotifiedV1 } from '@opis/contracts-intake';
import { childInformedV1, deadlineAlertedV1, informOverdueV1, protectionChangedV1 } from '@opis/contracts-legal-status';
import { planAbortedV1 } from '@opis/contracts-repatriation';

import { TaskEngine } from '../../src/tasks/task-engine';
import { NotificationsTestBed, startNotificationsTestBed } from './notifications-harness';

const iso = (minutesFromNow: number): string => new Date(Date.now() + minutesFromNow * 60_000).toISOString();

/**
 * Issue 22, triggers: each event that needs a person opens exactly one task, addressed by the
 * rule of its trigger, and the event that clears its condition closes it.
 */
describe('notifications: triggers become tasks, exactly once, and clear', () => {
  let bed: NotificationsTestBed;

  beforeAll(async () => {
    bed = await startNotificationsTestBed('triggers');
    await bed.onDuty({ subject: 'opi-chp-duty', role: 'OFFICER', officeCode: 'CHP', email: 'guardia.chp@inm.invalid' });
    await bed.onDuty({ subject: 'sup-chp-1', role: 'SUPERVISOR', officeCode: 'CHP', email: 'sup.chp@inm.invalid' });
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('opens one task per triggering event, for the assigned officer, however often the event comes', async () => {
    const { caseId } = await bed.registerCase('CHP', 'opi-chp-0042');
    await bed.onDuty({ subject: 'opi-chp-0042', role: 'OFFICER', officeCode: 'CHP', email: 'opi42@inm.invalid' });
    const overdue = await bed.publish(careNeedOverdueV1, caseId, 'CHP', { need: 'FOOD', detectedAt: iso(-180), dueAt: iso(-60) });
    await bed.consumed();
    // The producer republishes the same event (a new stream message), and the engine is handed it again directly.
    await bed.republish(careNeedOverdueV1, overdue);
    await bed.consumed();
    const engine = bed.service.app.get(TaskEngine);
    await bed.service.dataSource.transaction((manager) => engine.applyEvent(overdue, manager));

    const tasks = await bed.tasksOf(caseId);
    expect(tasks).toEqual([expect.objectContaining({ trigger: 'CARE_NEED_OVERDUE', status: 'OPEN', level: 0, office_code: 'CHP' })]);
    const recipients = await bed.service.dataSource.query(`SELECT subject, reason FROM task_recipient WHERE task_id = $1`, [tasks[0].id]);
    // The assigned officer is on duty: the task is theirs, the other officers on shift are not woken.
    expect(recipients).toEqual([{ subject: 'opi-chp-0042', reason: 'ASSIGNED' }]);

    await bed.publish(careNeedDeliveredV1, caseId, 'CHP', { need: 'FOOD', deliveredAt: iso(-1), firstDelivery: true, late: true, minutesSinceDetection: 179 });
    await bed.consumed();
    expect(await bed.tasksOf(caseId)).toEqual([expect.objectContaining({ status: 'CLOSED', outcome: 'CLEARED' })]);
  });

  it('addresses the officers on shift when the case has no officer, and supervisors for a serious incident', async () => {
    const { caseId } = await bed.registerCase('CHP');
    await bed.publish(callOverdueV1, caseId, 'CHP', { registeredAt: iso(-1500), detectedAt: iso(-1500), dueAt: iso(-60) });
    await bed.publish(careIncidentReportedV1, caseId, 'CHP', { incidentId: uuidv7(), type: 'RUNAWAY', severity: 'SERIOUS', occurredAt: iso(-5), notifySupervisors: true });
    // A minor incident is the officer's business, not an alert.
    await bed.publish(careIncidentReportedV1, caseId, 'CHP', { incidentId: uuidv7(), type: 'ILLNESS', severity: 'MINOR', occurredAt: iso(-5), notifySupervisors: false });
    await bed.consumed();
    const rows: Array<{ trigger: string; subject: string; reason: string }> = await bed.service.dataSource.query(
      `SELECT t.trigger, r.subject, r.reason FROM task t JOIN task_recipient r ON r.task_id = t.id WHERE t.case_id = $1 ORDER BY t.trigger, r.subject`,
      [caseId],
    );
    expect(rows).toEqual([
      { trigger: 'CARE_SERIOUS_INCIDENT', subject: 'sup-chp-1', reason: 'SUPERVISOR' },
      { trigger: 'FAMILY_FIRST_CALL_OVERDUE', subject: 'opi-chp-0042', reason: 'ON_SHIFT' },
      { trigger: 'FAMILY_FIRST_CALL_OVERDUE', subject: 'opi-chp-duty', reason: 'ON_SHIFT' },
    ]);
    await bed.publish(callLoggedV1, caseId, 'CHP', { callId: uuidv7(), outcome: 'REFUSED_BY_CHILD', calledAt: iso(-1), durationSeconds: 0, interpreterUsed: false, firstCall: true });
    await bed.consumed();
    const byTrigger = Object.fromEntries((await bed.tasksOf(caseId)).map((task) => [task.trigger, task.status]));
    // The call clears its own task only: the incident waits for a person.
    expect(byTrigger).toEqual({ FAMILY_FIRST_CALL_OVERDUE: 'CLOSED', CARE_SERIOUS_INCIDENT: 'OPEN' });
  });

  it('replaces a warning by its breach, and closes the breach when the child is channelled', async () => {
    const { caseId } = await bed.registerCase('CHP');
    await bed.publish(deadlineOverdueV1, caseId, 'CHP', { clock: 'DIF_CHANNELLING', level: 'ESCALATION', detectedAt: iso(-1200), thresholdAt: iso(-1) });
    await bed.publish(deadlineOverdueV1, caseId, 'CHP', { clock: 'DIF_CHANNELLING', level: 'BREACH', detectedAt: iso(-1500), thresholdAt: iso(-1) });
    await bed.publish(mpNoticeOverdueV1, caseId, 'CHP', { detectedAt: iso(-1500), openedAt: iso(-1400), dueAt: iso(-10) });
    await bed.consumed();
    expect((await bed.tasksOf(caseId)).map((task) => [task.trigger, task.status, task.outcome])).toEqual([
      ['INTAKE_DEADLINE_ESCALATION', 'CLOSED', 'SUPERSEDED'],
      ['INTAKE_DEADLINE_BREACH', 'OPEN', null],
      ['INTAKE_MP_NOTICE_OVERDUE', 'OPEN', null],
    ]);
    await bed.publish(channelledToDifV1, caseId, 'CHP', { channelledAt: iso(-1), facilityType: 'DIF_SHELTER', protectionMeasureIssued: false, minutesSinceDetection: 1500 });
    await bed.publish(mpNotifiedV1, caseId, 'CHP', { notifiedAt: iso(-1), minutesSinceOpened: 1400, minutesSinceDetection: 1500 });
    await bed.consumed();
    expect((await bed.tasksOf(caseId)).map((task) => task.outcome)).toEqual(['SUPERSEDED', 'CLEARED', 'CLEARED']);
  });

  it('covers legal-status, repatriation and detention attempts, and a closed care record stops the needs', async () => {
    const { caseId } = await bed.registerCase('CHP');
    await bed.publish(informOverdueV1, caseId, 'CHP', { topic: 'MIGRATION_PROCEDURE', openedAt: iso(-2000), dueAt: iso(-10) });
    await bed.publish(deadlineAlertedV1, caseId, 'CHP', { deadline: 'CLAIM_DECISION', level: 'APPROACHING', workingDay: 30, dueDate: '2027-02-05' });
    await bed.publish(deadlineAlertedV1, caseId, 'CHP', { deadline: 'COMAR_NOTICE', level: 'OVERDUE', dueAt: iso(-10) });
    await bed.publish(planAbortedV1, caseId, 'CHP', { planId: uuidv7(), reason: 'PROTECTION_LOCK', fromStatus: 'IN_TRANSIT', urgent: true });
    // Aborted by the officer for health, not travelling: no alert.
    await bed.publish(planAbortedV1, caseId, 'CHP', { planId: uuidv7(), reason: 'HEALTH', fromStatus: 'APPROVED', urgent: false });
    await bed.publish(carePlacementRefusedV1, caseId, 'CHP', {
      reason: 'DETENTION_FACILITY',
      rule: 'LM-08',
      requestedFacilityType: 'ESTACION_MIGRATORIA',
      requestedSetting: 'CHILD_ONLY_AREA',
      attemptedAt: iso(-1),
    });
    await bed.publish(careNeedOverdueV1, caseId, 'CHP', { need: 'CLOTHING', detectedAt: iso(-300), dueAt: iso(-60) });
    await bed.consumed();
    expect((await bed.tasksOf(caseId)).map((task) => task.trigger).sort()).toEqual([
      'CARE_DETENTION_PLACEMENT_ATTEMPT',
      'CARE_NEED_OVERDUE',
      'LEGAL_CLAIM_DECISION_MARK',
      'LEGAL_COMAR_NOTICE_MISSED',
      'LEGAL_INFORM_OVERDUE',
      'REPATRIATION_RETURN_ABORTED',
    ]);
    await bed.publish(childInformedV1, caseId, 'CHP', { topic: 'MIGRATION_PROCEDURE', language: 'spa', interpreterUsed: false, heldAt: iso(-1), dutiesDischarged: 1 });
    await bed.publish(protectionChangedV1, caseId, 'CHP', { protectionClaimed: true, status: 'RECOGNIZED_REFUGEE', previousStatus: 'CLAIM_PENDING' });
    await bed.publish(careRecordClosedV1, caseId, 'CHP', { status: 'TRANSFERRED', closedAt: iso(-1), unmetNeeds: ['CLOTHING'] });
    await bed.consumed();
    const open = (await bed.tasksOf(caseId)).filter((task) => task.status !== 'CLOSED').map((task) => task.trigger).sort();
    expect(open).toEqual(['CARE_DETENTION_PLACEMENT_ATTEMPT', 'LEGAL_COMAR_NOTICE_MISSED', 'REPATRIATION_RETURN_ABORTED']);
    // Nothing was dead-lettered: every event of every stream was understood.
    expect(await bed.service.count('dead_letter')).toBe(0);
  });
  it("moves a transferred case's open tasks to the receiving office, whose people are added", async () => {
    await bed.onDuty({ subject: 'opi-tab-duty', role: 'OFFICER', officeCode: 'TAB' });
    const { caseId } = await bed.registerCase('CHP');
    await bed.publish(careNeedOverdueV1, caseId, 'CHP', { need: 'REST', detectedAt: iso(-180), dueAt: iso(-60) });
    await bed.consumed();
    const [task] = await bed.tasksOf(caseId);
    await bed.publish(caseTransferredV1, caseId, 'TAB', { ...caseTransferredV1.example, fromOffice: 'CHP', toOffice: 'TAB' });
    await bed.consumed();
    expect(await bed.tasksOf(caseId)).toEqual([expect.objectContaining({ id: task.id, office_code: 'TAB', status: 'OPEN' })]);
    const recipients = await bed.service.dataSource.query(`SELECT subject FROM task_recipient WHERE task_id = $1 ORDER BY subject`, [task.id]);
    expect(recipients.map((row: { subject: string }) => row.subject)).toContain('opi-tab-duty');
    const tabasco = await bed.service.token(['officer'], ['TAB'], 'opi-tab-duty');
    expect((await bed.service.request('GET', `/v1/tasks/${task.id}`, { token: tabasco })).body).toEqual(expect.objectContaining({ officeCode: 'TAB' }));
    const chiapas = await bed.service.token(['officer'], ['CHP'], 'opi-chp-duty');
    expect((await bed.service.request('GET', `/v1/tasks/${task.id}`, { token: chiapas })).status).toBe(404);
  });
  it('turns a dead letter into a task for the held-back case\'s supervisors, once, saying nothing of the payload', async () => {
    const { caseId } = await bed.registerCase('CHP');
    const failed = { id: uuidv7(), type: 'care.need.delivered', caseId, officeCode: 'CHP', data: { notes: 'Relato confidencial 5521' } };
    const notice = { id: uuidv7(), service: 'care', consumer: 'care-intake-case', payload: JSON.stringify(failed), reason: 'validation failed: notes "Relato confidencial 5521"' };
    await bed.publishDeadLetter(notice);
    await bed.publishDeadLetter(notice);
    // A letter about a message that was no envelope names no case: nothing to open.
    await bed.publishDeadLetter({ ...notice, id: uuidv7(), payload: '{not json' });
    await bed.consumed();
    const tasks: Array<{ id: string; trigger: string; subject_code: string; office_code: string }> = await bed.service.dataSource.query(
      `SELECT id, trigger, subject_code, office_code FROM task WHERE trigger = 'DEAD_LETTER_HELD_BACK'`,
    );
    expect(tasks).toEqual([expect.objectContaining({ subject_code: 'care:care.need.delivered', office_code: 'CHP' })]);
    expect(JSON.stringify(await bed.service.dataSource.query(`SELECT * FROM task WHERE id = $1`, [tasks[0].id]))).not.toContain('5521');
    const recipients = await bed.service.dataSource.query(`SELECT subject, reason FROM task_recipient WHERE task_id = $1`, [tasks[0].id]);
    expect(recipients).toEqual([{ subject: 'sup-chp-1', reason: 'SUPERVISOR' }]);
  });
});
