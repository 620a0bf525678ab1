import { bodyOf } from '@opis/api-clients';
import { MailCatcherProcess, RunningPlatform, sampleRegistration, startMailCatcherProcess, startPlatform } from '@opis/platform-tools';
import { waitFor } from '@opis/testing';


// Issue 22 across processes: a serious incident reported to care, the real service, reaches the
// office supervisor on shift through JetStream as a task in notifications and an email through SMTP
// (the mail catcher Compose runs), without the child's name; she acknowledges it and it stops
// escalating. Escalation on the clock has its own test inside notifications (a controllable clock).
describe('an alert reaches a person: a serious incident in care, the supervisor on shift, her email', () => {
  let platform: RunningPlatform;
  let catcher: MailCatcherProcess;

  beforeAll(async () => {
    catcher = await startMailCatcherProcess();
    platform = await startPlatform('alerts', ['intake', 'care', 'notifications'], {
      serviceEnv: { notifications: { NOTIFY_SMTP_URL: catcher.smtpUrl, NOTIFY_DELIVERY_INTERVAL_MS: '200' } },
    });
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
    await catcher?.stop();
  });

  it('gives the supervisor a task and an email with the case number, never the name; acknowledged, it stops escalating', async () => {
    const officer = await platform.token(['officer'], ['CHP'], 'opi-chp-0042');
    const supervisor = await platform.token(['supervisor'], ['CHP'], 'sup-chp-night');
    const email = 'supervision.chp@opis.invalid';
    await bodyOf(
      'putting the supervisor on shift',
      platform.client('notifications', supervisor).POST('/v1/shifts', {
        body: { subject: 'sup-chp-night', role: 'SUPERVISOR', officeCode: 'CHP', startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 8 * 3_600_000).toISOString(), email },
      }),
      201,
    );

    const registered = await bodyOf('registering', platform.client('intake', officer).POST('/v1/cases', { body: sampleRegistration('CHP', 'Yeimy') }), 201);
    const caseId = registered.caseId as string;
    await waitFor('the care record', async () => (await platform.client('care', officer).GET('/v1/cases/{caseId}', { params: { path: { caseId } } })).response.status === 200);

    const reportedAt = Date.now();
    await bodyOf(
      'reporting a serious incident',
      platform.client('care', officer).POST('/v1/cases/{caseId}/incidents', {
        params: { path: { caseId } },
        body: { type: 'INJURY', severity: 'SERIOUS', occurredAt: new Date(Date.now() - 60_000).toISOString(), notes: 'Yeimy se lastimó el brazo.' },
      }),
      200,
    );

    let taskId = '';
    await waitFor('the supervisor’s task', async () => {
      const tasks = await bodyOf('her tasks', platform.client('notifications', supervisor).GET('/v1/tasks', { params: { query: { mine: true, caseId } } }), 200);
      taskId = tasks.items.find((task) => task.trigger === 'CARE_SERIOUS_INCIDENT')?.taskId ?? '';
      return taskId !== '';
    });
    await waitFor('the supervisor’s email', async () => (await catcher.messages(email)).some((mail) => mail.text.includes(taskId)));
    console.warn(`serious incident → supervisor's email in ${Date.now() - reportedAt} ms (care, JetStream, notifications, SMTP)`);

    const [mail] = await catcher.messages(email);
    expect(mail.subject).toContain(registered.caseNumber);
    expect(`${mail.subject}\n${mail.text}`).not.toMatch(/Yeimy|Tzul|Caal|brazo/);

    const acknowledged = await bodyOf('acknowledging', platform.client('notifications', supervisor).POST('/v1/tasks/{taskId}/acknowledge', { params: { path: { taskId } } }), 200);
    expect(acknowledged).toMatchObject({ status: 'ACKNOWLEDGED', escalatesAt: null, acknowledgedBy: 'sup-chp-night' });
  });
});
