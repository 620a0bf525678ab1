import { CareTestBed, startCareTestBed } from './care-harness';

type Schema = { enum?: string[]; items?: Schema; properties?: Record<string, Schema>; $ref?: string; format?: string };
type Parameter = { name: string; in: string; schema?: Schema };
type OpenApi = {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> }; responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, Schema> };
};

/** docs/api.md applied to care: what creates answers 201 and Location, acts 200, lists a page with a cursor, times are instants after the case began. */
describe('care: the API conventions', () => {
  let bed: CareTestBed;
  let officer: string;
  let admin: string;

  beforeAll(async () => {
    bed = await startCareTestBed('api-conventions');
    officer = await bed.care.token(['officer'], ['CHP'], 'opi-chp-0031');
    admin = await bed.care.token(['office-admin'], ['CHP'], 'adm-chp-0031');
  });

  afterAll(async () => {
    await bed?.close();
  });

  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  const register = (name: string, officeCode = 'CHP', token = admin) =>
    bed.care.request('POST', '/v1/facilities', { token, body: { officeCode, name, type: 'DIF_SHELTER', capacity: 10, settings: ['CHILD_ONLY_AREA'] } });

  it('registers a facility with 201 and a Location that reads it back; another office reads it as unknown', async () => {
    const registered = await register('Albergue DIF Huixtla');
    expect(registered.status).toBe(201);
    const location = registered.headers.get('location') as string;
    expect(location).toBe(`/v1/facilities/${registered.body.facilityId}`);
    const read = await bed.care.request('GET', location, { token: officer });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(registered.body);
    expect(read.body).toMatchObject({ officeCode: 'CHP', name: 'Albergue DIF Huixtla', occupancy: 0, available: 10, full: false });

    const tabasco = await bed.care.token(['officer'], ['TAB'], 'opi-tab-0031');
    const elsewhere = await bed.care.request('GET', location, { token: tabasco });
    const unknown = await bed.care.request('GET', '/v1/facilities/0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d00', { token: tabasco });
    expect([elsewhere.status, elsewhere.body.code]).toEqual([404, 'FACILITY_NOT_FOUND']);
    expect({ ...elsewhere.body, instance: undefined }).toEqual({ ...unknown.body, instance: undefined });
    expect((await bed.care.request('GET', '/v1/facilities/not-a-uuid', { token: officer })).body.errors).toEqual([expect.objectContaining({ field: 'facilityId', rule: 'isUUID' })]);
  });

  it('lists facilities a page at a time: limit, then the cursor to the end, each once', async () => {
    const sonora = await bed.care.token(['supervisor'], ['SON'], 'sup-son-0031');
    for (const name of ['Casa Hogar Uno', 'Casa Hogar Dos', 'Casa Hogar Tres']) expect((await register(name, 'SON', sonora)).status).toBe(201);
    const names: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await bed.care.request('GET', `/v1/facilities?office=SON&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: sonora });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      names.push(...page.body.items.map((item: { name: string }) => item.name));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(names).toEqual(['Casa Hogar Uno', 'Casa Hogar Dos', 'Casa Hogar Tres']);
    expect(pages).toBe(2);
    const forged = await bed.care.request('GET', `/v1/facilities?cursor=${Buffer.from('["2026-01-01T00:00:00.000Z","x"]').toString('base64url')}`, { token: sonora });
    expect([forged.status, forged.body.errors]).toEqual([400, [expect.objectContaining({ field: 'cursor', rule: 'isCursor' })]]);
    expect((await bed.care.request('GET', '/v1/facilities?limit=201', { token: sonora })).status).toBe(400);
  });

  it("pages the worklist without splitting a case's needs due at one time, each need once", async () => {
    const detectedAt = ago(30);
    const cases = [await bed.openRecord({ officeCode: 'ROO', data: { detectedAt } }), await bed.openRecord({ officeCode: 'ROO', data: { detectedAt } })];
    const roo = await bed.care.token(['officer'], ['ROO'], 'opi-roo-0031');
    const all = await bed.care.request('GET', '/v1/worklist?office=ROO&limit=200', { token: roo });
    expect(all.body.nextCursor).toBeNull();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await bed.care.request('GET', `/v1/worklist?office=ROO&limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: roo });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item: { caseId: string; need: string }) => `${item.caseId} ${item.need}`));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(all.body.items.map((item: { caseId: string; need: string }) => `${item.caseId} ${item.need}`));
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(all.body.items.map((item: { caseId: string }) => item.caseId))).toEqual(new Set(cases));
  });

  it('answers the acts on a care record 200 with the record as it now stands', async () => {
    const caseId = await bed.openRecord();
    const facilityId = (await register('Albergue DIF Tuxtla')).body.facilityId as string;
    const acts: Array<[string, object]> = [
      [`/v1/cases/${caseId}/needs/CLOTHING/deliveries`, { deliveredAt: ago(20), provided: 'sudadera, calcetines' }],
      [`/v1/cases/${caseId}/health-screenings`, { screenedAt: ago(15), urgentReferral: false, chronicCondition: false, pregnancyFollowUp: false, disabilitySupport: false }],
      [`/v1/cases/${caseId}/placements`, { facilityId, facilityType: 'DIF_SHELTER', setting: 'CHILD_ONLY_AREA', placedAt: ago(10) }],
      [`/v1/cases/${caseId}/incidents`, { type: 'INJURY', severity: 'MINOR', occurredAt: ago(5) }],
    ];
    for (const [path, body] of acts) {
      const response = await bed.care.request('POST', path, { token: officer, body });
      expect([path, response.status, response.headers.get('location')]).toEqual([path, 200, null]);
      expect(response.body.caseId).toBe(caseId);
    }
    const record = await bed.care.request('GET', `/v1/cases/${caseId}`, { token: officer });
    expect([record.body.healthScreenings.length, record.body.incidents.length, record.body.placement.current.facilityId]).toEqual([1, 1, facilityId]);
  });

  it('refuses a bare date where an instant is meant, and a time before the case began, naming the field; nothing written', async () => {
    const caseId = await bed.openRecord();
    const before = await Promise.all(['care_delivery', 'incident', 'health_screening'].map((table) => bed.care.count(table)));
    const today = new Date().toISOString().slice(0, 10);
    const bare = await bed.care.request('POST', `/v1/cases/${caseId}/incidents`, { token: officer, body: { type: 'INJURY', severity: 'MINOR', occurredAt: today } });
    expect([bare.status, bare.body.errors]).toEqual([400, [expect.objectContaining({ field: 'occurredAt', rule: 'isInstant' })]]);
    const noZone = await bed.care.request('POST', `/v1/cases/${caseId}/needs/FOOD/deliveries`, { token: officer, body: { deliveredAt: ago(5).slice(0, 19), provided: 'tacos', meal: 'LUNCH' } });
    expect([noZone.status, noZone.body.errors]).toEqual([400, [expect.objectContaining({ field: 'deliveredAt', rule: 'isInstant' })]]);
    // The harness's cases were detected an hour ago.
    const early = await bed.care.request('POST', `/v1/cases/${caseId}/health-screenings`, {
      token: officer,
      body: { screenedAt: ago(120), urgentReferral: false, chronicCondition: false, pregnancyFollowUp: false, disabilitySupport: false },
    });
    expect(early.status).toBe(400);
    expect(early.body).toMatchObject({ code: 'BEFORE_DETECTION', errors: [expect.objectContaining({ field: 'screenedAt', rule: 'notBeforeCase' })] });
    expect(await Promise.all(['care_delivery', 'incident', 'health_screening'].map((table) => bed.care.count(table)))).toEqual(before);
  });

  it('documents ids as uuids and offers only values a request can succeed with', async () => {
    const document = (await bed.care.request('GET', '/docs-json')).body as OpenApi;
    const schemaOf = (schema: Schema): Schema => (schema.$ref ? document.components.schemas[schema.$ref.split('/').pop() as string] : schema);
    const body = (path: string) => schemaOf(document.paths[path].post.requestBody?.content['application/json'].schema as Schema).properties as Record<string, Schema>;
    const parameter = (path: string, method: string, name: string) => document.paths[path][method].parameters?.find((candidate) => candidate.name === name)?.schema;

    const placement = body('/v1/cases/{caseId}/placements');
    expect(placement.facilityType.enum).toEqual(['DIF_SHELTER', 'CAS', 'HOSPITAL', 'INM_OFFICE']);
    expect(placement.setting.enum).toEqual(['CHILD_ONLY_AREA', 'FAMILY_UNIT_AREA']);
    expect(placement.placedAt.format).toBe('date-time');
    const facility = body('/v1/facilities');
    expect(facility.type.enum).toEqual(['DIF_SHELTER', 'CAS', 'HOSPITAL', 'INM_OFFICE']);
    expect(facility.settings.items?.enum).toEqual(['CHILD_ONLY_AREA', 'FAMILY_UNIT_AREA']);
    expect(parameter('/v1/cases/{caseId}/needs/{need}/deliveries', 'post', 'need')?.enum).toEqual(['FOOD', 'CLOTHING', 'PSYCHOLOGICAL_FIRST_AID']);
    for (const [path, method] of [['/v1/cases/{caseId}', 'get'], ['/v1/cases/{caseId}/incidents', 'post']]) {
      expect(parameter(path, method, 'caseId')?.format).toBe('uuid');
    }
    expect(parameter('/v1/facilities/{facilityId}', 'get', 'facilityId')?.format).toBe('uuid');
    for (const path of ['/v1/facilities', '/v1/worklist']) {
      expect(document.paths[path].get.parameters?.map((candidate) => candidate.name).sort()).toEqual(['cursor', 'limit', 'office']);
    }
    expect(Object.keys(document.paths['/v1/facilities'].post.responses)).toContain('201');
    expect(Object.keys(document.paths['/v1/cases/{caseId}/incidents'].post.responses)).toContain('200');
  });
});
