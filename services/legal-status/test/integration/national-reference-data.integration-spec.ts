import 'reflect-metadata';

import { mexicoCityDate, Role, WorkingDayCalendar } from '@opis/platform';

import { LegalTestBed, startLegalStatus } from './legal-harness';

interface AuditRow {
  action: string;
  outcome: string;
  actor_subject: string;
  actor_roles: string[];
  reason: string | null;
  request_id: string | null;
  source_ip: string | null;
}

/**
 * Issue 19, least privilege: the working-day calendar (holidays, suspensions) and the explanation
 * texts are national reference data, since they move deadlines and what children are told in
 * every office. Only a national-admin changes them; every change is audited with the request id
 * and the source address; a suspension is withdrawn, with a reason, never deleted.
 */
describe('legal-status national reference data: who may change it', () => {
  let bed: LegalTestBed;
  let officer: string;
  let nationalAdmin: string;

  beforeAll(async () => {
    bed = await startLegalStatus('legal-reference');
    officer = await bed.service.token(['officer'], ['CHP']);
    nationalAdmin = await bed.service.token(['national-admin'], [], 'natadmin-0001');
  });

  afterAll(async () => {
    await bed?.close();
  });

  /** Every role but national-admin, including an office-admin of many offices and the nationwide reader. */
  const OTHERS: Array<[Role[], Array<'CHP' | 'TAB' | 'CMX'>]> = [
    [['office-admin'], ['CHP']],
    [['office-admin', 'supervisor', 'officer'], ['CHP', 'TAB', 'CMX']],
    [['national'], []],
    [['officer'], ['CHP']],
    [['supervisor'], ['CHP']],
    [['auditor'], []],
    [['integration'], ['CHP']],
  ];
  const call = (method: string, path: string, token: string, body?: unknown, requestId?: string) =>
    bed.service.request(method, path, { token, body, headers: requestId ? { 'x-request-id': requestId } : {} });
  const audit = async (pattern: string): Promise<AuditRow[]> =>
    bed.service.dataSource.query(
      `SELECT action, outcome, actor_subject, actor_roles, reason, request_id, source_ip FROM audit_log WHERE action LIKE $1 ORDER BY occurred_at, id`,
      [pattern],
    );
  const tables = async () => ({
    holidays: await bed.service.count('calendar_holiday'),
    suspensions: await bed.service.count('clock_suspension'),
    withdrawals: await bed.service.count('clock_suspension_withdrawal'),
    explanations: await bed.service.dataSource.query(`SELECT topic, age_band, language, title, updated_by FROM explanation_text ORDER BY 1, 2, 3`),
  });

  it('refuses every change of the calendar and the explanation texts to every role but national-admin, as problem+json', async () => {
    const suspension = await call('POST', '/v1/calendar/suspensions', nationalAdmin, { from: '2099-03-02', to: '2099-03-06', legalBasis: 'Acuerdo COMAR, DOF' });
    expect(suspension.status).toBe(201);
    const before = await tables();
    const text = { title: 'Ri awujil', body: 'Xa jun kʼutbʼal: ri kʼaslemal rech ri akʼal, kʼo uchuqʼabʼ.' };
    for (const [roles, offices] of OTHERS) {
      const token = await bed.service.token(roles, offices);
      const attempts = [
        await call('PUT', '/v1/calendar/holidays/2099-03-09', token, { description: 'Día de asueto' }),
        await call('DELETE', '/v1/calendar/holidays/2099-03-09', token),
        await call('POST', '/v1/calendar/suspensions', token, { from: '2099-03-10', to: '2099-03-12', legalBasis: 'Acuerdo COMAR, DOF' }),
        await call('POST', `/v1/calendar/suspensions/${suspension.body.id}/withdrawal`, token, { reason: 'Declarada por error' }),
        await call('PUT', '/v1/explanations/RIGHTS/6-11/quc', token, text),
      ];
      for (const refused of attempts) {
        expect({ roles, status: refused.status }).toEqual({ roles, status: 403 });
        expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(refused.body).toMatchObject({ status: 403, code: 'ROLE_MISSING' });
      }
      // Every role that counts deadlines still reads the calendar and the texts.
      if (!roles.includes('integration')) {
        expect((await call('GET', '/v1/calendar?year=2099', token)).status).toBe(200);
        expect((await call('GET', '/v1/explanations?lang=spa', token)).status).toBe(200);
      }
    }
    expect(await tables()).toEqual(before);
    expect((await audit('explanation.%')).length).toBe(0);
  });

  it('lets a national-admin change an explanation text, audited with the request id and source', async () => {
    const text = { title: 'Ri awujil', body: 'Xa jun kʼutbʼal: ri kʼaslemal rech ri akʼal, kʼo uchuqʼabʼ.' };
    const put = await call('PUT', '/v1/explanations/RIGHTS/6-11/quc', nationalAdmin, text, 'req-explanation-1');
    expect(put.status).toBe(200);
    expect(put.headers.get('x-request-id')).toBe('req-explanation-1');
    expect((await call('GET', '/v1/explanations?lang=quc', nationalAdmin)).body).toEqual({
      items: [expect.objectContaining({ topic: 'RIGHTS', ageBand: '6-11', title: 'Ri awujil' })],
      nextCursor: null,
    });
    const unknownTopic = await call('PUT', '/v1/explanations/GOSSIP/6-11/quc', nationalAdmin, text, 'req-explanation-2');
    expect(unknownTopic.body).toMatchObject({ status: 400, errors: [{ field: 'topic', rule: 'isIn' }] });
    expect(await audit('explanation.%')).toEqual([
      {
        action: 'explanation.put',
        outcome: 'allowed',
        actor_subject: 'natadmin-0001',
        actor_roles: ['national-admin'],
        reason: null,
        request_id: 'req-explanation-1',
        source_ip: '127.0.0.1',
      },
      expect.objectContaining({ action: 'explanation.put', outcome: 'refused', reason: 'VALIDATION_FAILED', request_id: 'req-explanation-2', source_ip: '127.0.0.1' }),
    ]);
  });

  it('withdraws a suspension only with a reason; its days count again, and it stays on record', async () => {
    const caseId = await bed.register();
    const filedAt = new Date(Date.now() - 60_000);
    const claim = await call('POST', `/v1/cases/${caseId}/protection/claim`, officer, {
      filedAt: filedAt.toISOString(),
      representative: 'Lic. R. Pérez (PPNNA)',
      interpreterId: 'int-quc-7',
    });
    expect(claim.status).toBe(200);
    const federal = new WorkingDayCalendar();
    const start = mexicoCityDate(filedAt);
    const due = federal.addWorkingDays(start, 45);
    const decisionDueDate = async (): Promise<string> => (await call('GET', `/v1/cases/${caseId}/legal`, officer)).body.protection.decisionDueDate;

    const from = federal.addWorkingDays(start, 3);
    const to = federal.addWorkingDays(start, 7);
    const added = await call('POST', '/v1/calendar/suspensions', nationalAdmin, { from, to, legalBasis: 'Acuerdo COMAR, DOF' }, 'req-suspension-add');
    expect(added.status).toBe(201);
    const id: string = added.body.id;
    expect(await decisionDueDate()).toBe(federal.addWorkingDays(due, 5));

    const withdrawal = `/v1/calendar/suspensions/${id}/withdrawal`;
    // No reason, a blank one, or no body at all: 400 naming `reason`; nothing is withdrawn.
    for (const body of [{}, { reason: '   ' }, { reason: null }, undefined]) {
      const refused = await call('POST', withdrawal, nationalAdmin, body);
      expect({ body, status: refused.status }).toEqual({ body, status: 400 });
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'reason', rule: expect.any(String) })]));
    }
    const blank = await call('POST', withdrawal, nationalAdmin, { reason: '   ' });
    expect(blank.body.errors).toEqual([expect.objectContaining({ field: 'reason', rule: 'notBlank' })]);
    expect((await call('POST', withdrawal, nationalAdmin, {})).body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'reason', rule: 'isString' })]));
    const malformed = await call('POST', '/v1/calendar/suspensions/not-a-uuid/withdrawal', nationalAdmin, { reason: 'Declarada por error' });
    expect(malformed.body).toMatchObject({ status: 400, errors: [{ field: 'id', rule: 'isUUID' }] });
    expect((await call('POST', '/v1/calendar/suspensions/0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d99/withdrawal', nationalAdmin, { reason: 'Declarada por error' })).status).toBe(404);
    expect(await bed.service.count('clock_suspension_withdrawal')).toBe(0);
    expect(await decisionDueDate()).toBe(federal.addWorkingDays(due, 5));

    const withdrawn = await call('POST', withdrawal, nationalAdmin, { reason: ' El DOF publicó la fe de erratas: no hubo suspensión. ' }, 'req-suspension-withdraw');
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ id, from, to, legalBasis: 'Acuerdo COMAR, DOF', reason: 'El DOF publicó la fe de erratas: no hubo suspensión.' });
    // The suspended days count again: the decision date moves back.
    expect(await decisionDueDate()).toBe(due);
    const view = (await call('GET', `/v1/calendar?year=${from.slice(0, 4)}`, officer)).body;
    expect(view.suspensions.map((suspension: { id: string }) => suspension.id)).not.toContain(id);
    expect(view.withdrawnSuspensions).toEqual(expect.arrayContaining([expect.objectContaining({ id, from, to, reason: 'El DOF publicó la fe de erratas: no hubo suspensión.' })]));

    const again = await call('POST', withdrawal, nationalAdmin, { reason: 'Otra vez' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'SUSPENSION_ALREADY_WITHDRAWN', errors: [{ field: 'id', rule: 'notWithdrawn' }] });

    // Kept as history: the database itself refuses deleting the suspension or changing its withdrawal.
    await expect(bed.service.dataSource.query(`DELETE FROM clock_suspension WHERE id = $1`, [id])).rejects.toThrow(/kept as history/);
    await expect(bed.service.dataSource.query(`UPDATE clock_suspension_withdrawal SET reason = 'x' WHERE suspension_id = $1`, [id])).rejects.toThrow(/kept as history/);
    expect(await bed.service.dataSource.query(`SELECT withdrawn_by, request_id FROM clock_suspension_withdrawal WHERE suspension_id = $1`, [id])).toEqual([
      { withdrawn_by: 'natadmin-0001', request_id: 'req-suspension-withdraw' },
    ]);

    const entries = await audit('calendar.suspension.%');
    expect(entries.filter((entry) => entry.request_id === 'req-suspension-add' || entry.request_id === 'req-suspension-withdraw')).toEqual([
      { action: 'calendar.suspension.add', outcome: 'allowed', actor_subject: 'natadmin-0001', actor_roles: ['national-admin'], reason: null, request_id: 'req-suspension-add', source_ip: '127.0.0.1' },
      { action: 'calendar.suspension.withdraw', outcome: 'allowed', actor_subject: 'natadmin-0001', actor_roles: ['national-admin'], reason: null, request_id: 'req-suspension-withdraw', source_ip: '127.0.0.1' },
    ]);
    // Refusals by a rule are audited too (malformed id, unknown id, already withdrawn); each entry carries its request id.
    expect(entries.filter((entry) => entry.action === 'calendar.suspension.withdraw' && entry.outcome === 'refused').map((entry) => entry.reason)).toEqual([
      'VALIDATION_FAILED',
      'SUSPENSION_NOT_FOUND',
      'SUSPENSION_ALREADY_WITHDRAWN',
    ]);
    expect(entries.every((entry) => entry.request_id && entry.source_ip === '127.0.0.1')).toBe(true);
  });
});
