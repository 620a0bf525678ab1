import { EventEnvelope, OfficeCode } from '@opis/contracts-envelope';
import { taskAcknowledgedV1, taskClosedV1, taskEscalatedV1, taskOpenedV1, TaskOutcome, TaskTrigger } from '@opis/contracts-notifications';

import { EventBus, newCaseId, startStatistics, StatisticsHarness, waitUntilConsumed } from './statistics-harness';

const DAY = '2026-05-12';
const at = (time: string): string => `${DAY}T${time}.000Z`;
const PERIOD = 'from=2026-05-01&to=2026-05-31';

interface TaskStory {
  trigger: TaskTrigger;
  office: OfficeCode;
  opened: string;
  escalated?: { at: string; level: 1 | 2 };
  acknowledged?: string;
  closed?: { at: string; outcome: TaskOutcome; office?: OfficeCode };
}

/**
 * Issue 22: statistics takes notifications' task events and answers how fast alerts were taken up,
 * per trigger and office: the median and 90th percentile minutes to acknowledge, the median minutes
 * to resolve (replaced tasks left out). A redelivered event changes nothing.
 */
describe('statistics: time to acknowledge and to resolve alerts, from notifications’ events', () => {
  let bus: EventBus;
  let service: StatisticsHarness;
  let national: string;
  const redeliver: Array<() => Promise<void>> = [];

  /** Publishes a task's events as notifications' relay would: one case's versions in order. */
  const tell = async (story: TaskStory): Promise<void> => {
    const caseId = newCaseId();
    const taskId = newCaseId();
    const facts = { taskId, trigger: story.trigger, openedAt: at(story.opened) };
    let level: 0 | 1 | 2 = 0;
    await bus.publish(taskOpenedV1, caseId, story.office, { ...facts, level, addressedRole: 'OFFICER', dueAt: at('23:00:00') }, at(story.opened));
    if (story.escalated) {
      level = story.escalated.level;
      await bus.publish(taskEscalatedV1, caseId, story.office, { ...facts, level, escalatedAt: at(story.escalated.at) }, at(story.escalated.at));
    }
    let acknowledged: EventEnvelope | undefined;
    if (story.acknowledged) {
      acknowledged = await bus.publish(taskAcknowledgedV1, caseId, story.office, { ...facts, level, acknowledgedAt: at(story.acknowledged) }, at(story.acknowledged));
      const envelope = acknowledged;
      redeliver.push(() => bus.republish(taskAcknowledgedV1, envelope));
    }
    if (story.closed) {
      const closed = await bus.publish(
        taskClosedV1,
        caseId,
        story.closed.office ?? story.office,
        { ...facts, level, ...(story.acknowledged ? { acknowledgedAt: at(story.acknowledged) } : {}), closedAt: at(story.closed.at), outcome: story.closed.outcome },
        at(story.closed.at),
      );
      redeliver.push(() => bus.republish(taskClosedV1, closed));
    }
  };

  beforeAll(async () => {
    bus = await EventBus.open('stat-tasks');
    service = await startStatistics('tasks', bus);
    national = await service.token(['national'], []);
    // CHP, serious incidents: acknowledged after 4, 10 and 20 minutes; resolved after 60, 30 and (cleared) 45; one replaced.
    await tell({ trigger: 'CARE_SERIOUS_INCIDENT', office: 'CHP', opened: '10:00:00', acknowledged: '10:04:00', closed: { at: '11:00:00', outcome: 'RESOLVED' } });
    await tell({ trigger: 'CARE_SERIOUS_INCIDENT', office: 'CHP', opened: '10:00:00', acknowledged: '10:10:00', closed: { at: '10:30:00', outcome: 'REFERRED' } });
    await tell({ trigger: 'CARE_SERIOUS_INCIDENT', office: 'CHP', opened: '10:00:00', escalated: { at: '10:15:00', level: 2 }, acknowledged: '10:20:00' });
    await tell({ trigger: 'CARE_SERIOUS_INCIDENT', office: 'CHP', opened: '10:00:00', closed: { at: '10:45:00', outcome: 'CLEARED' } });
    await tell({ trigger: 'CARE_SERIOUS_INCIDENT', office: 'CHP', opened: '10:00:00', closed: { at: '10:05:00', outcome: 'SUPERSEDED' } });
    // TAB: a need acknowledged after 90 seconds; a first call opened in CHP whose case moved to TAB before it cleared.
    await tell({ trigger: 'CARE_NEED_OVERDUE', office: 'TAB', opened: '12:00:00', acknowledged: '12:01:30', closed: { at: '12:30:00', outcome: 'CLEARED' } });
    await tell({ trigger: 'FAMILY_FIRST_CALL_OVERDUE', office: 'CHP', opened: '09:00:00', closed: { at: '13:00:00', outcome: 'CLEARED', office: 'TAB' } });
    // Opened in April (Mexico City): outside the period.
    await bus.publish(taskOpenedV1, newCaseId(), 'CHP', { taskId: newCaseId(), trigger: 'CARE_SERIOUS_INCIDENT', level: 0, openedAt: '2026-05-01T05:59:00.000Z', addressedRole: 'SUPERVISOR', dueAt: '2026-05-01T06:29:00.000Z' });
    await waitUntilConsumed(service, bus);
  });

  afterAll(async () => {
    await service?.close();
    await bus?.close();
  });

  const EXPECTED = [
    {
      trigger: 'CARE_SERIOUS_INCIDENT',
      office: 'CHP',
      opened: 5,
      acknowledged: 3,
      escalated: 1,
      resolved: 3,
      medianMinutesToAcknowledge: 10,
      p90MinutesToAcknowledge: 20,
      medianMinutesToResolve: 45,
    },
    {
      trigger: 'CARE_NEED_OVERDUE',
      office: 'TAB',
      opened: 1,
      acknowledged: 1,
      escalated: 0,
      resolved: 1,
      medianMinutesToAcknowledge: 1.5,
      p90MinutesToAcknowledge: 1.5,
      medianMinutesToResolve: 30,
    },
    {
      trigger: 'FAMILY_FIRST_CALL_OVERDUE',
      office: 'TAB',
      opened: 1,
      acknowledged: 0,
      escalated: 0,
      resolved: 1,
      medianMinutesToAcknowledge: null,
      p90MinutesToAcknowledge: null,
      medianMinutesToResolve: 240,
    },
  ];

  it('gives per trigger and office the tasks and the minutes to acknowledge (median, p90) and to resolve (median)', async () => {
    const response = await service.request('GET', `/v1/reports/task-response?${PERIOD}`, { token: national });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ report: 'task-response', suppressed: false, period: { from: '2026-05-01', to: '2026-05-31' } });
    expect(response.body.columns).toEqual(Object.keys(EXPECTED[0]));
    expect(response.body.rows).toEqual(EXPECTED);
    expect(await service.count('stat_task')).toBe(8);
  });

  it('changes nothing when notifications’ events come again', async () => {
    for (const again of redeliver) await again();
    await bus.settled();
    expect(await service.count('dead_letter')).toBe(0);
    expect(await service.count('stat_task')).toBe(8);
    const response = await service.request('GET', `/v1/reports/task-response?${PERIOD}`, { token: national });
    expect(response.body.rows).toEqual(EXPECTED);
  });

  it('shows small counts as <5 and withholds their minutes from readers without case-level access; another office is refused', async () => {
    const officer = await service.token(['officer'], ['CHP']);
    const response = await service.request('GET', `/v1/reports/task-response?${PERIOD}`, { token: officer });
    expect(response.status).toBe(200);
    expect(response.body.suppressed).toBe(true);
    expect(response.body.rows).toEqual([
      { ...EXPECTED[0], acknowledged: '<5', escalated: '<5', resolved: '<5', medianMinutesToAcknowledge: null, p90MinutesToAcknowledge: null, medianMinutesToResolve: null },
    ]);
    const csv = await fetch(`${service.url}/v1/reports/task-response?${PERIOD}&format=csv`, { headers: { authorization: `Bearer ${officer}` } });
    expect(await csv.text()).toBe(
      'trigger,office,opened,acknowledged,escalated,resolved,medianMinutesToAcknowledge,p90MinutesToAcknowledge,medianMinutesToResolve\r\nCARE_SERIOUS_INCIDENT,CHP,5,<5,<5,<5,,,\r\n',
    );
    const refused = await service.request('GET', `/v1/reports/task-response?${PERIOD}&office=TAB`, { token: officer });
    expect(refused.status).toBe(403);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'office', rule: 'officeScope' })]);
  });
});
