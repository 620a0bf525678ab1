import { FUZZ_RUNS, FUZZ_SEED, FuzzDocument, fuzzOpenApi } from '@opis/service-harness';

import { IntakeHarness, registration, startIntake } from './intake-harness';

describe('intake under generated malformed requests', () => {
  let intake: IntakeHarness;

  beforeAll(async () => {
    intake = await startIntake('fuzz');
  });

  afterAll(async () => {
    await intake?.close();
  });

  it(`answers ${FUZZ_RUNS} generated requests over every route of its OpenAPI document without a 5xx`, async () => {
    const officer = await intake.token(['officer'], ['CHP'], 'opi-chp-0077');
    const registered = await intake.request('POST', '/v1/cases', { token: officer, body: registration() });
    expect(registered.status).toBe(201);
    const document = (await intake.request('GET', '/docs-json')).body as FuzzDocument;

    const outcome = await fuzzOpenApi(intake.url, document, {
      runs: FUZZ_RUNS,
      seed: FUZZ_SEED,
      tokens: [
        officer,
        await intake.token(['supervisor'], ['CHP'], 'sup-chp-0001'),
        await intake.token(['national'], [], 'national-0001'),
        await intake.token(['officer'], ['TAB'], 'opi-tab-0001'),
        await intake.token(['office-admin'], ['CHP'], 'admin-chp-0001'),
      ],
      pathValues: { caseId: [registered.body.caseId], caseNumber: [registered.body.caseNumber], code: ['CHP-SUCHIATE', 'CHP-CIUDAD-HIDALGO'] },
      queryParams: {
        '/v1/cases': ['office', 'status', 'nationality', 'ageBand', 'accompaniment', 'detectedFrom', 'detectedTo', 'name', 'cursor', 'limit'],
        '/v1/migration-points': ['office', 'cursor', 'limit'],
      },
      queryValues: { office: ['CHP'], nationality: ['GT'], detectedFrom: ['2026-01-01T00:00:00Z'], name: ['María'], limit: ['1', '200'] },
      bodies: {
        'POST /v1/cases': [registration()],
        'PATCH /v1/cases/{caseId}': [{ child: { givenNames: 'Ana', dateOfBirth: null }, encounter: { migrationPoint: 'Tapachula' } }],
        'PUT /v1/migration-points/{code}': [{ name: 'Suchiate, paso de balsas', kind: 'LAND', active: true }],
      },
    });
    expect(outcome.sent).toBeGreaterThanOrEqual(FUZZ_RUNS);
    // Most requests must be refused for what they are, not all for one reason (e.g. no auth).
    expect(Object.keys(outcome.byStatus).length).toBeGreaterThan(3);
    console.warn(`intake fuzz: ${outcome.sent} requests in ${outcome.milliseconds} ms, by status ${JSON.stringify(outcome.byStatus)}`);
  }, 600_000);
});
