import { FUZZ_RUNS, FUZZ_SEED, FuzzDocument, fuzzOpenApi } from '@opis/service-harness';

import { RepatriationTestBed, startRepatriation } from './repatriation-harness';

describe('repatriation under generated malformed requests', () => {
  let bed: RepatriationTestBed;

  beforeAll(async () => {
    bed = await startRepatriation('fuzz');
  });

  afterAll(async () => {
    await bed?.close();
  });

  it(`answers ${FUZZ_RUNS} generated requests over every route of its OpenAPI document without a 5xx`, async () => {
    const caseId = await bed.register();
    const officer = await bed.service.token(['officer'], ['CHP']);
    const document = (await bed.service.request('GET', '/docs-json')).body as FuzzDocument;

    const outcome = await fuzzOpenApi(bed.service.url, document, {
      runs: FUZZ_RUNS,
      seed: FUZZ_SEED,
      tokens: [
        officer,
        await bed.service.token(['supervisor'], ['CHP']),
        await bed.service.token(['national-admin'], []),
        await bed.service.token(['national'], []),
        await bed.service.token(['officer'], ['TAB']),
      ],
      pathValues: { caseId: [caseId] },
    });
    expect(outcome.sent).toBeGreaterThanOrEqual(FUZZ_RUNS);
    expect(Object.keys(outcome.byStatus).length).toBeGreaterThan(3);
    console.warn(`repatriation fuzz: ${outcome.sent} requests in ${outcome.milliseconds} ms, by status ${JSON.stringify(outcome.byStatus)}`);
  }, 600_000);
});
