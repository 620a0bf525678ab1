import { describeOpenApiFuzz } from '@opis/service-harness';

import { publishKnownEvents } from './known-events';
import { EventBus, startStatistics, waitUntilConsumed } from './statistics-harness';

const REPORT_QUERY = ['from', 'to', 'office', 'format'];

describeOpenApiFuzz('statistics', {
  start: async () => {
    const bus = await EventBus.open('stat-fuzz');
    const service = await startStatistics('fuzz', bus);
    await publishKnownEvents(bus);
    await waitUntilConsumed(service, bus);
    return {
      service,
      close: async () => {
        await service.close();
        await bus.close();
      },
    };
  },
  service: (bed) => bed.service,
  plan: async ({ service }, document) => {
    const reports = Object.keys(document.paths).filter((path) => path.startsWith('/v1/reports/'));
    expect(reports.length).toBeGreaterThan(0);
    return {
      tokens: [await service.token(['national'], []), await service.token(['supervisor'], ['CHP']), await service.token(['officer'], ['TAB'])],
      queryParams: Object.fromEntries(reports.map((path) => [path, REPORT_QUERY])),
      queryValues: { from: ['2026-03-01', '2020-12-01'], to: ['2026-04-30', '2020-12-31'], office: ['CHP', 'TAB'], format: ['json', 'csv'] },
      // Few routes, all reports: fewer kinds of answer than a service with commands.
      minimumStatuses: 3,
    };
  },
});
