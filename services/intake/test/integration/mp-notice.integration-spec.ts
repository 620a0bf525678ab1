import { EventEnvelope, validateEvent } from '@opis/contracts-envelope';
import { mpNoticeOverdueV1, mpNotifiedV1 } from '@opis/contracts-intake';

import { DeadlineScanner } from '../../src/deadlines/deadline-scanner.service';
import { ifMatchOf, IntakeHarness, registration, startIntake } from './intake-harness';

const HOUR = 3_600_000;

/** RLM-05: trafficking indicators oblige the responsible officer to notify the federal Public Prosecutor (MP). */
describe('intake: the notice to the Public Prosecutor (issue 18 item 10, RLM-05)', () => {
  let intake: IntakeHarness;
  let officer: string;

  beforeAll(async () => {
    intake = await startIntake('mp-notice', { DEADLINE_SCAN_INTERVAL_MS: '3600000', MP_NOTICE_DUE_MINUTES: '720' });
    officer = await intake.token(['officer'], ['CHP'], 'opi-chp-0031');
  });

  afterAll(async () => {
    await intake?.close();
  });

  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  // A correction names the version it corrects (If-Match), as a client that read the case would.
  const call = async (method: string, path: string, body?: unknown) =>
    intake.request(method, path, { token: officer, body, headers: method === 'PATCH' ? await ifMatchOf(intake, path.split('/')[3] as string) : {} });
  const registerCase = async (overrides: Parameters<typeof registration>[0] = {}) => {
    const response = await call('POST', '/v1/cases', registration(overrides));
    expect(response.status).toBe(201);
    return response.body.caseId as string;
  };
  const eventsOf = async (caseId: string) =>
    ((await intake.dataSource.query(`SELECT payload FROM outbox WHERE case_id = $1 ORDER BY position`, [caseId])) as Array<{ payload: EventEnvelope }>).map(
      (row) => row.payload,
    );
  const notice = (overrides: Record<string, unknown> = {}) => ({
    notifiedAt: ago(10),
    notifiedBy: 'Lic. Jorge Salas, responsable de la oficina',
    mpOffice: 'FGR Fiscalía Especializada Tapachula',
    mpReference: 'FED/CHIS/TAP/0001234/2026',
    ...overrides,
  });
  const handOver = async (caseId: string) => {
    await call('PUT', `/v1/cases/${caseId}/procuraduria-notification`, { notifiedAt: ago(30), procuraduria: 'PPNNA Chiapas', officialName: 'Lic. Ana Ruiz', means: 'EMAIL' });
    await call('PUT', `/v1/cases/${caseId}/dif-channelling`, {
      channelledAt: ago(20),
      facilityType: 'DIF_SHELTER',
      facilityName: 'Albergue temporal DIF Tapachula',
      receivedBy: 'Lic. Rosa Méndez',
      receiptNumber: 'REC-9',
      actaNumber: 'ACTA-9',
    });
  };

  it('opens with the registration, shows in the case with its due time, is completed with who, when and the MP reference, and holds back the closing until then', async () => {
    const caseId = await registerCase({ encounter: { detectedAt: ago(60) }, screening: { traffickingIndicators: true } });
    const opened = await call('GET', `/v1/cases/${caseId}`);
    const registeredAt = Date.parse(opened.body.registeredAt);
    expect(opened.body.mpNotice).toMatchObject({ state: 'PENDING', overdue: false, notifiedAt: null, mpReference: null });
    expect(Date.parse(opened.body.mpNotice.openedAt)).toBe(registeredAt);
    expect(Date.parse(opened.body.mpNotice.dueAt)).toBe(registeredAt + 12 * HOUR);

    await handOver(caseId);
    const early = await call('POST', `/v1/cases/${caseId}/close`);
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ code: 'CLOSE_RECORDS_MISSING', rule: 'RLM-05', errors: [expect.objectContaining({ field: 'mpNotification' })] });

    const before = await eventsOf(caseId);
    for (const [body, field] of [
      [notice({ mpReference: undefined }), 'mpReference'],
      [notice({ notifiedBy: '' }), 'notifiedBy'],
      [notice({ notifiedAt: 'ayer' }), 'notifiedAt'],
    ] as const) {
      const response = await call('PUT', `/v1/cases/${caseId}/mp-notification`, body);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
    const beforeDetection = await call('PUT', `/v1/cases/${caseId}/mp-notification`, notice({ notifiedAt: ago(90) }));
    expect(beforeDetection.status).toBe(400);
    expect(beforeDetection.body.errors).toEqual([expect.objectContaining({ field: 'notifiedAt', rule: 'notBeforeCase' })]);
    expect(await eventsOf(caseId)).toEqual(before);

    const notifiedAt = ago(10);
    const done = await call('PUT', `/v1/cases/${caseId}/mp-notification`, notice({ notifiedAt }));
    expect(done.status).toBe(200);
    expect(done.body.mpNotice).toMatchObject({
      state: 'MET',
      overdue: false,
      notifiedAt,
      notifiedBy: 'Lic. Jorge Salas, responsable de la oficina',
      mpOffice: 'FGR Fiscalía Especializada Tapachula',
      mpReference: 'FED/CHIS/TAP/0001234/2026',
      recordedBy: 'opi-chp-0031',
    });
    const again = await call('PUT', `/v1/cases/${caseId}/mp-notification`, notice());
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'ALREADY_RECORDED', rule: 'RLM-05' });

    const notified = (await eventsOf(caseId)).find((event) => event.type === 'intake.case.mp-notified');
    expect(notified && validateEvent(mpNotifiedV1, notified)).toMatchObject({ ok: true });
    expect(notified?.data).toEqual({ notifiedAt, minutesSinceOpened: expect.any(Number), minutesSinceDetection: 50 });
    expect(JSON.stringify(await eventsOf(caseId))).not.toMatch(/FGR|FED\/CHIS|Salas/);

    expect((await call('POST', `/v1/cases/${caseId}/close`)).status).toBe(200);
  });

  it('raises intake.case.mp-notice-overdue once when the notice is late, and the case shows it overdue', async () => {
    const late = await registerCase({ screening: { traffickingIndicators: true } });
    const noIndicators = await registerCase();
    const scanner = intake.app.get(DeadlineScanner);
    const mpAlerts = async (caseId: string) => (await eventsOf(caseId)).filter((event) => event.type === 'intake.case.mp-notice-overdue');
    await scanner.runOnce(new Date(Date.now() + 11 * HOUR));
    expect(await mpAlerts(late)).toEqual([]);
    await scanner.runOnce(new Date(Date.now() + 13 * HOUR));
    await scanner.runOnce(new Date(Date.now() + 14 * HOUR));
    const alerts = await mpAlerts(late);
    expect(alerts).toHaveLength(1);
    expect(validateEvent(mpNoticeOverdueV1, alerts[0])).toMatchObject({ ok: true });
    const view = (await call('GET', `/v1/cases/${late}`)).body;
    expect(alerts[0].data).toEqual({ detectedAt: view.encounter.detectedAt, openedAt: view.mpNotice.openedAt, dueAt: view.mpNotice.dueAt });
    expect((await eventsOf(noIndicators)).some((event) => event.type === 'intake.case.mp-notice-overdue')).toBe(false);

    // As if the indicators had been recorded 13 hours ago: the view reads the clock now.
    await intake.dataSource.query(`UPDATE mp_notice_task SET opened_at = opened_at - interval '13 hours', due_at = due_at - interval '13 hours' WHERE case_id = $1`, [late]);
    expect((await call('GET', `/v1/cases/${late}`)).body.mpNotice).toMatchObject({ state: 'OVERDUE', overdue: true });
    const done = await call('PUT', `/v1/cases/${late}/mp-notification`, notice({ notifiedAt: ago(1) }));
    expect(done.body.mpNotice).toMatchObject({ state: 'MET', overdue: true });
  });

  it('follows corrections: indicators recorded later open the task, withdrawn they cancel it; with none, a notice is refused (409, RLM-05)', async () => {
    const caseId = await registerCase();
    expect((await call('GET', `/v1/cases/${caseId}`)).body.mpNotice).toBeNull();
    const none = await call('PUT', `/v1/cases/${caseId}/mp-notification`, notice());
    expect(none.status).toBe(409);
    expect(none.body).toMatchObject({ code: 'NO_MP_NOTICE_TASK', rule: 'RLM-05' });

    const flagged = await call('PATCH', `/v1/cases/${caseId}`, { screening: { traffickingIndicators: true } });
    expect(flagged.body.mpNotice).toMatchObject({ state: 'PENDING' });
    const withdrawn = await call('PATCH', `/v1/cases/${caseId}`, { screening: { traffickingIndicators: false } });
    expect(withdrawn.body.mpNotice).toMatchObject({ state: 'CANCELLED', cancelledAt: expect.any(String) });
    expect((await call('PUT', `/v1/cases/${caseId}/mp-notification`, notice())).body.code).toBe('NO_MP_NOTICE_TASK');
    // Cancelled, it is not raised when it would have been due.
    await intake.app.get(DeadlineScanner).runOnce(new Date(Date.now() + 13 * HOUR));
    expect((await eventsOf(caseId)).some((event) => event.type === 'intake.case.mp-notice-overdue')).toBe(false);

    const again = await call('PATCH', `/v1/cases/${caseId}`, { screening: { traffickingIndicators: true } });
    expect(again.body.mpNotice).toMatchObject({ state: 'PENDING', cancelledAt: null });
    await handOver(caseId);
    expect((await call('POST', `/v1/cases/${caseId}/close`)).body).toMatchObject({ status: 422, rule: 'RLM-05' });
    const refused = await intake.dataSource.query(
      `SELECT action, reason FROM audit_log WHERE case_id = $1 AND outcome = 'refused' ORDER BY occurred_at, id`,
      [caseId],
    );
    expect(refused).toEqual([
      { action: 'case.notify-mp', reason: 'NO_MP_NOTICE_TASK RLM-05' },
      { action: 'case.notify-mp', reason: 'NO_MP_NOTICE_TASK RLM-05' },
      { action: 'case.close', reason: 'CLOSE_RECORDS_MISSING RLM-05' },
    ]);
  });

  it('is still owed after a competent age determination took the person out of the child flow', async () => {
    const caseId = await registerCase({ screening: { traffickingIndicators: true } });
    const exited = await call('POST', `/v1/cases/${caseId}/exit-adult-flow`, {
      authority: 'PROCURADURIA',
      authorityOffice: 'PPNNA Chiapas',
      documentReference: 'PPNNA-CHP-EDAD-77',
      evidence: ['MULTIDISCIPLINARY_ASSESSMENT'],
      determinedAt: ago(5),
      age: { years: 19, status: 'ESTIMATED' },
    });
    expect(exited.body.status).toBe('EXIT_ADULT_FLOW');
    const done = await call('PUT', `/v1/cases/${caseId}/mp-notification`, notice({ notifiedAt: ago(1) }));
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'EXIT_ADULT_FLOW', mpNotice: { state: 'MET' } });
  });
});
