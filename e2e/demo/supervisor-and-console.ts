// The demo's last two steps: an alert that reaches the supervisor on shift, and the console's timeline of the case.
import { ItemOf } from '@opis/api-clients';
import type { CaughtMail } from '@opis/platform-tools';

import { Cast, copiesArrive, inventedFamilyName, minutesAgo, register, registration, RUN } from './cast';
import { api, check, expectStatus, GATEWAY_URL, log, MAIL_CATCHER_URL, section, until } from './steps';

// ---------------------------------------------------------------------------------------------
// 5. An alert that reaches a person: a serious incident, the supervisor on shift, her email.


export async function alertReachesSupervisor(cast: Cast): Promise<{ caseId: string; caseNumber: string }> {
  const givenNames = 'Yeimi Demo';
  const familyNames = `${inventedFamilyName()} ${inventedFamilyName()}`;
  section(`5 · ${givenNames} ${familyNames} (invented), 12, from Honduras: a serious incident reaches the supervisor on shift`);

  const supervisorEmail = `supervision.chp.${RUN.toLowerCase()}@opis.invalid`;
  const shift = expectStatus(
    await api(cast.supervisor, 'notifications').POST('/v1/shifts', {
      body: {
        subject: cast.supervisor.label,
        role: 'SUPERVISOR',
        officeCode: 'CHP',
        startsAt: minutesAgo(5),
        endsAt: new Date(Date.now() + 8 * 3_600_000).toISOString(),
        email: supervisorEmail,
      },
    }),
    201,
    'putting the supervisor on shift',
  );
  log('notifications', `the CHP supervisor is on shift for eight hours; her alerts go to her work email`, [`shift ${shift.shiftId}`]);

  const registered = await register(
    cast,
    'child-5',
    registration(
      { givenNames, familyNames, sex: 'F', years: 12, nationality: 'HN', speaksSpanish: 'YES', languages: ['spa'] },
      { officeCode: 'CHP', migrationPointCode: 'CHP-CIUDAD-HIDALGO', detectedAt: minutesAgo(30), entryPath: 'DETECTED' },
    ),
  );
  const caseId = registered.caseId;
  log('intake', `registered: case ${registered.caseNumber}`);
  await copiesArrive(cast, caseId, ['care']);

  const reportedAt = Date.now();
  expectStatus(
    await api(cast.officer, 'care').POST('/v1/cases/{caseId}/incidents', {
      params: { path: { caseId } },
      body: { type: 'INJURY', severity: 'SERIOUS', occurredAt: minutesAgo(2), notes: 'Se lastimó el brazo al bajar de la litera; en valoración médica.' },
    }),
    200,
    'reporting the incident',
  );
  log('care', 'a serious incident reported by the officer on duty (care.incident.reported)');

  let taskId = '';
  await until('the supervisor\'s task', async () => {
    const tasks = expectStatus(await api(cast.supervisor, 'notifications').GET('/v1/tasks', { params: { query: { mine: true, caseId } } }), 200, 'listing her tasks');
    const task = tasks.items.find((candidate: ItemOf<typeof tasks.items>) => candidate.trigger === 'CARE_SERIOUS_INCIDENT');
    taskId = task?.taskId ?? '';
    return taskId !== '';
  });
  log('notifications', `a task for the supervisor, ${Date.now() - reportedAt} ms after the report`, [`task ${taskId}: CARE_SERIOUS_INCIDENT, case ${registered.caseNumber}`]);

  let mail: CaughtMail | undefined;
  await until('the supervisor\'s email', async () => {
    const mails = (await (await fetch(`${MAIL_CATCHER_URL}/messages?to=${encodeURIComponent(supervisorEmail)}`)).json()) as CaughtMail[];
    mail = mails.find((candidate) => candidate.text.includes(taskId));
    return mail !== undefined;
  });
  const caught = mail as CaughtMail;
  check(caught.subject.includes(registered.caseNumber), `the email should name case ${registered.caseNumber}: "${caught.subject}"`);
  const leaked = [givenNames, ...familyNames.split(' ')].filter((name) => `${caught.subject}\n${caught.text}`.includes(name));
  check(leaked.length === 0, `the email must not carry the child's name, carries ${leaked.join(', ')}`);
  log('notifications', `an email in her inbox, ${Date.now() - reportedAt} ms after the report`, [`"${caught.subject}"`, 'case number, kind of alert and a link; no name']);

  const acknowledged = expectStatus(await api(cast.supervisor, 'notifications').POST('/v1/tasks/{taskId}/acknowledge', { params: { path: { taskId } } }), 200, 'acknowledging');
  check(acknowledged.status === 'ACKNOWLEDGED' && acknowledged.escalatesAt === null, `acknowledged, it should stop escalating: ${acknowledged.status}, ${acknowledged.escalatesAt}`);
  log('notifications', 'she acknowledges it: it will not escalate to the national duty officer');
  return { caseId, caseNumber: registered.caseNumber };
}

/** The console's gateway (issue 23): the app, and the case's timeline from every service's events. */
export async function consoleShowsTheCase(cast: Cast, child: { caseId: string; caseNumber: string }): Promise<void> {
  section(`6 · the officers' console at ${GATEWAY_URL}: case ${child.caseNumber} as the supervisor sees it`);
  const page = await fetch(`${GATEWAY_URL}/`);
  const html = await page.text();
  check(page.ok && html.includes('<div id="root">'), `the console's page should be served: HTTP ${page.status}`);
  log('demo', `the console is served (${page.headers.get('content-security-policy') ? 'with its content security policy' : 'without a content security policy'})`);

  interface Timeline {
    items: Array<{ service: string; type: string; occurredAt: string; actor: { kind: string; id: string } }>;
  }
  let timeline: Timeline = { items: [] };
  await until('the timeline to hold intake, care and notifications', async () => {
    const answer = await fetch(`${GATEWAY_URL}/v1/cases/${child.caseId}/timeline`, { headers: { authorization: `Bearer ${cast.supervisor.token}` } });
    if (answer.status === 404) return false;
    check(answer.ok, `the timeline: expected HTTP 200, got ${answer.status}`);
    timeline = (await answer.json()) as Timeline;
    const services = new Set(timeline.items.map((item) => item.service));
    return ['intake', 'care', 'notifications'].every((service) => services.has(service));
  });
  const times = timeline.items.map((item) => item.occurredAt);
  check(times.every((time, index) => index === 0 || times[index - 1] <= time), 'the timeline should be in the order things happened');
  log(
    'demo',
    `the timeline, one read model fed by events (${timeline.items.length} entries, in order):`,
    timeline.items.map((item) => `${item.occurredAt.slice(11, 19)}  ${item.type}  (${item.actor.kind} ${item.actor.id})`),
  );

  const throughGateway = await fetch(`${GATEWAY_URL}/api/notifications/v1/tasks?caseId=${child.caseId}`, { headers: { authorization: `Bearer ${cast.supervisor.token}` } });
  check(throughGateway.ok, `notifications through the gateway: expected HTTP 200, got ${throughGateway.status}`);
  log('demo', 'the services answer behind the console\'s one origin (/api/notifications/v1/tasks with her token)');
}