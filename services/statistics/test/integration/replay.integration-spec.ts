import { createTestSigner } from '@opis/platform';

import { EventBus, startStatistics, StatisticsHarness, waitUntilConsumed } from './statistics-harness';
import { PERIOD, publishKnownEvents } from './known-events';

const REPORTS = ['dif-channelled', 'returned-from-usa', 'assisted-returns', 'compliance', 'task-response'];
const QUERIES = ['', `?${PERIOD}`, '?from=2020-12-01&to=2020-12-31', `?${PERIOD}&office=CHP`];

/** Every report, for a case-level reader and a suppressed one, as JSON and CSV. */
async function everyReport(service: StatisticsHarness): Promise<Record<string, unknown>> {
  const readers = { national: await service.token(['national'], []), officer: await service.token(['officer'], ['CHP', 'TAB', 'BCN']) };
  const answers: Record<string, unknown> = {};
  for (const [reader, token] of Object.entries(readers)) {
    for (const report of REPORTS) {
      for (const query of QUERIES) {
        const json = await service.request('GET', `/v1/reports/${report}${query}`, { token });
        expect(json.status).toBe(200);
        const csv = await fetch(`${service.url}/v1/reports/${report}${query}`, { headers: { authorization: `Bearer ${token}`, accept: 'text/csv' } });
        answers[`${reader} ${report}${query}`] = { json: json.body, csv: await csv.text() };
      }
    }
  }
  return answers;
}

describe('rebuilding statistics by replaying the streams', () => {
  let bus: EventBus;

  beforeAll(async () => {
    bus = await EventBus.open('stat-replay');
  });

  afterAll(async () => {
    await bus.close();
  });

  it('gives every report identically from a fresh database and fresh durables', async () => {
    const signer = createTestSigner();
    const first = await startStatistics('replay_first', bus, signer);
    let before: Record<string, unknown>;
    try {
      await publishKnownEvents(bus);
      await waitUntilConsumed(first, bus);
      expect(await first.count('dead_letter')).toBe(0);
      before = await everyReport(first);
    } finally {
      // Drops the first database: the rebuild starts from nothing but the streams.
      await first.close();
    }
    await bus.resetConsumers();
    const rebuilt = await startStatistics('replay_rebuilt', bus, signer);
    try {
      await waitUntilConsumed(rebuilt, bus);
      expect(await rebuilt.count('stat_case')).toBe(9);
      expect(await rebuilt.count('stat_task')).toBe(2);
      expect(await everyReport(rebuilt)).toEqual(before);
    } finally {
      await rebuilt.close();
    }
  });
});
