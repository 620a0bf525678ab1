import { FUZZ_RUNS, FUZZ_SEED, FuzzDocument, fuzzOpenApi } from '@opis/service-harness';

import { publishKnownEvents } from './known-events';
import { EventBus, startStatistics, StatisticsHarness, waitUntilConsumed } from './statistics-harness';

const REPORT_QUERY = ['from', 'to', 'office', 'format'];

describe('statistics under generated malformed requests', () => {
  let bus: EventBus;
  let service: StatisticsHarness;

  beforeAll(async () => {
    bus = await EventBus.open('stat-fuzz');
    service = await startStatistics('fuzz', bus);
    await publishKnownEvents(bus);
    await waitUntilConsumed(service, bus);
  });

  afterAll(async () => {
    await service?.close();
    await bus?.close();
  });

  it(`answers ${FUZZ_RUNS} generated requests over every route of its OpenAPI document without a 5xx`, async () => {
    const document = (await service.request('GET', '/docs-json')).body as FuzzDocument;
    const reports = Object.keys(document.paths).filter((path) => path.startsWith('/v1/reports/'));
    expect(reports.length).toBeGreaterThan(0);

    const outcome = await fuzzOpenApi(service.url, document, {
      runs: FUZZ_RUNS,
      seed: FUZZ_SEED,
      tokens: [await service.token(['national'], []), await service.token(['supervisor'], ['CHP']), await service.token(['officer'], ['TAB'])],
      queryParams: Object.fromEntries(reports.map((path) => [path, REPORT_QUERY])),
      queryValues: { from: ['2026-03-01', '2020-12-01'], to: ['2026-04-30', '2020-12-31'], office: ['CHP', 'TAB'], format: ['json', 'csv'] },
    });
    expect(outcome.sent).toBeGreaterThanOrEqual(FUZZ_RUNS);
    expect(Object.keys(outcome.byStatus).length).toBeGreaterThan(2);
    console.warn(`statistics fuzz: ${outcome.sent} requests in ${outcome.milliseconds} ms, by status ${JSON.stringify(outcome.byStatus)}`);
  }, 600_000);
});
