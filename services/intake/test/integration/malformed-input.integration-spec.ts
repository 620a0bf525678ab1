import { counts, ifMatchOf, IntakeHarness, registration, startIntake } from './intake-harness';

/**
 * The five kinds of malformed input that reached 500 (issue 19): each is refused 400
 * problem+json naming the field and the rule, and nothing is written.
 */
describe('intake: malformed input is refused 400, never 5xx, and writes nothing', () => {
  let intake: IntakeHarness;
  let officer: string;
  let caseId: string;

  beforeAll(async () => {
    intake = await startIntake('malformed');
    officer = await intake.token(['officer'], ['CHP'], 'opi-chp-0031');
    const registered = await intake.request('POST', '/v1/cases', { token: officer, body: registration() });
    expect(registered.status).toBe(201);
    caseId = registered.body.caseId;
  });

  afterAll(async () => {
    await intake?.close();
  });

  /** Sends a request and checks that it was refused 400 and wrote nothing; returns the problem. */
  async function refused(method: string, path: string, body?: unknown) {
    const before = await counts(intake);
    const auditBefore = await intake.count('audit_log');
    const response = await intake.request(method, path, { token: officer, body });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await counts(intake)).toEqual(before);
    expect(await intake.count('audit_log')).toBe(auditBefore);
    return response.body as { code: string; errors?: { field: string; rule: string }[] };
  }

  // 3 KB that overflowed the stack of class-transformer, a 500 on every route with a body.
  const deeplyNested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it('refuses JSON nested 1,500 deep on a registration and a correction, naming the field and the rule', async () => {
    for (const [method, path] of [['POST', '/v1/cases'], ['PATCH', `/v1/cases/${caseId}`]] as const) {
      const problem = await refused(method, path, `{"child":{"givenNames":${deeplyNested(1_500)}}}`);
      expect(problem.code).toBe('BODY_TOO_DEEP');
      expect(problem.errors).toEqual([expect.objectContaining({ rule: 'maxDepth', field: expect.stringMatching(/^child\.givenNames(\.0)+$/) })]);
    }
  });

  it('refuses a NUL character in free text, in the query and in a path parameter, naming the field', async () => {
    const inBody = await refused('POST', '/v1/cases', registration({ child: { givenNames: 'Ana\u0000' } }));
    expect(inBody.errors).toEqual([expect.objectContaining({ field: 'child.givenNames', rule: 'noNulCharacter' })]);
    const inQuery = await refused('GET', '/v1/cases?name=Ana%00Sof%C3%ADa');
    expect(inQuery.errors).toEqual([expect.objectContaining({ field: 'name', rule: 'noNulCharacter' })]);
    const inPath = await refused('GET', '/v1/cases/%00');
    expect(inPath.errors).toEqual([expect.objectContaining({ field: 'caseId', rule: 'noNulCharacter' })]);
  });

  it('refuses a lone surrogate in a field copied into the event', async () => {
    const problem = await refused('POST', '/v1/cases', registration({ encounter: { migrationPoint: 'Ciudad \ud800Hidalgo' } }));
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'encounter.migrationPoint', rule: 'noLoneSurrogate' })]);
    const correction = await refused('PATCH', `/v1/cases/${caseId}`, { encounter: { migrationPoint: 'Tapachula \udfff' } });
    expect(correction.errors).toEqual([expect.objectContaining({ field: 'encounter.migrationPoint', rule: 'noLoneSurrogate' })]);
  });

  it('refuses null for a field a correction cannot clear, and still lets dateOfBirth be cleared', async () => {
    const problem = await refused('PATCH', `/v1/cases/${caseId}`, { child: { givenNames: null, sex: null }, screening: null });
    expect(problem.errors?.map((error) => `${error.field}:${error.rule}`).sort()).toEqual([
      'child.givenNames:notNull',
      'child.sex:notNull',
      'screening:notNull',
    ]);
    const view = await intake.request('GET', `/v1/cases/${caseId}`, { token: officer });
    expect(view.body.child.givenNames).toBe('María José');

    const cleared = await intake.request('PATCH', `/v1/cases/${caseId}`, { token: officer, body: { child: { dateOfBirth: null } }, headers: await ifMatchOf(intake, caseId) });
    expect(cleared.status).toBe(200);
    expect(cleared.body.child.dateOfBirth ?? null).toBeNull();
  });

  it('refuses a well-formed cursor that holds a non-uuid or a bad time', async () => {
    const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of [
      cursorOf(['2026-01-01T00:00:00.000Z', 'not-a-uuid']),
      cursorOf(['not-a-time', '0190a9c4-5c1e-7000-8000-000000000000']),
      cursorOf({ registeredAt: '2026-01-01T00:00:00.000Z' }),
      cursorOf(['2026-01-01T00:00:00.000Z', '0190a9c4-5c1e-7000-8000-000000000000', 'extra']),
    ]) {
      const problem = await refused('GET', `/v1/cases?cursor=${cursor}`);
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'cursor', rule: 'isCursor' })]);
    }
    const page = await intake.request('GET', '/v1/cases?limit=1', { token: officer });
    expect(page.status).toBe(200);
    const next = await intake.request('GET', `/v1/cases?limit=1&cursor=${page.body.nextCursor}`, { token: officer });
    expect(next.status).toBe(200);
  });
});
