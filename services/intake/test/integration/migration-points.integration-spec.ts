import { IntakeHarness, counts, ifMatchOf, registration, startIntake } from './intake-harness';

/** The officer's own words for the place: they stay in intake and never reach an event. */
const OFFICERS_WORDS = 'junto a la gasolinera de la carretera a Suchiate';

interface OutboxRow {
  event_type: string;
  case_version: string;
  payload: { version: number; data: Record<string, unknown> };
}

/** Issue 19: a case names its migration point by code; events carry the code, never free text. */
describe('migration points', () => {
  let intake: IntakeHarness;

  beforeAll(async () => {
    intake = await startIntake('migration-points');
  });

  afterAll(async () => {
    await intake?.close();
  });

  const outboxOf = async (caseId: string): Promise<OutboxRow[]> =>
    intake.dataSource.query(`SELECT event_type, case_version::text, payload FROM outbox WHERE case_id = $1 ORDER BY case_version`, [caseId]);

  const auditOf = async (action: string): Promise<Array<{ outcome: string; actor_subject: string; request_id: string | null }>> =>
    intake.dataSource.query(`SELECT outcome, actor_subject, request_id FROM audit_log WHERE action = $1 ORDER BY occurred_at`, [action]);

  it('registers a case at a coded point: v2 carries the code, v1 the point’s registered name, neither the officer’s words', async () => {
    const token = await intake.token(['officer'], ['CHP']);
    const body = registration({ encounter: { migrationPointCode: 'CHP-CIUDAD-HIDALGO', migrationPoint: OFFICERS_WORDS } });
    const response = await intake.request('POST', '/v1/cases', { token, body });
    expect(response.status).toBe(201);
    const { caseId } = response.body as { caseId: string };

    const events = await outboxOf(caseId);
    expect(events.map((event) => [event.event_type, event.payload.version, event.case_version])).toEqual([
      ['intake.case.registered', 2, '1'],
      ['intake.case.registered', 1, '2'],
    ]);
    expect(events[0].payload.data).toMatchObject({ migrationPointCode: 'CHP-CIUDAD-HIDALGO' });
    expect(events[0].payload.data).not.toHaveProperty('migrationPoint');
    expect(events[1].payload.data).toMatchObject({ migrationPoint: 'Ciudad Hidalgo, puente Rodolfo Robles' });
    expect(JSON.stringify(events)).not.toContain('gasolinera');

    const read = await intake.request('GET', `/v1/cases/${caseId}`, { token });
    expect(read.body.encounter).toMatchObject({ migrationPointCode: 'CHP-CIUDAD-HIDALGO', migrationPoint: OFFICERS_WORDS });
  });

  it('without a code takes the office’s -OTRO point, and then needs the place described', async () => {
    const token = await intake.token(['officer'], ['TAB']);
    const described = await intake.request('POST', '/v1/cases', { token, body: registration({ encounter: { officeCode: 'TAB', migrationPoint: OFFICERS_WORDS } }) });
    expect(described.status).toBe(201);
    const [v2] = await outboxOf(described.body.caseId as string);
    expect(v2.payload.data).toMatchObject({ migrationPointCode: 'TAB-OTRO' });

    const before = await counts(intake);
    const bare = registration({ encounter: { officeCode: 'TAB' } });
    delete (bare.encounter as Record<string, unknown>).migrationPoint;
    const refused = await intake.request('POST', '/v1/cases', { token, body: bare });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toContainEqual(expect.objectContaining({ field: 'encounter.migrationPoint', rule: 'isString' }));
    expect((refused.body.errors as Array<{ field: string }>).every((error) => error.field === 'encounter.migrationPoint')).toBe(true);
    expect(await counts(intake)).toEqual(before);
  });

  it.each([
    ['another office’s point', 'TAB-EL-CEIBO', 'isPointOfOffice'],
    ['an unknown point', 'CHP-NO-SUCH-POINT', 'isActiveMigrationPoint'],
  ])('refuses %s with a 400 naming encounter.migrationPointCode, and writes nothing', async (_, code, rule) => {
    const token = await intake.token(['officer'], ['CHP']);
    const before = await counts(intake);
    const refused = await intake.request('POST', '/v1/cases', { token, body: registration({ encounter: { migrationPointCode: code } }) });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'encounter.migrationPointCode', rule })]);
    expect(await counts(intake)).toEqual(before);
  });

  it('lets an office-admin keep its own office’s points only, audited; a new point is usable at once and a retired one refused', async () => {
    const admin = await intake.token(['office-admin'], ['CHP'], 'admin-chp');
    const officer = await intake.token(['officer'], ['CHP']);
    const point = { name: 'Suchiate, paso de balsas', kind: 'LAND' };

    const registered = await intake.request('PUT', '/v1/migration-points/CHP-SUCHIATE', { token: admin, body: point });
    expect(registered.status).toBe(201);
    expect(registered.headers.get('location')).toBe('/v1/migration-points/CHP-SUCHIATE');
    expect(registered.body).toEqual({ code: 'CHP-SUCHIATE', officeCode: 'CHP', name: point.name, kind: 'LAND', active: true });
    const listed = await intake.request('GET', '/v1/migration-points?office=CHP&limit=200', { token: officer });
    expect((listed.body.items as Array<{ code: string }>).map((row) => row.code)).toEqual(
      ['CHP-AEROPUERTO-TAPACHULA', 'CHP-CIUDAD-CUAUHTEMOC', 'CHP-CIUDAD-HIDALGO', 'CHP-OTRO', 'CHP-SUCHIATE', 'CHP-TALISMAN'],
    );
    const atSuchiate = await intake.request('POST', '/v1/cases', { token: officer, body: registration({ encounter: { migrationPointCode: 'CHP-SUCHIATE' } }) });
    expect(atSuchiate.status).toBe(201);

    const otherOffice = await intake.request('PUT', '/v1/migration-points/TAB-TENOSIQUE', { token: admin, body: point });
    expect(otherOffice.status).toBe(403);
    expect(otherOffice.body.errors).toEqual([expect.objectContaining({ field: 'officeCode', rule: 'officeScope' })]);
    const byOfficer = await intake.request('PUT', '/v1/migration-points/CHP-OTRA-BALSA', { token: officer, body: point });
    expect(byOfficer.status).toBe(403);
    const national = await intake.token(['national-admin'], ['CMX'], 'admin-national');
    expect((await intake.request('PUT', '/v1/migration-points/TAB-TENOSIQUE', { token: national, body: point })).status).toBe(201);

    const retired = await intake.request('PUT', '/v1/migration-points/CHP-SUCHIATE', { token: admin, body: { ...point, active: false } });
    expect(retired.status).toBe(200);
    const atRetired = await intake.request('POST', '/v1/cases', { token: officer, body: registration({ encounter: { migrationPointCode: 'CHP-SUCHIATE' } }) });
    expect(atRetired.status).toBe(400);
    expect(atRetired.body.errors).toEqual([expect.objectContaining({ field: 'encounter.migrationPointCode', rule: 'isActiveMigrationPoint' })]);
    // The case registered there keeps its point.
    const kept = await intake.request('GET', `/v1/cases/${atSuchiate.body.caseId as string}`, { token: officer });
    expect(kept.body.encounter.migrationPointCode).toBe('CHP-SUCHIATE');

    const audit = await auditOf('migration-point.upsert');
    expect(audit.map((entry) => [entry.actor_subject, entry.outcome])).toEqual([
      ['admin-chp', 'allowed'],
      ['admin-chp', 'refused'],
      ['admin-national', 'allowed'],
      ['admin-chp', 'allowed'],
    ]);
    expect(audit.every((entry) => entry.request_id !== null)).toBe(true);
  });

  it('corrects a case’s point by code, and names the field in the update event', async () => {
    const supervisor = await intake.token(['supervisor'], ['CHP']);
    const { body } = await intake.request('POST', '/v1/cases', { token: supervisor, body: registration() });
    const caseId = body.caseId as string;
    const corrected = await intake.request('PATCH', `/v1/cases/${caseId}`, {
      token: supervisor,
      body: { encounter: { migrationPointCode: 'CHP-TALISMAN' } },
      headers: await ifMatchOf(intake, caseId),
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body.encounter.migrationPointCode).toBe('CHP-TALISMAN');
    const events = await outboxOf(caseId);
    expect(events.at(-1)).toMatchObject({ event_type: 'intake.case.updated', payload: { data: { changedFields: ['encounter.migrationPointCode'] } } });

    const unknown = await intake.request('PATCH', `/v1/cases/${caseId}`, {
      token: supervisor,
      body: { encounter: { migrationPointCode: 'CHP-NO-SUCH-POINT' } },
      headers: await ifMatchOf(intake, caseId),
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'encounter.migrationPointCode', rule: 'isActiveMigrationPoint' })]);
  });
});
