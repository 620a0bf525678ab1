import 'reflect-metadata';

import { FAMILY_MEMBER, PlanDriver, planDriver, RepatriationTestBed, registeredSample, resolvePam, startRepatriation } from './repatriation-harness';

/** When the registered sample case began (intake's detectedAt). */
const DETECTED_AT = registeredSample().detectedAt;
const minutesBefore = (at: string, minutes: number) => new Date(new Date(at).getTime() - minutes * 60_000).toISOString();

/**
 * docs/api.md applied to repatriation (issue 19): what creates answers 201 with a Location that
 * reads it back, every list is a page with `limit` and `cursor`, instants are date-times with a
 * zone, and a time recorded on a case is neither in the future nor before the case began.
 */
describe('repatriation: the API conventions (docs/api.md)', () => {
  let bed: RepatriationTestBed;
  let officer: string;
  let plans: PlanDriver;

  beforeAll(async () => {
    bed = await startRepatriation('api-conventions');
    officer = await bed.service.token(['officer'], ['CHP'], 'opi-chp-0042');
    plans = planDriver(bed, officer, await bed.service.token(['supervisor'], ['CHP'], 'sup-chp-0001'));
  });

  afterAll(async () => {
    await bed?.close();
  });

  const get = (url: string, token = officer) => bed.service.request('GET', url, { token });

  it('answers a proposal 201 with the Location that reads the plan, and lists a case’s plans a page at a time with a cursor', async () => {
    const { caseId, planId: first } = await plans.readyPlan();
    const read = await get(plans.path(caseId, first));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ planId: first, caseId, status: 'PROPOSED' });

    // A second plan for the same child: the first aborted, legal-status resolves the PAM again after it.
    expect((await plans.post(plans.path(caseId, first, 'abort'), { reason: 'HEALTH' })).status).toBe(200);
    await resolvePam(bed, caseId);
    const proposed = await plans.post(plans.path(caseId), { receivingCountry: 'GT', familyContactId: FAMILY_MEMBER });
    expect(proposed.status).toBe(201);
    const second = proposed.body.planId as string;
    expect(proposed.headers.get('location')).toBe(`/v1/cases/${caseId}/return-plans/${second}`);
    const located = await get(proposed.headers.get('location') as string);
    expect(located.status).toBe(200);
    expect(located.body).toEqual(proposed.body);

    const firstPage = await get(`${plans.path(caseId)}?limit=1`);
    expect(firstPage.status).toBe(200);
    expect(firstPage.body.items.map((plan: { planId: string }) => plan.planId)).toEqual([first]);
    expect(firstPage.body.nextCursor).toEqual(expect.any(String));
    const secondPage = await get(`${plans.path(caseId)}?limit=1&cursor=${encodeURIComponent(firstPage.body.nextCursor)}`);
    expect(secondPage.body.items.map((plan: { planId: string }) => plan.planId)).toEqual([second]);
    expect(secondPage.body.nextCursor).toBeNull();
    const whole = await get(plans.path(caseId));
    expect(whole.body).toEqual({ items: [firstPage.body.items[0], secondPage.body.items[0]], nextCursor: null });

    for (const [query, field, rule] of [
      ['cursor=not-a-cursor', 'cursor', 'isCursor'],
      [`cursor=${Buffer.from(JSON.stringify(['2026-12-01T00:00:00.000Z', 'x'])).toString('base64url')}`, 'cursor', 'isCursor'],
      ['limit=0', 'limit', 'min'],
      ['limit=201', 'limit', 'max'],
      ['limit=ten', 'limit', 'isInt'],
    ]) {
      const refused = await get(`${plans.path(caseId)}?${query}`);
      expect({ query, status: refused.status }).toEqual({ query, status: 400 });
      expect(refused.body.errors).toContainEqual(expect.objectContaining({ field, rule }));
    }
  });

  it('refuses a bare date where an instant is meant, and a time before the case began, naming the field; nothing is written', async () => {
    const { caseId, planId } = await plans.readyPlan({ fit: true });
    const fitness = plans.path(caseId, planId, 'fitness');
    const before = await bed.service.dataSource.query(`SELECT fit_to_travel, fitness_assessed_at FROM return_plan WHERE id = $1`, [planId]);

    const bareDate = await plans.put(fitness, { fitToTravel: true, assessedAt: DETECTED_AT.slice(0, 10) });
    expect(bareDate.status).toBe(400);
    expect(bareDate.body.errors).toEqual([expect.objectContaining({ field: 'assessedAt', rule: 'isInstant' })]);
    const withoutZone = await plans.put(fitness, { fitToTravel: true, assessedAt: '2026-12-01T10:00:00' });
    expect(withoutZone.body.errors).toEqual([expect.objectContaining({ field: 'assessedAt', rule: 'isInstant' })]);

    const beforeCase = await plans.put(fitness, { fitToTravel: true, assessedAt: minutesBefore(DETECTED_AT, 1) });
    expect(beforeCase.status).toBe(400);
    expect(beforeCase.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(beforeCase.body.errors).toEqual([expect.objectContaining({ field: 'assessedAt', rule: 'notBeforeCase' })]);
    const authority = await plans.confirmAuthority(caseId, planId, { acceptedAt: '1970-01-01T00:00:00Z' });
    expect(authority.body.errors).toEqual([expect.objectContaining({ field: 'acceptedAt', rule: 'notBeforeCase' })]);
    const future = await plans.put(fitness, { fitToTravel: true, assessedAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.status).toBe(422);
    expect(future.body.errors).toEqual([expect.objectContaining({ field: 'assessedAt', rule: 'notInFuture' })]);
    expect(await bed.service.dataSource.query(`SELECT fit_to_travel, fitness_assessed_at FROM return_plan WHERE id = $1`, [planId])).toEqual(before);

    // The moment the case began is a time it may be recorded at.
    expect((await plans.put(fitness, { fitToTravel: true, assessedAt: DETECTED_AT })).status).toBe(200);
  });

  it('answers an opened reception 201 with its Location; before a case is linked only the future is refused, after it times before the case too', async () => {
    const point = 'MX-BCN-TIJUANA';
    const bajaCalifornia = await bed.service.token(['officer'], ['BCN']);
    const call = (method: string, url: string, body?: unknown) => bed.service.request(method, url, { token: bajaCalifornia, body });
    const opened = await call('POST', '/v1/receptions', {
      officeCode: 'BCN',
      usAgency: 'USBP',
      usStation: 'San Diego Sector – Chula Vista Station',
      usReference: 'USBP-2026-0420',
      expectedPointCode: point,
      // Expected: a time to come is what a notice announces.
      expectedAt: new Date(Date.now() + 86_400_000).toISOString(),
      consulateNotified: true,
      usScreeningRecord: false,
    });
    expect(opened.status).toBe(201);
    const receptionId = opened.body.receptionId as string;
    expect(opened.headers.get('location')).toBe(`/v1/receptions/${receptionId}`);
    expect((await call('GET', opened.headers.get('location') as string)).body).toEqual(opened.body);

    const arrivedAt = minutesBefore(new Date().toISOString(), 60);
    expect((await call('POST', `/v1/receptions/${receptionId}/arrival`, { pointCode: point, arrivedAt: arrivedAt.slice(0, 10), accompaniment: 'ACCOMPANIED' })).body.errors).toEqual([
      expect.objectContaining({ field: 'arrivedAt', rule: 'isInstant' }),
    ]);
    expect((await call('POST', `/v1/receptions/${receptionId}/arrival`, { pointCode: point, arrivedAt, accompaniment: 'ACCOMPANIED' })).status).toBe(200);
    // No case yet: the reception knows no beginning to hold a time to.
    const early = minutesBefore(DETECTED_AT, 24 * 60);
    expect((await call('PUT', `/v1/receptions/${receptionId}/risk-screen`, { findings: [], screenedAt: early })).status).toBe(200);

    const caseId = await bed.register({ officeCode: 'BCN', nationality: 'MX', countryOfResidence: 'MX', entryPath: 'RETURNED_FROM_USA' });
    expect((await call('PUT', `/v1/receptions/${receptionId}/case`, { caseId })).status).toBe(200);
    const refused = await call('PUT', `/v1/receptions/${receptionId}/risk-screen`, { findings: ['FEAR'], screenedAt: early });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'screenedAt', rule: 'notBeforeCase' })]);
    expect((await call('GET', `/v1/receptions/${receptionId}`)).body.riskScreen).toEqual({ screenedAt: new Date(early).toISOString(), findings: [], positive: false });
    expect((await call('PUT', `/v1/receptions/${receptionId}/risk-screen`, { findings: [], screenedAt: new Date().toISOString() })).status).toBe(200);
  });

  it('pages the receiving countries and the points by their codes, reads each by its code, and answers 201 with a Location for a new one, 200 for a change', async () => {
    const nationalAdmin = await bed.service.token(['national-admin'], [], 'natadmin-0001');
    const countries: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`/v1/receiving-countries?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      countries.push(...page.body.items.map((row: { country: string }) => row.country));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(countries).toEqual(['GT', 'HN', 'SV']);

    const points: string[] = [];
    cursor = null;
    let pages = 0;
    do {
      const page = await get(`/v1/repatriation-points?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      points.push(...page.body.items.map((row: { code: string }) => row.code));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(points).toHaveLength(12);
    expect([...points].sort()).toEqual(points);
    expect((await get('/v1/repatriation-points')).body.items.map((row: { code: string }) => row.code)).toEqual(points);

    expect((await get('/v1/receiving-countries/GT')).body).toMatchObject({ country: 'GT', authorities: expect.arrayContaining([expect.objectContaining({ code: 'GT-SBS' })]) });
    expect((await get('/v1/receiving-countries/NI')).status).toBe(404);
    expect((await get('/v1/receiving-countries/gt')).body.errors).toEqual([expect.objectContaining({ field: 'country' })]);
    expect((await get(`/v1/repatriation-points/${points[0]}`)).body).toMatchObject({ code: points[0] });
    expect((await get('/v1/repatriation-points/MX-NOWHERE')).status).toBe(404);
    expect((await get('/v1/receiving-countries?cursor=Z3Q')).body.errors).toEqual([expect.objectContaining({ field: 'cursor', rule: 'isCursor' })]);
    expect((await get(`/v1/repatriation-points?cursor=${Buffer.from('mx point').toString('base64url')}`)).status).toBe(400);

    const nicaragua = {
      timeZone: 'America/Managua',
      weekdays: [1, 2, 3],
      opensAt: '08:00',
      closesAt: '14:00',
      noticeHours: 96,
      exitPoints: [{ code: 'MX-CMX-AICM', name: 'AICM' }],
      authorities: [{ code: 'NI-MIFAN', institution: 'Ministerio de la Familia' }],
    };
    const registered = await bed.service.request('PUT', '/v1/receiving-countries/NI', { token: nationalAdmin, body: nicaragua });
    expect(registered.status).toBe(201);
    expect(registered.headers.get('location')).toBe('/v1/receiving-countries/NI');
    expect((await get(registered.headers.get('location') as string)).body).toEqual(registered.body);
    const changed = await bed.service.request('PUT', '/v1/receiving-countries/NI', { token: nationalAdmin, body: { ...nicaragua, noticeHours: 72 } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('location')).toBeNull();
    expect((await get('/v1/receiving-countries/NI')).body).toMatchObject({ noticeHours: 72 });

    const point = { name: 'Ciudad Juárez (Paso del Norte)', officeCode: 'CHH', timeZone: 'America/Ciudad_Juarez', weekdays: [1, 2, 3, 4, 5], opensAt: '08:00', closesAt: '18:00' };
    const newPoint = await bed.service.request('PUT', '/v1/repatriation-points/MX-CHH-PASO-DEL-NORTE-2', { token: nationalAdmin, body: point });
    expect(newPoint.status).toBe(201);
    expect(newPoint.headers.get('location')).toBe('/v1/repatriation-points/MX-CHH-PASO-DEL-NORTE-2');
    expect((await get(newPoint.headers.get('location') as string)).body).toEqual(newPoint.body);
    expect((await bed.service.request('PUT', '/v1/repatriation-points/MX-CHH-PASO-DEL-NORTE-2', { token: nationalAdmin, body: { ...point, closesAt: '17:00' } })).status).toBe(200);
  });

  it('documents every path id as a uuid, the reference codes by their pattern, and the page parameters of every list', async () => {
    const document = (await bed.service.request('GET', '/docs-json')).body as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string; schema?: { format?: string; pattern?: string } }>; responses: Record<string, unknown> }>>;
    };
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const parameter of (operation.parameters ?? []).filter((candidate) => candidate.in === 'path')) {
          const expected = ['caseId', 'planId', 'receptionId'].includes(parameter.name) ? { format: 'uuid' } : { pattern: expect.any(String) };
          expect({ path, method, name: parameter.name, schema: parameter.schema }).toEqual({ path, method, name: parameter.name, schema: expect.objectContaining(expected) });
        }
      }
    }
    for (const list of ['/v1/cases/{caseId}/return-plans', '/v1/receiving-countries', '/v1/repatriation-points']) {
      const names = (document.paths[list].get.parameters ?? []).filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name);
      expect({ list, names: names.sort() }).toEqual({ list, names: ['cursor', 'limit'] });
    }
    expect(Object.keys(document.paths['/v1/cases/{caseId}/return-plans'].post.responses)).toContain('201');
    expect(Object.keys(document.paths['/v1/receptions'].post.responses)).toContain('201');
    expect(Object.keys(document.paths['/v1/receiving-countries/{country}'].put.responses)).toEqual(expect.arrayContaining(['200', '201']));
  });
});
