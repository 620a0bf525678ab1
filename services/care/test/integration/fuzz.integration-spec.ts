import { FUZZ_RUNS, FUZZ_SEED, FuzzDocument, fuzzOpenApi } from '@opis/service-harness';

import { CareTestBed, startCareTestBed } from './care-harness';

describe('care under generated malformed requests', () => {
  let bed: CareTestBed;

  beforeAll(async () => {
    bed = await startCareTestBed('fuzz');
  });

  afterAll(async () => {
    await bed?.close();
  });

  it(`answers ${FUZZ_RUNS} generated requests over every route of its OpenAPI document without a 5xx`, async () => {
    const caseId = await bed.openRecord();
    const officer = await bed.care.token(['officer'], ['CHP']);
    const document = (await bed.care.request('GET', '/docs-json')).body as FuzzDocument;

    const outcome = await fuzzOpenApi(bed.care.url, document, {
      runs: FUZZ_RUNS,
      seed: FUZZ_SEED,
      tokens: [officer, await bed.care.token(['supervisor'], ['CHP']), await bed.care.token(['national'], []), await bed.care.token(['officer'], ['TAB'])],
      pathValues: { caseId: [caseId] },
    });
    expect(outcome.sent).toBeGreaterThanOrEqual(FUZZ_RUNS);
    expect(Object.keys(outcome.byStatus).length).toBeGreaterThan(3);
    console.warn(`care fuzz: ${outcome.sent} requests in ${outcome.milliseconds} ms, by status ${JSON.stringify(outcome.byStatus)}`);
  }, 600_000);
});
