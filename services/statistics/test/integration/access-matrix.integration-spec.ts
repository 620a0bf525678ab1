import { ROLES } from '@opis/platform';
import { AccessMatrixReport, FuzzDocument, httpRequest, matrixOperations, runAccessMatrix } from '@opis/service-harness';

import { CASES, publishKnownEvents } from './known-events';
import { EventBus, startStatistics, StatisticsHarness, waitUntilConsumed } from './statistics-harness';

const PERIOD = 'from=2026-03-01&to=2026-04-30';

/**
 * Issue 19's office and role matrix over statistics: every operation of its OpenAPI document, as
 * every role of an office with cases (CHP) and of another (TAB), and without a token; then each
 * report asked by every role of TAB for CHP's figures and for an office without any (YUC), which
 * must be answered alike. About 150 requests (the exact number is printed and asserted at least 100).
 */
describe('statistics: office and role matrix over every route', () => {
  let bus: EventBus;
  let service: StatisticsHarness;

  beforeAll(async () => {
    bus = await EventBus.open('stat-access-matrix');
    service = await startStatistics('access-matrix', bus);
    await publishKnownEvents(bus);
    await waitUntilConsumed(service, bus);
  });

  afterAll(async () => {
    await service?.close();
    await bus?.close();
  });

  it('shows no office’s figures to another office, lets no read-only role write, answers no 5xx (≈150 requests)', async () => {
    const document = (await service.request('GET', '/docs-json')).body as FuzzDocument;
    const reports = matrixOperations(document).filter((operation) => operation.path.startsWith('/v1/reports/'));
    expect(reports.length).toBeGreaterThanOrEqual(4);

    const report: AccessMatrixReport = await runAccessMatrix({
      url: service.url,
      document,
      mint: (roles, offices, subject) => service.token(roles, offices, subject),
      dataSource: service.dataSource,
      office: 'CHP',
      otherOffice: 'TAB',
      ids: {},
      // Every principal asks for the office with cases by name.
      query: Object.fromEntries(reports.map((operation) => [operation.key, `${PERIOD}&office=CHP`])),
      // Reports carry counts, never a case: no case id may appear in any answer.
      secrets: Object.values(CASES),
      ignoredTables: {
        // The design records every read of a report and every refusal there: it must grow.
        audit_log: 'reads and refusals are audited',
      },
    });

    // Statistics has no record ids: the leak it could have is another office's figures, or an answer
    // that differs between an office with cases and one without (which would tell which has cases).
    let compared = 0;
    for (const role of ROLES.filter((candidate) => candidate !== 'national')) {
      const token = await service.token([role], ['TAB'], `matrix-${role}-TAB-compare`);
      for (const operation of reports) {
        const answer = async (office: string) => {
          const response = await httpRequest(service.url, 'GET', `${operation.path}?${PERIOD}&office=${office}`, { token });
          compared += 1;
          const { instance: _instance, ...rest } = (response.body ?? {}) as Record<string, unknown>;
          return `${response.status} ${JSON.stringify(rest).split(office).join('{office}')}`;
        };
        const withCases = await answer('CHP');
        const without = await answer('YUC');
        if (withCases !== without) report.leaks.push(`${operation.key} as ${role} of TAB: office=CHP answered «${withCases}», office=YUC «${without}»`);
        if (!withCases.startsWith('403 ') && !withCases.startsWith('404 ')) report.leaks.push(`${operation.key} as ${role} of TAB read CHP's figures: ${withCases.slice(0, 300)}`);
      }
    }

    console.warn(`statistics access matrix: ${report.sent + compared} requests over ${report.operations} operations in ${report.milliseconds} ms (+${compared} office comparisons), by status ${JSON.stringify(report.byStatus)}`);
    expect(report.operations).toBeGreaterThanOrEqual(6);
    expect(report.sent + compared).toBeGreaterThanOrEqual(100);
    expect(report.serverErrors).toEqual([]);
    expect(report.unauthenticated).toEqual([]);
    expect(report.leaks).toEqual([]);
    expect(report.otherOfficeWrites).toEqual([]);
    expect(report.readOnlyWrites).toEqual([]);
  }, 60_000);
});
