import { bodyOf, ContractDriftError, OpenApiDocument, ResponseValidator, serviceClient } from '../src';

// A document as the completed ones of issue 19 are (a view schema with references and nullable
// fields, problem+json refusals), beside an operation as documented before (no content, no 4xx).
const document: OpenApiDocument = {
  openapi: '3.0.0',
  paths: {
    '/v1/cases/{caseId}': {
      get: {
        operationId: 'CaseController_get',
        responses: {
          200: { description: '', content: { 'application/json': { schema: { $ref: '#/components/schemas/CaseView' } } } },
          404: { description: '', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
        },
      },
    },
    '/v1/cases': {
      post: { operationId: 'CaseController_register', responses: { 201: { description: '' } } },
      get: {
        operationId: 'CaseController_list',
        responses: {
          200: {
            description: '',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items', 'nextCursor'],
                  properties: { items: { type: 'array', items: { $ref: '#/components/schemas/CaseView' } }, nextCursor: { type: 'string', nullable: true } },
                },
              },
            },
          },
          '4XX': { description: '', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
        },
      },
    },
    '/v1/cases/{caseId}/transfers': {
      post: {
        operationId: 'CaseController_transfer',
        responses: {
          200: { description: '', content: { 'application/json': { schema: { $ref: '#/components/schemas/CaseView' } } } },
          // As libs/platform completes the documents: each refusal once, under components.responses.
          404: { $ref: '#/components/responses/NotFound' },
          422: { $ref: '#/components/responses/UnprocessableContent' },
        },
      },
    },
  },
  components: {
    responses: {
      NotFound: { description: 'No such case', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
      UnprocessableContent: { description: 'A rule refuses it', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
    },
    schemas: {
      CaseView: {
        type: 'object',
        required: ['caseId', 'status', 'office', 'closedAt'],
        properties: {
          caseId: { type: 'string', format: 'uuid' },
          status: { type: 'string', enum: ['OPEN', 'CLOSED'] },
          office: { $ref: '#/components/schemas/Office' },
          closedAt: { type: 'string', format: 'date-time', nullable: true },
          age: { type: 'integer', minimum: 0, exclusiveMinimum: false, example: 13 },
        },
      },
      Office: { type: 'object', required: ['code'], properties: { code: { type: 'string', pattern: '^[A-Z]{3}$' } } },
      Problem: { type: 'object', required: ['type', 'title', 'status'], properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' } } },
    },
  },
};

const caseView = { caseId: '7b0c6f3e-4a51-4a36-9a2e-3c1f0a9d2b11', status: 'OPEN', office: { code: 'CHP' }, closedAt: null, age: 13 };
const get = (status: number, body: unknown, contentType = 'application/json') => ({ method: 'GET', path: '/v1/cases/{caseId}', status, contentType, body });

function driftOf(check: () => void): ContractDriftError {
  try {
    check();
  } catch (error) {
    if (error instanceof ContractDriftError) return error;
    throw error;
  }
  throw new Error('no drift found');
}

describe('ResponseValidator', () => {
  const validator = new ResponseValidator(document, 'intake');

  it('passes a body that matches the schema, references and nullable fields included', () => {
    expect(() => validator.check(get(200, caseView, 'application/json; charset=utf-8'))).not.toThrow();
    expect(() => validator.check(get(200, { ...caseView, closedAt: '2026-12-01T10:00:00.000Z' }))).not.toThrow();
    expect(() => validator.check({ method: 'GET', path: '/v1/cases', status: 200, contentType: 'application/json', body: { items: [caseView], nextCursor: null } })).not.toThrow();
  });

  it('fails a field of the wrong type, naming the operation, the status and the field', () => {
    const drift = driftOf(() => validator.check(get(200, { ...caseView, office: { code: 7 } })));
    expect(drift.operation).toBe('CaseController_get (GET /v1/cases/{caseId})');
    expect(drift.status).toBe(200);
    expect(drift.problems).toEqual(['/office/code must be string']);
    expect(drift.message).toContain('CaseController_get (GET /v1/cases/{caseId}) answered 200');
  });

  it('fails a missing required field, a value outside the enum, a bad format and null where null is not allowed', () => {
    const { status: _status, ...withoutStatus } = caseView;
    expect(driftOf(() => validator.check(get(200, withoutStatus))).problems).toEqual(["(body) must have required property 'status'"]);
    expect(driftOf(() => validator.check(get(200, { ...caseView, status: 'LOST' }))).problems).toEqual(['/status must be equal to one of the allowed values (["OPEN","CLOSED"])']);
    expect(driftOf(() => validator.check(get(200, { ...caseView, caseId: 'case-1' }))).problems).toEqual(['/caseId must match format "uuid"']);
    expect(driftOf(() => validator.check(get(200, { ...caseView, office: null }))).problems).toEqual(['/office must be object']);
    expect(driftOf(() => validator.check(get(200, undefined))).problems).toEqual(['the body is empty, the document gives it a schema']);
  });

  it('checks a documented refusal against its problem+json schema, and its media type', () => {
    const problem = { type: 'about:blank', title: 'Not Found', status: 404 };
    expect(() => validator.check(get(404, problem, 'application/problem+json'))).not.toThrow();
    expect(driftOf(() => validator.check(get(404, { title: 'Not Found' }, 'application/problem+json'))).problems).toEqual([
      "(body) must have required property 'type'",
      "(body) must have required property 'status'",
    ]);
    expect(driftOf(() => validator.check(get(404, problem, 'application/json'))).problems).toEqual([
      'content type application/json is not documented (documented: application/problem+json)',
    ]);
    // 4XX covers every refusal of the list.
    expect(() => validator.check({ method: 'GET', path: '/v1/cases', status: 400, contentType: 'application/problem+json', body: { ...problem, status: 400 } })).not.toThrow();
  });

  it('follows a refusal documented by reference to components.responses', () => {
    const transfer = (status: number, body: unknown, contentType = 'application/problem+json') => ({ method: 'POST', path: '/v1/cases/{caseId}/transfers', status, contentType, body });
    expect(() => validator.check(transfer(422, { type: 'about:blank', title: 'Unprocessable', status: 422 }))).not.toThrow();
    expect(driftOf(() => validator.check(transfer(404, { title: 'Not Found', status: '404' }))).problems).toEqual([
      "(body) must have required property 'type'",
      '/status must be integer',
    ]);
    expect(driftOf(() => validator.check(transfer(409, { type: 'x', title: 'x', status: 409 }))).problems).toEqual(['status 409 is not documented (documented: 200, 404, 422)']);
  });

  it('fails a status the operation does not document', () => {
    expect(driftOf(() => validator.check(get(409, { type: 'x', title: 'x', status: 409 }, 'application/problem+json'))).problems).toEqual([
      'status 409 is not documented (documented: 200, 404)',
    ]);
    expect(driftOf(() => validator.check(get(500, undefined))).status).toBe(500);
    expect(driftOf(() => validator.check(get(201, caseView))).problems).toEqual(['status 201 is not documented (documented: 200, 404)']);
  });

  it('holds an operation documented before issue 19 to its statuses only: no content to check, no refusal listed', () => {
    const register = (status: number, body: unknown) => ({ method: 'POST', path: '/v1/cases', status, contentType: 'application/json', body });
    expect(() => validator.check(register(201, { caseId: caseView.caseId }))).not.toThrow();
    expect(() => validator.check(register(422, { title: 'refused' }))).not.toThrow();
    expect(driftOf(() => validator.check(register(200, {}))).problems).toEqual(['status 200 is not documented (documented: 201)']);
    expect(driftOf(() => validator.check(register(500, {}))).status).toBe(500);
  });

  it('fails an operation the document does not have', () => {
    expect(driftOf(() => validator.check({ method: 'DELETE', path: '/v1/cases/{caseId}', status: 204, contentType: null, body: undefined })).operation).toBe(
      'an undocumented operation (DELETE /v1/cases/{caseId})',
    );
  });

  it('compiles every documented response schema', () => {
    expect(new ResponseValidator(document, 'intake').compileAll()).toBe(7);
  });
});

describe('serviceClient', () => {
  const answering = (status: number, body: unknown, contentType = 'application/json') => async () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': contentType } });

  it('returns a documented answer and sends the bearer token', async () => {
    let authorization: string | null = null;
    const client = serviceClient('intake', 'http://intake.invalid', 'token-1', {
      document,
      fetch: async (request) => {
        authorization = request.headers.get('authorization');
        return answering(200, caseView)();
      },
    });
    const reply = await client.GET('/v1/cases/{caseId}', { params: { path: { caseId: caseView.caseId } } });
    expect(await bodyOf('reading the case', reply, 200)).toEqual(caseView);
    expect(authorization).toBe('Bearer token-1');
  });

  it('rejects the call when the answer drifts from the document', async () => {
    const client = serviceClient('intake', 'http://intake.invalid', undefined, { document, fetch: answering(200, { ...caseView, status: 'LOST' }) });
    await expect(client.GET('/v1/cases/{caseId}', { params: { path: { caseId: caseView.caseId } } })).rejects.toThrow(
      /CaseController_get \(GET \/v1\/cases\/\{caseId\}\) answered 200.*\/status must be equal to one of the allowed values/,
    );
  });
});
