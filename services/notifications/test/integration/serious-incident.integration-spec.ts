import { careIncidentReportedV1, careRecordOpenedV1 } from '@opis/contracts-care';
import { uuidv7 } from '@opis/contracts-envelope';
import { waitFor } from '@opis/testing';

import { mailText, NotificationsTestBed, startNotificationsTestBed } from './notifications-harness';

/**
 * Issue 22's end-to-end check, inside the service: a serious incident published on care's stream
 * gives the office's supervisor a task and an email in the local SMTP server within 5 seconds;
 * left unacknowledged, it escalates to the national duty officer when the clock passes its rule's
 * minutes. Everything runs as deployed: the consumer, the delivery and escalation jobs on their
 * intervals; the test only publishes, moves the clock and waits for conditions.
 */
describe('notifications: a serious incident reaches the supervisor, and escalates', () => {
  let bed: NotificationsTestBed;

  beforeAll(async () => {
    bed = await startNotificationsTestBed('serious-incident');
    await bed.onDuty({ subject: 'sup-chp-night', role: 'SUPERVISOR', officeCode: 'CHP', email: 'supervision.chp@inm.invalid' });
    await bed.onDuty({ subject: 'duty-national', role: 'NATIONAL_DUTY', email: 'guardia.nacional@inm.invalid' });
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('task and email to the supervisor within 5 s; escalated to national duty after the rule minutes', async () => {
    // Care's stream alone: care's record opening carries the case number notifications shows.
    const caseId = uuidv7();
    const caseNumber = 'CHP-2026-004711';
    await bed.publish(careRecordOpenedV1, caseId, 'CHP', { ...careRecordOpenedV1.example, caseNumber });
    const started = Date.now();
    await bed.publish(careIncidentReportedV1, caseId, 'CHP', {
      incidentId: uuidv7(),
      type: 'ABUSE_DISCLOSURE',
      severity: 'SERIOUS',
      occurredAt: new Date().toISOString(),
      notifySupervisors: true,
    });

    const supervisor = await bed.service.token(['supervisor'], ['CHP'], 'sup-chp-night');
    let taskId = '';
    await waitFor(
      "the supervisor's task and email",
      async () => {
        const mine = await bed.service.request('GET', '/v1/tasks?mine=true&status=OPEN', { token: supervisor });
        taskId = mine.body.items.find((task: { trigger: string }) => task.trigger === 'CARE_SERIOUS_INCIDENT')?.taskId ?? '';
        return taskId !== '' && bed.mail.to('supervision.chp@inm.invalid').length === 1;
      },
      { timeoutMs: 5_000, intervalMs: 50 },
    );
    const elapsedMs = Date.now() - started;
    expect(elapsedMs).toBeLessThan(5_000);
    const mail = mailText(bed.mail.to('supervision.chp@inm.invalid')[0]);
    expect(mail).toContain(`Caso: ${caseNumber}`);
    expect(mail).toContain(`/v1/tasks/${taskId}`);

    // Nobody acknowledges. The national default for a serious incident: 10 minutes.
    bed.clock.advance(9);
    const early = await bed.service.request('GET', `/v1/tasks/${taskId}`, { token: supervisor });
    expect(early.body.level).toBe(0);
    bed.clock.advance(2);
    await waitFor('the escalation to the national duty officer', async () => {
      const task = await bed.service.request('GET', `/v1/tasks/${taskId}`, { token: supervisor });
      return task.body.level === 2 && bed.mail.to('guardia.nacional@inm.invalid').length === 1;
    });
    const national = await bed.service.token(['national'], [], 'duty-national');
    const theirs = await bed.service.request('GET', '/v1/tasks?mine=true', { token: national });
    expect(theirs.body.items).toEqual([expect.objectContaining({ taskId, level: 2, status: 'OPEN', escalatesAt: null })]);
    expect(mailText(bed.mail.to('guardia.nacional@inm.invalid')[0])).toContain('escalada a guardia nacional');
    console.warn(`serious incident: task and email to the supervisor in ${elapsedMs} ms`);
  });
});
