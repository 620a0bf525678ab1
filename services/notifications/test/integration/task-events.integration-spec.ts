import { careNeedDeliveredV1, careNeedOverdueV1 } from '@opis/contracts-care';
import { EventEnvelope, validateEvent } from '@opis/contracts-envelope';
import { deadlineOverdueV1 } from '@opis/contracts-intake';
import { NOTIFICATIONS_EVENTS } from '@opis/contracts-notifications';
import { waitFor } from '@opis/testing';

import { EscalationJob } from '../../src/escalation/escalation.job';
import { TaskEngine } from '../../src/tasks/task-engine';
import { NotificationsTestBed, startNotificationsTestBed } from './notifications-harness';

const iso = (minutesFromNow: number): string => new Date(Date.now() + minutesFromNow * 60_000).toISOString();

/**
 * Issue 22, statistics' source: every change of a task is published once, through the outbox in
 * the transaction of the change, in the case's order; a redelivered trigger opens nothing and so
 * publishes nothing. The events carry codes and instants, never who was reached.
 */
describe('notifications: task events through the outbox', () => {
  let bed: NotificationsTestBed;
  let officer: string;

  /** Every outbox row published (JetStream acknowledged it), then the case's events in the stream. */
  const publishedFor = async (caseId: string): Promise<EventEnvelope[]> => {
    await waitFor('the outbox published', async () => Number((await bed.service.dataSource.query(`SELECT count(*) AS n FROM outbox WHERE published_at IS NULL`))[0].n) === 0, {
      timeoutMs: 20_000,
    });
    const events = await bed.taskEvents(caseId);
    for (const { subject, msgId, envelope } of events) {
      // The relay's msg id is the event id (JetStream drops a republish), the subject its type's with the office last.
      expect(msgId).toBe(envelope.id);
      expect(subject).toBe(`${bed.service.namespace}.opis.${envelope.type}.v${envelope.version}.${envelope.officeCode}`);
      const contract = NOTIFICATIONS_EVENTS.find((candidate) => `notifications.${candidate.name.aggregate}.${candidate.name.event}` === envelope.type);
      expect(contract && validateEvent(contract, envelope)).toMatchObject({ ok: true });
    }
    return events.map((event) => event.envelope);
  };

  beforeAll(async () => {
    bed = await startNotificationsTestBed('task-events', { NOTIFY_ESCALATION_INTERVAL_MS: '3600000' });
    await bed.onDuty({ subject: 'opi-chp-duty', role: 'OFFICER', officeCode: 'CHP', email: 'guardia.chp@inm.invalid' });
    await bed.onDuty({ subject: 'sup-chp-1', role: 'SUPERVISOR', officeCode: 'CHP', email: 'sup.chp@inm.invalid' });
    officer = await bed.service.token(['officer'], ['CHP'], 'opi-chp-duty');
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('publishes opened, escalated, acknowledged and closed once each, in order, however often the trigger comes', async () => {
    const { caseId } = await bed.registerCase('CHP');
    const overdue = await bed.publish(careNeedOverdueV1, caseId, 'CHP', { need: 'FOOD', detectedAt: iso(-180), dueAt: iso(-60) });
    await bed.consumed();
    // The producer republishes it (a new stream message), and the engine is handed it once more directly.
    await bed.republish(careNeedOverdueV1, overdue);
    await bed.consumed();
    await bed.service.dataSource.transaction((manager) => bed.service.app.get(TaskEngine).applyEvent(overdue, manager));

    const [opened, ...more] = await publishedFor(caseId);
    expect(more).toEqual([]);
    const [task] = await bed.tasksOf(caseId);
    expect(opened).toMatchObject({
      type: 'notifications.task.opened',
      caseId,
      officeCode: 'CHP',
      caseVersion: 1,
      actor: { kind: 'service', id: 'notifications' },
      correlationId: overdue.correlationId,
      causationId: overdue.id,
    });
    const openedAt = (opened.data as { openedAt: string }).openedAt;
    // Exactly these fields: the task's codes and instants, nobody it reached.
    expect(opened.data).toEqual({ taskId: task.id, trigger: 'CARE_NEED_OVERDUE', level: 0, openedAt, addressedRole: 'OFFICER', dueAt: expect.any(String) });

    // CARE_NEED_OVERDUE's national rule: 15 minutes to acknowledge before the supervisors have it.
    bed.clock.advance(16);
    expect(await bed.service.app.get(EscalationJob).runOnce(bed.clock.now())).toBe(1);
    const first = await bed.service.request('POST', `/v1/tasks/${task.id}/acknowledge`, { token: officer });
    expect(first.status).toBe(200);
    // A second acknowledgement changes nothing, and publishes nothing.
    expect((await bed.service.request('POST', `/v1/tasks/${task.id}/acknowledge`, { token: officer })).status).toBe(200);
    await bed.publish(careNeedDeliveredV1, caseId, 'CHP', { need: 'FOOD', deliveredAt: iso(-1), firstDelivery: true, late: true, minutesSinceDetection: 179 });
    await bed.consumed();

    const events = await publishedFor(caseId);
    expect(events.map((event) => [event.type, event.caseVersion, event.actor.id])).toEqual([
      ['notifications.task.opened', 1, 'notifications'],
      ['notifications.task.escalated', 2, 'notifications-escalation'],
      ['notifications.task.acknowledged', 3, 'opi-chp-duty'],
      ['notifications.task.closed', 4, 'notifications'],
    ]);
    const acknowledgedAt = first.body.acknowledgedAt as string;
    expect(events[1].data).toEqual({ taskId: task.id, trigger: 'CARE_NEED_OVERDUE', level: 1, openedAt, escalatedAt: expect.any(String) });
    expect(events[2].data).toEqual({ taskId: task.id, trigger: 'CARE_NEED_OVERDUE', level: 1, openedAt, acknowledgedAt });
    expect(events[3].data).toEqual({ taskId: task.id, trigger: 'CARE_NEED_OVERDUE', level: 1, openedAt, acknowledgedAt, closedAt: expect.any(String), outcome: 'CLEARED' });
  });

  it('publishes a replaced task closed as SUPERSEDED, a person’s outcome, and nothing for a refused change', async () => {
    const { caseId } = await bed.registerCase('CHP');
    await bed.publish(deadlineOverdueV1, caseId, 'CHP', { clock: 'DIF_CHANNELLING', level: 'ESCALATION', detectedAt: iso(-1200), thresholdAt: iso(-1) });
    await bed.publish(deadlineOverdueV1, caseId, 'CHP', { clock: 'DIF_CHANNELLING', level: 'BREACH', detectedAt: iso(-1500), thresholdAt: iso(-1) });
    await bed.consumed();
    const [warning, breach] = await bed.tasksOf(caseId);
    const closed = await bed.service.request('POST', `/v1/tasks/${breach.id}/close`, { token: officer, body: { outcome: 'FALSE_ALARM' } });
    expect(closed.status).toBe(200);
    // Closed already: refused, rolled back, nothing published.
    expect((await bed.service.request('POST', `/v1/tasks/${breach.id}/close`, { token: officer, body: { outcome: 'RESOLVED' } })).status).toBe(409);

    const events = await publishedFor(caseId);
    expect(events.map((event) => [event.type, (event.data as { taskId: string }).taskId, (event.data as { trigger: string }).trigger, (event.data as { outcome?: string }).outcome])).toEqual([
      ['notifications.task.opened', warning.id, 'INTAKE_DEADLINE_ESCALATION', undefined],
      ['notifications.task.closed', warning.id, 'INTAKE_DEADLINE_ESCALATION', 'SUPERSEDED'],
      ['notifications.task.opened', breach.id, 'INTAKE_DEADLINE_BREACH', undefined],
      ['notifications.task.closed', breach.id, 'INTAKE_DEADLINE_BREACH', 'FALSE_ALARM'],
    ]);
    expect(events.map((event) => event.caseVersion)).toEqual([1, 2, 3, 4]);
    // Never acknowledged: the closed event has no acknowledgement instant.
    expect(events[3].data).not.toHaveProperty('acknowledgedAt');
    expect(events[3].actor).toEqual({ kind: 'officer', id: 'opi-chp-duty' });
  });
});
