import { DeadlineScanner } from '../../src/deadlines/deadline-scanner.service';
import { ifMatchOf, IntakeHarness, registration, startIntake } from './intake-harness';

describe('a case from registration to closing', () => {
  let intake: IntakeHarness;
  let officer: string;
  let supervisor: string;

  beforeAll(async () => {
    intake = await startIntake('lifecycle', { DEADLINE_SCAN_INTERVAL_MS: '3600000' });
    officer = await intake.token(['officer'], ['CHP'], 'opi-chp-0007');
    supervisor = await intake.token(['supervisor'], ['CHP'], 'sup-chp-0001');
  });

  afterAll(async () => {
    await intake?.close();
  });

  const registerCase = async (overrides: Parameters<typeof registration>[0] = {}) => {
    const response = await intake.request('POST', '/v1/cases', { token: officer, body: registration(overrides) });
    expect(response.status).toBe(201);
    return response.body.caseId as string;
  };
  // The events of the current contracts: v1 of the registration follows v2 for subscribers not yet moved (events-and-identity checks both).
  const eventsOf = async (caseId: string) =>
    (await intake.dataSource.query(`SELECT subject, payload FROM outbox WHERE case_id = $1 AND subject NOT LIKE '%.registered.v1.%' ORDER BY position`, [caseId])) as Array<{
      subject: string;
      payload: { type: string; data: Record<string, unknown> };
    }>;
  const channelling = (overrides: Record<string, unknown> = {}) => ({
    channelledAt: new Date().toISOString(),
    facilityType: 'DIF_SHELTER',
    facilityId: 'DIF-CHP-TAPACHULA-01',
    facilityName: 'Albergue temporal DIF Tapachula',
    receivedBy: 'Lic. Rosa Méndez',
    receiptNumber: 'REC-2026-0042',
    actaNumber: 'ACTA-CHP-2026-0042',
    ...overrides,
  });

  it('notifies the Procuraduría, channels to DIF and closes, publishing each step in order', async () => {
    const caseId = await registerCase();
    const earlyClose = await intake.request('POST', `/v1/cases/${caseId}/close`, { token: officer });
    expect(earlyClose.status).toBe(422);
    expect(earlyClose.body).toMatchObject({ code: 'CLOSE_RECORDS_MISSING', rule: 'LM-02' });
    expect(earlyClose.body.errors.map((error: { field: string }) => error.field)).toEqual([
      'procuraduriaNotification',
      'difChannelling',
    ]);

    const notified = await intake.request('PUT', `/v1/cases/${caseId}/procuraduria-notification`, {
      token: officer,
      body: { notifiedAt: new Date().toISOString(), procuraduria: 'PPNNA Chiapas', officialName: 'Lic. Ana Ruiz', means: 'OFFICIAL_LETTER' },
    });
    expect(notified.status).toBe(200);
    expect(notified.body.deadlines.find((d: { clock: string }) => d.clock === 'PROCURADURIA_NOTIFICATION').state).toBe('MET');

    const channelled = await intake.request('PUT', `/v1/cases/${caseId}/dif-channelling`, { token: officer, body: channelling() });
    expect(channelled.status).toBe(200);
    expect(channelled.body.status).toBe('HANDED_OVER');

    const closed = await intake.request('POST', `/v1/cases/${caseId}/close`, { token: officer });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('CLOSED');

    const events = await eventsOf(caseId);
    expect(events.map((event) => event.payload.type)).toEqual([
      'intake.case.registered',
      'intake.case.procuraduria-notified',
      'intake.case.channelled-to-dif',
      'intake.case.closed',
    ]);
    const serialised = JSON.stringify(events);
    expect(serialised).not.toMatch(/Rosa|Ana Ruiz|Albergue|María/);

    const afterClose = await intake.request('PATCH', `/v1/cases/${caseId}`, {
      token: officer,
      body: { encounter: { migrationPoint: 'Tapachula' } },
      headers: await ifMatchOf(intake, caseId),
    });
    expect(afterClose.status).toBe(409);
  });

  it('never hands a child to a migration station (LM-08), audits the attempt and writes nothing', async () => {
    const caseId = await registerCase();
    const before = await eventsOf(caseId);
    for (const facilityType of ['ESTACION_MIGRATORIA', 'ESTANCIA_PROVISIONAL']) {
      const response = await intake.request('PUT', `/v1/cases/${caseId}/dif-channelling`, {
        token: officer,
        body: channelling({ facilityType }),
      });
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code: 'FACILITY_DETENTION', rule: 'LM-08' });
    }
    const cas = await intake.request('PUT', `/v1/cases/${caseId}/dif-channelling`, { token: officer, body: channelling({ facilityType: 'CAS' }) });
    expect(cas.body).toMatchObject({ status: 422, rule: 'GD-14' });

    expect(await eventsOf(caseId)).toEqual(before);
    expect(await intake.dataSource.query(`SELECT 1 FROM dif_channelling WHERE case_id = $1`, [caseId])).toEqual([]);
    const refusals = await intake.dataSource.query(
      `SELECT action, outcome, reason FROM audit_log WHERE case_id = $1 AND outcome = 'refused' ORDER BY occurred_at`,
      [caseId],
    );
    expect(refusals).toEqual([
      { action: 'case.channel-to-dif', outcome: 'refused', reason: 'FACILITY_DETENTION LM-08' },
      { action: 'case.channel-to-dif', outcome: 'refused', reason: 'FACILITY_DETENTION LM-08' },
      { action: 'case.channel-to-dif', outcome: 'refused', reason: 'PROTECTION_MEASURE_MISSING GD-14' },
    ]);
  });

  it('corrects a case: the event names the fields changed, never their values', async () => {
    const caseId = await registerCase();
    const corrected = await intake.request('PATCH', `/v1/cases/${caseId}`, {
      token: officer,
      body: { child: { familyNames: 'Pérez Xitumul', age: { years: 11, status: 'DISPUTED', candidates: [11, 14] } } },
      headers: await ifMatchOf(intake, caseId),
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body.child).toMatchObject({ familyNames: 'Pérez Xitumul', ageBand: '0-11' });
    const updated = (await eventsOf(caseId)).find((event) => event.payload.type === 'intake.case.updated');
    expect(updated?.payload.data).toMatchObject({ changedFields: ['child.familyNames', 'child.age'], ageBand: '0-11' });
    expect(JSON.stringify(updated)).not.toContain('Xitumul');

    const adult = await intake.request('PATCH', `/v1/cases/${caseId}`, {
      token: officer,
      body: { child: { dateOfBirth: null, age: { years: 20, status: 'DOCUMENTED' } } },
      headers: await ifMatchOf(intake, caseId),
    });
    expect(adult.status).toBe(422);
    expect(adult.body.rule).toBe('GD-12');
  });

  it('assigns an officer (supervisors only) and transfers to another office, which hides it from the first', async () => {
    const caseId = await registerCase();
    const byOfficer = await intake.request('PUT', `/v1/cases/${caseId}/assignment`, { token: officer, body: { officerId: 'opi-chp-0009' } });
    expect(byOfficer.status).toBe(403);
    const assigned = await intake.request('PUT', `/v1/cases/${caseId}/assignment`, { token: supervisor, body: { officerId: 'opi-chp-0009' } });
    expect(assigned.body.assignedOfficerId).toBe('opi-chp-0009');

    const transferred = await intake.request('POST', `/v1/cases/${caseId}/transfers`, {
      token: supervisor,
      body: { toOffice: 'TAB', reason: 'Family located in Villahermosa' },
    });
    expect(transferred.status).toBe(200);
    expect(transferred.body.officeCode).toBe('TAB');

    expect((await intake.request('GET', `/v1/cases/${caseId}`, { token: officer })).status).toBe(404);
    const tabasco = await intake.token(['officer'], ['TAB']);
    expect((await intake.request('GET', `/v1/cases/${caseId}`, { token: tabasco })).status).toBe(200);
    const national = await intake.token(['national'], []);
    expect((await intake.request('GET', `/v1/cases/${caseId}`, { token: national })).status).toBe(200);

    const transfer = (await eventsOf(caseId)).find((event) => event.payload.type === 'intake.case.transferred');
    expect(transfer).toMatchObject({
      subject: 'opis.intake.case.transferred.v1.TAB',
      payload: { data: { fromOffice: 'CHP', toOffice: 'TAB' } },
    });
  });

  it('answers another office’s case as missing and audits reads and refusals', async () => {
    const caseId = await registerCase();
    const outsider = await intake.token(['officer'], ['BCN'], 'opi-bcn-0001');
    const refused = await intake.request('GET', `/v1/cases/${caseId}`, { token: outsider });
    expect(refused.status).toBe(404);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect((await intake.request('GET', `/v1/cases/${caseId}`, { token: officer })).status).toBe(200);

    const trail = await intake.dataSource.query(
      `SELECT actor_subject, action, outcome FROM audit_log WHERE case_id = $1 ORDER BY occurred_at, id`,
      [caseId],
    );
    expect(trail).toEqual([
      { actor_subject: 'opi-chp-0007', action: 'case.register', outcome: 'allowed' },
      { actor_subject: 'opi-bcn-0001', action: 'case.read', outcome: 'refused' },
      { actor_subject: 'opi-chp-0007', action: 'case.read', outcome: 'allowed' },
    ]);
  });

  it('finds a case by its number, as a read by id: another office’s number is answered as an unknown one, audited', async () => {
    const registered = await intake.request('POST', '/v1/cases', { token: officer, body: registration({ child: { givenNames: 'Yesenia', familyNames: 'Caal' } }) });
    const { caseId, caseNumber } = registered.body as { caseId: string; caseNumber: string };
    const found = await intake.request('GET', `/v1/case-numbers/${caseNumber}`, { token: officer });
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ caseId, caseNumber });
    expect(found.headers.get('etag')).toBe(`"${found.body.version}"`);

    const outsider = await intake.token(['officer'], ['TAB'], 'opi-tab-0042');
    const elsewhere = await intake.request('GET', `/v1/case-numbers/${caseNumber}`, { token: outsider });
    const unknown = await intake.request('GET', `/v1/case-numbers/CHP-2000-999999`, { token: outsider });
    const malformed = await intake.request('GET', `/v1/case-numbers/not-a-number`, { token: outsider });
    for (const answer of [elsewhere, unknown, malformed]) {
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ code: unknown.body.code, detail: unknown.body.detail });
      expect(JSON.stringify(answer.body)).not.toContain(caseId);
    }
    const trail = await intake.dataSource.query(`SELECT actor_subject, action, outcome FROM audit_log WHERE case_id = $1 AND action = 'case.read' ORDER BY occurred_at, id`, [caseId]);
    expect(trail).toEqual([
      { actor_subject: 'opi-chp-0007', action: 'case.read', outcome: 'allowed' },
      { actor_subject: 'opi-tab-0042', action: 'case.read', outcome: 'refused' },
    ]);
  });

  it('corrects only the version read: If-Match required (428), a stale one refused (412), nothing written; the answer carries the new ETag', async () => {
    const caseId = await registerCase();
    const read = await intake.request('GET', `/v1/cases/${caseId}`, { token: officer });
    const etag = read.headers.get('etag') as string;
    expect(etag).toBe(`"${read.body.version}"`);
    const correction = { encounter: { migrationPoint: 'Tapachula' } };

    const without = await intake.request('PATCH', `/v1/cases/${caseId}`, { token: officer, body: correction });
    expect(without.status).toBe(428);
    expect(without.body.errors).toEqual([expect.objectContaining({ field: 'If-Match', rule: 'required' })]);

    const first = await intake.request('PATCH', `/v1/cases/${caseId}`, { token: officer, body: correction, headers: { 'if-match': etag } });
    expect(first.status).toBe(200);
    expect(first.body.encounter.migrationPoint).toBe('Tapachula');
    const newTag = first.headers.get('etag') as string;
    expect(newTag).toBe(`"${first.body.version}"`);
    expect(newTag).not.toBe(etag);

    // A second officer who read the same version: refused, nothing written, no event.
    const eventsBefore = (await eventsOf(caseId)).length;
    const stale = await intake.request('PATCH', `/v1/cases/${caseId}`, { token: supervisor, body: { encounter: { migrationPoint: 'Suchiate' } }, headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('VERSION_CHANGED');
    expect((await eventsOf(caseId)).length).toBe(eventsBefore);
    const now = await intake.request('GET', `/v1/cases/${caseId}`, { token: officer });
    expect(now.body.encounter.migrationPoint).toBe('Tapachula');
    expect(now.headers.get('etag')).toBe(newTag);

    // Any change of the case moves its version: a correction read before an assignment is stale.
    await intake.request('PUT', `/v1/cases/${caseId}/assignment`, { token: supervisor, body: { officerId: 'opi-chp-0009' } });
    const afterAssignment = await intake.request('PATCH', `/v1/cases/${caseId}`, { token: officer, body: { encounter: { migrationPoint: 'Suchiate' } }, headers: { 'if-match': newTag } });
    expect(afterAssignment.status).toBe(412);
    const refusals = await intake.dataSource.query(`SELECT reason FROM audit_log WHERE case_id = $1 AND action = 'case.correct' AND outcome = 'refused' ORDER BY occurred_at, id`, [caseId]);
    expect(refusals.map((row: { reason: string }) => row.reason)).toEqual(['IF_MATCH_REQUIRED', 'VERSION_CHANGED', 'VERSION_CHANGED']);
  });

  it('refuses a time before the case was detected (400, notBeforeCase) and a bare date for an instant, writing nothing', async () => {
    const caseId = await registerCase();
    const beforeCase = new Date(Date.now() - 3 * 60 * 60_000).toISOString();
    const early = await intake.request('PUT', `/v1/cases/${caseId}/dif-channelling`, { token: officer, body: channelling({ channelledAt: beforeCase }) });
    expect(early.status).toBe(400);
    expect(early.body.errors).toEqual([expect.objectContaining({ field: 'channelledAt', rule: 'notBeforeCase' })]);
    const bare = await intake.request('PUT', `/v1/cases/${caseId}/dif-channelling`, { token: officer, body: channelling({ channelledAt: new Date().toISOString().slice(0, 10) }) });
    expect(bare.status).toBe(400);
    expect(bare.body.errors).toEqual([expect.objectContaining({ field: 'channelledAt', rule: 'isInstant' })]);
    expect(await intake.dataSource.query(`SELECT 1 FROM dif_channelling WHERE case_id = $1`, [caseId])).toEqual([]);
    expect((await eventsOf(caseId)).map((event) => event.payload.type)).toEqual(['intake.case.registered']);
  });

  it('documents what it takes: uuid ids, the list’s ten query parameters, If-Match on a correction, only values that can be accepted', async () => {
    type Parameter = { in: string; name: string; required?: boolean; schema?: { format?: string; enum?: string[] } };
    const document = (await intake.request('GET', '/docs-json')).body as {
      paths: Record<string, Record<string, { parameters?: Parameter[] }>>;
      components: { schemas: Record<string, { properties: Record<string, { enum?: string[]; format?: string }> }> };
    };
    const parameters = (path: string, method: string) => (document.paths[path]?.[method]?.parameters ?? []).filter((parameter) => parameter.in !== undefined);
    expect(parameters('/v1/cases/{caseId}', 'get')).toEqual([expect.objectContaining({ in: 'path', name: 'caseId', schema: expect.objectContaining({ format: 'uuid' }) })]);
    expect(parameters('/v1/cases/{caseId}', 'patch').map((parameter) => `${parameter.in}:${parameter.name}:${parameter.required}`)).toEqual(['path:caseId:true', 'header:If-Match:true']);
    expect(parameters('/v1/case-numbers/{caseNumber}', 'get').map((parameter) => parameter.name)).toEqual(['caseNumber']);
    expect(parameters('/v1/cases', 'get').map((parameter) => parameter.name).sort()).toEqual(
      ['accompaniment', 'ageBand', 'cursor', 'detectedFrom', 'detectedTo', 'limit', 'name', 'nationality', 'office', 'status'],
    );
    expect(document.components.schemas.RecordDifChannellingDto?.properties.facilityType?.enum).toEqual(['DIF_SHELTER', 'CAS']);
    expect(document.components.schemas.RecordDifChannellingDto?.properties.channelledAt?.format).toBe('date-time');
    // An age determination offers only what can end the child flow; a registration takes any status.
    expect(document.components.schemas.DeterminedAgeDto?.properties.status?.enum).toEqual(['DOCUMENTED', 'ESTIMATED']);
    expect(Object.keys(document.components.schemas.DeterminedAgeDto?.properties ?? {}).sort()).toEqual(['candidates', 'status', 'years']);
    expect(document.components.schemas.AgeDto?.properties.status?.enum).toEqual(['DOCUMENTED', 'DECLARED', 'ESTIMATED', 'DISPUTED']);
  });

  it('lists cases of the caller’s offices with filters, name search and a cursor', async () => {
    const guatemalan = await registerCase({ child: { givenNames: 'Wendy', familyNames: 'Coj Tum' } });
    await registerCase({ child: { givenNames: 'Brayan', familyNames: 'Mejía', nationality: 'HN', countryOfResidence: 'HN' } });
    const byName = await intake.request('GET', '/v1/cases?name=wendi%20coj', { token: officer });
    expect(byName.status).toBe(200);
    expect(byName.body.items.map((item: { caseId: string }) => item.caseId)).toEqual([guatemalan]);
    const listed = await intake.dataSource.query(
      `SELECT actor_subject, actor_roles, outcome FROM audit_log WHERE action = 'case.list' AND case_id = $1`,
      [guatemalan],
    );
    expect(listed).toEqual([{ actor_subject: 'opi-chp-0007', actor_roles: ['officer'], outcome: 'allowed' }]);

    const hondurans = await intake.request('GET', '/v1/cases?nationality=HN', { token: officer });
    expect(hondurans.body.items.every((item: { nationality: string }) => item.nationality === 'HN')).toBe(true);

    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await intake.request('GET', `/v1/cases?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: officer });
      expect(page.status).toBe(200);
      for (const item of page.body.items) {
        expect(seen.has(item.caseId)).toBe(false);
        seen.add(item.caseId);
      }
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 50);
    const [{ n }] = await intake.dataSource.query(`SELECT count(*)::int AS n FROM intake_case WHERE office_code = 'CHP'`);
    expect(seen.size).toBe(n);

    expect((await intake.request('GET', '/v1/cases?ageBand=adult', { token: officer })).status).toBe(400);
    expect((await intake.request('GET', '/v1/cases?cursor=not-a-cursor', { token: officer })).status).toBe(400);
  });

  it('raises an overdue event once per clock and level, and shows the case overdue (INV-03)', async () => {
    const detectedAt = new Date(Date.now() - 25 * 3_600_000).toISOString();
    const caseId = await registerCase({ encounter: { detectedAt } });
    const view = await intake.request('GET', `/v1/cases/${caseId}`, { token: officer });
    expect(view.body.overdue).toBe(true);
    expect(view.body.deadlines.map((d: { state: string }) => d.state)).toEqual(['BREACHED', 'BREACHED']);

    const scanner = intake.app.get(DeadlineScanner);
    await scanner.runOnce();
    await scanner.runOnce();
    const overdue = (await eventsOf(caseId)).filter((event) => event.payload.type === 'intake.case.deadline-overdue');
    expect(overdue.map((event) => `${event.payload.data.clock}/${event.payload.data.level}`).sort()).toEqual([
      'DIF_CHANNELLING/BREACH',
      'DIF_CHANNELLING/ESCALATION',
      'PROCURADURIA_NOTIFICATION/BREACH',
      'PROCURADURIA_NOTIFICATION/ESCALATION',
    ]);
  });
});
