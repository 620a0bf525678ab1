import { careNeedDeliveredV1, careNeedOverdueV1 } from '@opis/contracts-care';
import { callOverdueV1 } from '@opis/contracts-family-contact';
import { caseRegisteredV2 } from '@opis/contracts-intake';
import { metricsUrlOf } from '@opis/platform';
import { waitFor } from '@opis/testing';

import { mailText, NotificationsTestBed, startNotificationsTestBed } from './notifications-harness';

const iso = (minutesFromNow: number): string => new Date(Date.now() + minutesFromNow * 60_000).toISOString();

/** Reads server-sent events from a response body until `until` holds for one of them (or the deadline). */
async function readEvents(body: ReadableStream<Uint8Array>, until: (data: { change: string; task: { taskId: string; trigger: string } }) => boolean): Promise<Array<{ change: string; task: { taskId: string; trigger: string } }>> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const seen: Array<{ change: string; task: { taskId: string; trigger: string } }> = [];
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return seen;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split('\n').find((line) => line.startsWith('data: '));
      if (data) {
        const event = JSON.parse(data.slice('data: '.length));
        seen.push(event);
        if (until(event)) {
          await reader.cancel();
          return seen;
        }
      }
      end = buffer.indexOf('\n\n');
    }
  }
}

/**
 * Issue 22, delivery: the API (mine, acknowledge, close), the live stream, email through SMTP and
 * SMS through the webhook provider; what a message may say is the case number, the kind of alert
 * and a link, never anything about the child.
 */
describe('notifications: delivery to people', () => {
  let bed: NotificationsTestBed;

  beforeAll(async () => {
    bed = await startNotificationsTestBed('delivery', { NOTIFY_ESCALATION_INTERVAL_MS: '3600000' });
    await bed.onDuty({ subject: 'opi-chp-7', role: 'OFFICER', officeCode: 'CHP', email: 'opi7@inm.invalid', phone: '+529620000007' });
    await bed.onDuty({ subject: 'opi-chp-8', role: 'OFFICER', officeCode: 'CHP', email: 'opi8@inm.invalid' });
    await bed.onDuty({ subject: 'opi-tab-1', role: 'OFFICER', officeCode: 'TAB', email: 'opitab@inm.invalid' });
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('lists my tasks, acknowledges and closes them with an outcome; another office answers 404', async () => {
    const { caseId } = await bed.registerCase('CHP', 'opi-chp-7');
    const tabasco = await bed.registerCase('TAB');
    await bed.publish(careNeedOverdueV1, caseId, 'CHP', { need: 'REST', detectedAt: iso(-300), dueAt: iso(-60) });
    await bed.publish(careNeedOverdueV1, tabasco.caseId, 'TAB', { need: 'REST', detectedAt: iso(-300), dueAt: iso(-60) });
    await bed.consumed();

    const mine = await bed.service.token(['officer'], ['CHP'], 'opi-chp-7');
    const other = await bed.service.token(['officer'], ['CHP'], 'opi-chp-8');
    const page = await bed.service.request('GET', `/v1/tasks?mine=true&status=OPEN&caseId=${caseId}`, { token: mine });
    expect(page.status).toBe(200);
    expect(page.body.nextCursor).toBeNull();
    expect(page.body.items).toEqual([
      expect.objectContaining({ trigger: 'CARE_NEED_OVERDUE', subject: 'REST', caseId, officeCode: 'CHP', status: 'OPEN', level: 0, recipients: [expect.objectContaining({ subject: 'opi-chp-7', reason: 'ASSIGNED' })] }),
    ]);
    const task = page.body.items[0];
    expect((await bed.service.request('GET', `/v1/tasks?mine=true&caseId=${caseId}`, { token: other })).body.items).toEqual([]);
    // The office sees it without mine; the other office neither in the list nor by id.
    expect((await bed.service.request('GET', `/v1/tasks?caseId=${caseId}`, { token: other })).body.items).toHaveLength(1);
    const tab = await bed.service.token(['officer', 'supervisor'], ['TAB'], 'opi-tab-1');
    expect((await bed.service.request('GET', `/v1/tasks?caseId=${caseId}`, { token: tab })).body.items).toEqual([]);
    for (const [method, path] of [
      ['GET', `/v1/tasks/${task.taskId}`],
      ['POST', `/v1/tasks/${task.taskId}/acknowledge`],
    ] as const) {
      const refused = await bed.service.request(method, path, { token: tab });
      expect(refused.status).toBe(404);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await bed.service.request('POST', `/v1/tasks/${task.taskId}/close`, { token: tab, body: { outcome: 'RESOLVED' } })).status).toBe(404);

    const auditor = await bed.service.token(['auditor'], ['CHP'], 'aud-chp');
    expect((await bed.service.request('POST', `/v1/tasks/${task.taskId}/acknowledge`, { token: auditor })).status).toBe(403);

    const ack = await bed.service.request('POST', `/v1/tasks/${task.taskId}/acknowledge`, { token: other });
    expect(ack.status).toBe(200);
    expect(ack.body).toEqual(expect.objectContaining({ status: 'ACKNOWLEDGED', acknowledgedBy: 'opi-chp-8', escalatesAt: null }));
    const metricsUrl = metricsUrlOf(bed.service.app);
    const metrics = await (await fetch(`${metricsUrl}/metrics`)).text();
    expect(metrics).toMatch(/^opis_notifications_time_to_acknowledge_seconds_count\{[^}]*trigger="CARE_NEED_OVERDUE"[^}]*\} 1$/m);
    // Tabasco's task is still unacknowledged.
    expect(metrics).toMatch(/^opis_notifications_tasks_unacknowledged\{trigger="CARE_NEED_OVERDUE",level="0"[^}]*\} 1$/m);
    expect((await bed.service.request('POST', `/v1/tasks/${task.taskId}/close`, { token: mine, body: { outcome: 'CLEARED' } })).status).toBe(400);
    const closed = await bed.service.request('POST', `/v1/tasks/${task.taskId}/close`, { token: mine, body: { outcome: 'RESOLVED' } });
    expect(closed.status).toBe(200);
    expect(closed.body).toEqual(expect.objectContaining({ status: 'CLOSED', closedBy: 'opi-chp-7', outcome: 'RESOLVED' }));
    expect((await bed.service.request('POST', `/v1/tasks/${task.taskId}/acknowledge`, { token: mine })).status).toBe(409);

    const audit = await bed.service.dataSource.query(`SELECT action, outcome FROM audit_log WHERE case_id = $1 ORDER BY occurred_at, id`, [caseId]);
    expect(audit.map((row: { action: string; outcome: string }) => `${row.action} ${row.outcome}`)).toEqual(
      expect.arrayContaining(['task.list allowed', 'task.acknowledge allowed', 'task.close allowed', 'task.acknowledge refused']),
    );
  });

  it('sends email and SMS carrying the case number, the kind of alert and a link, and nothing about the child', async () => {
    const { caseId, caseNumber } = await bed.registerCase('CHP', 'opi-chp-7');
    await bed.publish(careNeedOverdueV1, caseId, 'CHP', { need: 'HEALTH', detectedAt: iso(-300), dueAt: iso(-60) });
    await bed.consumed();
    const [task] = await bed.tasksOf(caseId);
    await waitFor('the email and the SMS', () => bed.mail.mails.some((mail) => mailText(mail).includes(task.id)) && bed.sms.messages.some((sms) => sms.text.includes(task.id)));

    const mail = bed.mail.mails.find((candidate) => mailText(candidate).includes(task.id));
    expect(mail?.to).toEqual(['opi7@inm.invalid']);
    const text = mailText(mail ?? { to: [], raw: '' });
    const body = text.slice(text.search(/\r?\n\r?\n/)).trim().split(/\r?\n/);
    expect(text).toMatch(new RegExp(`^Subject: \\[OPIS\\] Necesidad inmediata vencida: caso ${caseNumber}\\r?$`, 'm'));
    // Every line of the body is one of these, and nothing else.
    const allowed = [
      /^Alerta: Necesidad inmediata vencida$/,
      /^Tipo: CARE_NEED_OVERDUE$/,
      new RegExp(`^Caso: ${caseNumber}$`),
      /^Oficina: CHP$/,
      /^Atender antes de: \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
      new RegExp(`^Abrir: https://consola\\.opis\\.invalid/v1/tasks/${task.id}$`),
      /^$/,
      /^Confirme la recepción en el enlace; sin confirmación la alerta escala\.$/,
    ];
    for (const line of body) expect(allowed.some((pattern) => pattern.test(line))).toBe(true);
    const sms = bed.sms.messages.find((candidate) => candidate.text.includes(task.id));
    expect(sms?.to).toBe('+529620000007');
    expect(sms?.text).toBe(`OPIS: Necesidad inmediata vencida. Caso ${caseNumber}. https://consola.opis.invalid/v1/tasks/${task.id}`);
    // What intake's registration said about the child (categories, a pseudonymous person id) reaches no message.
    const registration = caseRegisteredV2.example;
    for (const message of [text, sms?.text ?? '']) {
      for (const datum of [registration.personId, registration.ageBand, registration.detectedAt, 'GT', 'quc', caseId]) expect(message).not.toContain(datum);
    }
  });

  it('retries an SMS the provider refused, and sends nothing for a task closed before it went out', async () => {
    const smsOf = async (taskId: string): Promise<Array<{ status: string; attempts: number }>> =>
      bed.service.dataSource.query(`SELECT status, attempts FROM delivery WHERE channel = 'SMS' AND task_id = $1`, [taskId]);
    bed.sms.status = 503;
    const { caseId } = await bed.registerCase('CHP', 'opi-chp-7');
    await bed.publish(careNeedOverdueV1, caseId, 'CHP', { need: 'CLOTHING', detectedAt: iso(-300), dueAt: iso(-60) });
    await bed.publish(careNeedOverdueV1, caseId, 'CHP', { need: 'FOOD', detectedAt: iso(-300), dueAt: iso(-60) });
    await bed.consumed();
    const [clothing, food] = await bed.tasksOf(caseId);
    await waitFor('a refused attempt of each', async () => [...(await smsOf(clothing.id)), ...(await smsOf(food.id))].every((row) => row.attempts === 1 && row.status === 'PENDING'));
    // The food is given before the provider is back: that alert is moot.
    await bed.publish(careNeedDeliveredV1, caseId, 'CHP', { need: 'FOOD', deliveredAt: iso(-1), firstDelivery: true, late: true, minutesSinceDetection: 299 });
    await bed.consumed();
    bed.sms.status = 200;
    bed.clock.advance(1);
    await waitFor('the retry', async () => (await smsOf(clothing.id))[0]?.status === 'SENT');
    expect(await smsOf(clothing.id)).toEqual([{ status: 'SENT', attempts: 2 }]);
    await waitFor('the moot one cancelled', async () => (await smsOf(food.id))[0]?.status === 'CANCELLED');
    expect(bed.sms.messages.filter((message) => message.text.includes(food.id))).toEqual([]);
  });

  it('streams task changes of my offices to the console as server-sent events', async () => {
    const token = await bed.service.token(['officer'], ['CHP'], 'opi-chp-8');
    const response = await fetch(`${bed.service.url}/v1/tasks/stream?mine=true`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = readEvents(response.body as ReadableStream<Uint8Array>, (event) => event.change === 'OPENED' && event.task.trigger === 'FAMILY_FIRST_CALL_OVERDUE');
    // A Tabasco task first, which this Chiapas officer must not see, then one addressed to them.
    const tabasco = await bed.registerCase('TAB');
    await bed.publish(careNeedOverdueV1, tabasco.caseId, 'TAB', { need: 'FOOD', detectedAt: iso(-300), dueAt: iso(-60) });
    const { caseId } = await bed.registerCase('CHP');
    await bed.publish(callOverdueV1, caseId, 'CHP', { registeredAt: iso(-1500), detectedAt: iso(-1500), dueAt: iso(-60) });
    const seen = await events;
    expect(seen.map((event) => event.task.trigger)).toEqual(['FAMILY_FIRST_CALL_OVERDUE']);
    expect(await bed.service.dataSource.query(`SELECT outcome FROM audit_log WHERE action = 'task.stream' AND actor_subject = 'opi-chp-8'`)).toEqual([{ outcome: 'allowed' }]);

    const unauthenticated = await fetch(`${bed.service.url}/v1/tasks/stream`);
    expect(unauthenticated.status).toBe(401);
    await unauthenticated.text();
  });
});
