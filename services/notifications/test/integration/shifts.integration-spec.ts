import { NotificationsTestBed, startNotificationsTestBed } from './notifications-harness';

const at = (hoursFromNow: number): string => new Date(Date.now() + hoursFromNow * 3_600_000).toISOString();

/** Issue 22, shifts: a small roster per office, kept by its supervisors and office-admins; national duty by national-admin. */
describe('notifications: the roster', () => {
  let bed: NotificationsTestBed;

  beforeAll(async () => {
    bed = await startNotificationsTestBed('shifts', { NOTIFY_ESCALATION_INTERVAL_MS: '3600000' });
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('creates, reads, lists, sets again and cancels a shift, audited', async () => {
    const supervisor = await bed.service.token(['supervisor'], ['CHP'], 'sup-chp-1');
    const body = { officeCode: 'CHP', subject: 'opi-chp-0042', role: 'OFFICER', startsAt: at(-1), endsAt: at(7), email: 'opi42@inm.invalid', phone: '+529621234567' };
    const created = await bed.service.request('POST', '/v1/shifts', { token: supervisor, body });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/v1/shifts/${created.body.shiftId}`);
    expect(created.body).toEqual(expect.objectContaining({ ...body, createdBy: 'sup-chp-1' }));

    const officer = await bed.service.token(['officer'], ['CHP'], 'opi-chp-0042');
    const read = await bed.service.request('GET', created.headers.get('location') ?? '', { token: officer });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const list = await bed.service.request('GET', '/v1/shifts?office=CHP&limit=10', { token: officer });
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [created.body], nextCursor: null });

    const admin = await bed.service.token(['office-admin'], ['CHP'], 'adm-chp');
    const later = { startsAt: at(1), endsAt: at(9) };
    const moved = await bed.service.request('PUT', `/v1/shifts/${created.body.shiftId}`, { token: admin, body: { ...body, officeCode: undefined, ...later } });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({ ...created.body, ...later });

    const cancelled = await bed.service.request('POST', `/v1/shifts/${created.body.shiftId}/cancel`, { token: supervisor });
    expect(cancelled.status).toBe(200);
    expect((await bed.service.request('GET', `/v1/shifts/${created.body.shiftId}`, { token: officer })).status).toBe(404);
    // Cancelling again tells the keeper it is cancelled already.
    expect((await bed.service.request('POST', `/v1/shifts/${created.body.shiftId}/cancel`, { token: supervisor })).status).toBe(409);

    const audit = await bed.service.dataSource.query(`SELECT action, outcome FROM audit_log WHERE action LIKE 'shift.%' ORDER BY occurred_at, id`);
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'shift.create', outcome: 'allowed' },
        { action: 'shift.update', outcome: 'allowed' },
        { action: 'shift.cancel', outcome: 'allowed' },
      ]),
    );
  });

  it("answers another office's shift 404, refuses roles and offices that do not keep the roster, and checks the window", async () => {
    const chp = await bed.service.token(['supervisor'], ['CHP'], 'sup-chp-1');
    const body = { officeCode: 'CHP', subject: 'sup-chp-1', role: 'SUPERVISOR', startsAt: at(0), endsAt: at(8) };
    const shift = await bed.service.request('POST', '/v1/shifts', { token: chp, body });
    expect(shift.status).toBe(201);

    const tab = await bed.service.token(['supervisor'], ['TAB'], 'sup-tab-1');
    expect((await bed.service.request('GET', `/v1/shifts/${shift.body.shiftId}`, { token: tab })).status).toBe(404);
    expect((await bed.service.request('PUT', `/v1/shifts/${shift.body.shiftId}`, { token: tab, body: { ...body, officeCode: undefined } })).status).toBe(404);
    expect((await bed.service.request('GET', '/v1/shifts?office=CHP', { token: tab })).body).toEqual({ items: [], nextCursor: null });
    expect((await bed.service.request('POST', '/v1/shifts', { token: tab, body })).status).toBe(403);

    const officer = await bed.service.token(['officer'], ['CHP'], 'opi-chp-1');
    expect((await bed.service.request('POST', '/v1/shifts', { token: officer, body })).status).toBe(403);
    // The national duty roster is national data.
    const national = { subject: 'duty-1', role: 'NATIONAL_DUTY', startsAt: at(0), endsAt: at(12) };
    expect((await bed.service.request('POST', '/v1/shifts', { token: chp, body: national })).status).toBe(403);
    const admin = await bed.service.token(['national-admin'], [], 'adm-national');
    expect((await bed.service.request('POST', '/v1/shifts', { token: admin, body: national })).status).toBe(201);
    expect((await bed.service.request('POST', '/v1/shifts', { token: admin, body: { ...national, officeCode: 'CHP' } })).status).toBe(422);

    // A retried POST with its Idempotency-Key answers the first answer again and creates nothing more.
    const keyed = { token: chp, body: { ...body, subject: 'sup-chp-2' }, headers: { 'idempotency-key': 'roster-2026-12-06-sup-chp-2' } };
    const first = await bed.service.request('POST', '/v1/shifts', keyed);
    const again = await bed.service.request('POST', '/v1/shifts', keyed);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await bed.service.dataSource.query(`SELECT count(*)::int AS n FROM shift WHERE subject = 'sup-chp-2'`)).toEqual([{ n: 1 }]);

    const backwards = await bed.service.request('POST', '/v1/shifts', { token: chp, body: { ...body, endsAt: at(-1) } });
    expect(backwards.status).toBe(422);
    expect(backwards.headers.get('content-type')).toContain('application/problem+json');
    expect(backwards.body.errors).toEqual([expect.objectContaining({ field: 'endsAt', rule: 'shiftLength' })]);
    expect((await bed.service.request('POST', '/v1/shifts', { token: chp, body: { ...body, phone: '962 123 4567' } })).status).toBe(400);

    const refusals = await bed.service.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'shift.%' AND outcome = 'refused'`);
    expect(refusals[0].n).toBeGreaterThanOrEqual(4);
  });
});
