import { DUE_PROCESS_ITEMS, EXPLANATION_AGE_BANDS, INFORM_TOPICS, PROCEDURE_RESOLUTIONS } from '@opis/contracts-legal-status';
import { completeOpenApiDocument } from '@opis/platform';
import { OpenAPIObject } from '@nestjs/swagger';

import { RESPONSE_SCHEMAS } from '../../src/openapi-responses.generated';
import { minutesAgo, plan, session, setup } from './legal-fixtures';
import { auditTrail, LegalTestBed, startLegalStatus } from './legal-harness';

type Parameter = { name: string; in: string; schema?: { format?: string; enum?: string[]; pattern?: string; type?: string } };
type Operation = { operationId: string; parameters?: Parameter[]; responses: Record<string, { content?: Record<string, { schema?: object }> }> };

/** docs/api.md, as legal-status answers it: lists, creation, times and the document. */
describe('legal-status: the API conventions (docs/api.md)', () => {
  let bed: LegalTestBed;
  let officer: string;
  let nationalAdmin: string;

  beforeAll(async () => {
    bed = await startLegalStatus('conventions');
    officer = await bed.service.token(['officer'], ['CHP'], 'opi-chp-0042');
    nationalAdmin = await bed.service.token(['national-admin'], [], 'natadmin-0001');
  });

  afterAll(async () => {
    await bed?.close();
  });

  const get = (path: string, token = officer) => bed.service.request('GET', path, { token });

  describe('the explanation texts, a page at a time', () => {
    const key = (text: { topic: string; ageBand: string; lang: string }) => `${text.topic}/${text.ageBand}/${text.lang}`;

    it('walks every text once, in key order, by the cursor of each page; the last page says null', async () => {
      const whole = await get('/v1/explanations?limit=200');
      expect(whole.status).toBe(200);
      expect(whole.body.nextCursor).toBeNull();
      const walked: string[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      do {
        const page = await get(`/v1/explanations?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(page.status).toBe(200);
        sizes.push(page.body.items.length);
        walked.push(...page.body.items.map(key));
        cursor = page.body.nextCursor;
      } while (cursor !== null);
      expect(walked).toEqual(whole.body.items.map(key));
      expect(new Set(walked).size).toBe(30);
      expect(sizes).toEqual([7, 7, 7, 7, 2]);
    });

    it('keeps the filters across pages', async () => {
      const first = await get('/v1/explanations?lang=spa&ageBand=6-11&limit=3');
      expect(first.body.items).toHaveLength(3);
      const second = await get(`/v1/explanations?lang=spa&ageBand=6-11&limit=3&cursor=${encodeURIComponent(first.body.nextCursor)}`);
      const texts = [...first.body.items, ...second.body.items];
      expect(texts.map((text: { topic: string }) => text.topic)).toEqual([...INFORM_TOPICS].sort());
      expect(texts.every((text: { lang: string; ageBand: string }) => text.lang === 'spa' && text.ageBand === '6-11')).toBe(true);
      expect(second.body.nextCursor).toBeNull();
    });

    it.each([
      ['a cursor no page gave', 'cursor=abc', 'cursor', 'isCursor'],
      ['a cursor naming an unknown topic', `cursor=${Buffer.from(JSON.stringify(['GOSSIP', '6-11', 'spa'])).toString('base64url')}`, 'cursor', 'isCursor'],
      ['a limit of 0', 'limit=0', 'limit', 'min'],
      ['a limit over 200', 'limit=201', 'limit', 'max'],
      ['an unknown topic', 'topic=GOSSIP', 'topic', 'isIn'],
    ])('refuses %s, naming the parameter', async (_, query, field, rule) => {
      const refused = await get(`/v1/explanations?${query}`);
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field, rule })]);
    });
  });

  describe('what a POST creates: 201 and a Location that reads it', () => {
    it('a suspension of terms: its own URL, read by every office, the same after a replay, and with its withdrawal once withdrawn', async () => {
      const body = { from: '2099-05-04', to: '2099-05-08', legalBasis: 'Acuerdo COMAR, DOF 2099-05-01' };
      const added = await bed.service.request('POST', '/v1/calendar/suspensions', { token: nationalAdmin, body, headers: { 'idempotency-key': 'suspension-2099-05' } });
      expect(added.status).toBe(201);
      expect(added.body).toEqual({ id: expect.any(String), ...body, withdrawal: null });
      const location = added.headers.get('location');
      expect(location).toBe(`/v1/calendar/suspensions/${added.body.id}`);
      const anotherOffice = await bed.service.token(['officer'], ['TAB']);
      const read = await get(location as string, anotherOffice);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(added.body);

      const replayed = await bed.service.request('POST', '/v1/calendar/suspensions', { token: nationalAdmin, body, headers: { 'idempotency-key': 'suspension-2099-05' } });
      expect(replayed.status).toBe(201);
      expect(replayed.headers.get('location')).toBe(location);
      expect(replayed.body).toEqual(added.body);
      expect(await bed.service.count('clock_suspension')).toBe(1);

      const withdrawn = await bed.service.request('POST', `${location}/withdrawal`, { token: nationalAdmin, body: { reason: 'Acuerdo revocado' } });
      expect(withdrawn.status).toBe(200);
      expect((await get(location as string)).body).toEqual({ ...added.body, withdrawal: { withdrawnAt: withdrawn.body.withdrawnAt, reason: 'Acuerdo revocado' } });

      expect((await get('/v1/calendar/suspensions/0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d99')).status).toBe(404);
      const malformed = await get('/v1/calendar/suspensions/not-a-uuid');
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'id', rule: 'isUUID' })]);
    });

    it('a best-interests record and a session: the legal record, which lists them, is their Location', async () => {
      const caseId = await bed.register();
      const recorded = await bed.service.request('POST', `/v1/cases/${caseId}/best-interests`, { token: officer, body: plan('HUMANITARIAN_REGULARISATION') });
      expect(recorded.status).toBe(201);
      expect(recorded.headers.get('location')).toBe(`/v1/cases/${caseId}/legal`);
      const informed = await bed.service.request('POST', `/v1/cases/${caseId}/information-sessions`, { token: officer, body: session('RIGHTS') });
      expect(informed.status).toBe(201);
      expect(informed.headers.get('location')).toBe(`/v1/cases/${caseId}/legal`);

      const record = await get(informed.headers.get('location') as string);
      expect(record.status).toBe(200);
      expect(record.body.bestInterests).toEqual([expect.objectContaining({ type: 'PLAN', documentReference: 'PPNNA/CHP/PR/2026/77', recommendedMeasure: 'HUMANITARIAN_REGULARISATION' })]);
      expect(record.body.informationSessions).toEqual([expect.objectContaining({ topic: 'RIGHTS', language: 'quc', durationAboveLimit: false })]);
    });
  });

  describe('times', () => {
    it('refuses a bare date, or a time without its zone, where an instant is meant, naming the field', async () => {
      const caseId = await bed.register();
      for (const decidedAt of ['2026-12-06', '2026-12-06T10:15:00', '2026-02-30T10:15:00Z']) {
        const refused = await bed.service.request('POST', `/v1/cases/${caseId}/best-interests`, { token: officer, body: { ...plan('HUMANITARIAN_REGULARISATION'), decidedAt } });
        expect({ decidedAt, status: refused.status, errors: refused.body.errors }).toEqual({ decidedAt, status: 400, errors: [expect.objectContaining({ field: 'decidedAt', rule: 'isInstant' })] });
      }
      const day = await bed.service.request('PUT', `/v1/cases/${caseId}/coming-of-age`, { token: officer, body: { turnsEighteenOn: '2030-02-30', basis: 'DOCUMENTED' } });
      expect(day.body).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'turnsEighteenOn', rule: 'isCalendarDate' })] });
      const period = await bed.service.request('POST', '/v1/calendar/suspensions', { token: nationalAdmin, body: { from: '2099-5-4', to: '2099-05-08T00:00:00Z', legalBasis: 'Acuerdo COMAR' } });
      expect(period.body.errors).toEqual([expect.objectContaining({ field: 'from', rule: 'isCalendarDate' }), expect.objectContaining({ field: 'to', rule: 'isCalendarDate' })]);
    });

    it('refuses a time before the case began (the child was detected 2 h ago) as 400 notBeforeCase, audited, nothing written', async () => {
      const caseId = await bed.register();
      const call = setup(bed, officer);
      const before = (await get(`/v1/cases/${caseId}/legal`)).body;
      const outbox = await bed.service.count('outbox');
      const threeHoursAgo = minutesAgo(180);
      const refusals: Array<[string, string, Record<string, unknown>, string]> = [
        ['POST', 'protection/claim', { filedAt: threeHoursAgo, representative: 'Lic. R. Pérez', interpreterId: 'int-quc-7' }, 'filedAt'],
        ['POST', 'information-sessions', session('RIGHTS', { heldAt: threeHoursAgo }), 'heldAt'],
        ['POST', 'best-interests', { ...plan('HUMANITARIAN_REGULARISATION'), decidedAt: '1970-01-01T00:00:00Z' }, 'decidedAt'],
        ['POST', 'procedure/open', { openedAt: threeHoursAgo }, 'openedAt'],
      ];
      for (const [method, path, body, field] of refusals) {
        const refused = await bed.service.request(method, `/v1/cases/${caseId}/${path}`, { token: officer, body });
        expect({ path, status: refused.status, errors: refused.body.errors }).toEqual({ path, status: 400, errors: [{ field, rule: 'notBeforeCase', message: expect.any(String) }] });
      }
      expect((await auditTrail(bed.service, caseId, 'protection.claim')).at(-1)).toEqual({ outcome: 'refused', reason: 'VALIDATION_FAILED' });
      expect((await get(`/v1/cases/${caseId}/legal`)).body).toEqual({ ...before, lock: { ...before.lock, asOf: expect.any(String) } });
      expect(await bed.service.count('outbox')).toBe(outbox);

      // The same acts an hour after the detection are recorded.
      await call(caseId, 'POST', 'procedure/open', { openedAt: minutesAgo(50) });
      await call(caseId, 'POST', 'protection/claim', { filedAt: minutesAgo(60), representative: 'Lic. R. Pérez', interpreterId: 'int-quc-7' });
      const decided = await bed.service.request('POST', `/v1/cases/${caseId}/protection/decision`, { token: officer, body: { decision: 'REFUGEE', decidedAt: minutesAgo(150) } });
      expect(decided.body).toMatchObject({ status: 400, errors: [{ field: 'decidedAt', rule: 'notBeforeCase' }] });
      const future = await bed.service.request('POST', `/v1/cases/${caseId}/protection/decision`, { token: officer, body: { decision: 'REFUGEE', decidedAt: new Date(Date.now() + 3_600_000).toISOString() } });
      expect(future.body).toMatchObject({ status: 422, errors: [{ field: 'decidedAt', rule: 'notInFuture' }] });
    });
  });

  describe('the OpenAPI document', () => {
    let document: OpenAPIObject;
    const operations = () =>
      Object.entries(document.paths).flatMap(([path, item]) =>
        Object.entries(item as Record<string, Operation>).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation })),
      );
    const parameter = (key: string, name: string) => operations().find((entry) => entry.key === key)?.operation.parameters?.find((candidate) => candidate.name === name);

    beforeAll(async () => {
      document = (await get('/docs-json')).body as OpenAPIObject;
    });

    it('documents every path parameter with its format or enum, and the list’s query', () => {
      for (const { key, operation } of operations()) {
        for (const { name, schema } of (operation.parameters ?? []).filter((candidate) => candidate.in === 'path')) {
          expect({ key, name, described: Boolean(schema?.format ?? schema?.enum ?? schema?.pattern) }).toEqual({ key, name, described: true });
        }
      }
      expect(parameter('PUT /v1/cases/{caseId}/procedure/checklist/{item}', 'caseId')?.schema).toMatchObject({ format: 'uuid' });
      expect(parameter('PUT /v1/cases/{caseId}/procedure/checklist/{item}', 'item')?.schema?.enum).toEqual([...DUE_PROCESS_ITEMS]);
      expect(parameter('PUT /v1/explanations/{topic}/{ageBand}/{lang}', 'topic')?.schema?.enum).toEqual([...INFORM_TOPICS]);
      expect(parameter('PUT /v1/explanations/{topic}/{ageBand}/{lang}', 'ageBand')?.schema?.enum).toEqual([...EXPLANATION_AGE_BANDS]);
      expect(parameter('PUT /v1/calendar/holidays/{day}', 'day')?.schema).toMatchObject({ format: 'date' });
      expect(parameter('POST /v1/calendar/suspensions/{id}/withdrawal', 'id')?.schema).toMatchObject({ format: 'uuid' });
      const query = operations().find((entry) => entry.key === 'GET /v1/explanations')?.operation.parameters?.filter((candidate) => candidate.in === 'query');
      expect(query?.map((candidate) => candidate.name).sort()).toEqual(['ageBand', 'cursor', 'lang', 'limit', 'topic']);
      expect(parameter('GET /v1/calendar', 'year')?.schema).toMatchObject({ type: 'integer' });
    });

    it('offers only the resolutions that can be accepted, and instants as date-times', () => {
      const schemas = document.components?.schemas as Record<string, { properties: Record<string, { enum?: string[]; format?: string }> }>;
      expect(schemas.ResolveProcedureDto.properties.resolution.enum).toEqual([...PROCEDURE_RESOLUTIONS]);
      expect(schemas.DecisionDto.properties.decidedAt.format).toBe('date-time');
      expect(schemas.CreateSuspensionDto.properties.from.format).toBe('date');
    });

    it('holds no request/reply class of opis.legal-status.q.* among its components', () => {
      expect(Object.keys(document.components?.schemas ?? {}).filter((name) => /CaseStatus|MoveClearance/.test(name))).toEqual([]);
    });

    it('with the generated response schemas: every answer with a body has its schema, and every reference resolves', () => {
      const completed = completeOpenApiDocument(document, RESPONSE_SCHEMAS);
      const schemas = completed.components?.schemas ?? {};
      const missing = Object.entries(completed.paths).flatMap(([path, item]) =>
        Object.entries(item as Record<string, Operation>).flatMap(([method, operation]) =>
          Object.entries(operation.responses)
            .filter(([status, response]) => status.startsWith('2') && status !== '204' && !response.content?.['application/json']?.schema)
            .map(([status]) => `${method.toUpperCase()} ${path} ${status}`),
        ),
      );
      expect(missing).toEqual([]);
      const references = [...JSON.stringify(completed).matchAll(/#\/components\/schemas\/([\w.$-]+)/g)].map(([, name]) => name);
      expect(references.filter((name) => !(name in schemas))).toEqual([]);
      expect(completed.paths['/v1/explanations'].get?.responses['200']).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/ExplanationPage' } } } });
    });
  });
});
