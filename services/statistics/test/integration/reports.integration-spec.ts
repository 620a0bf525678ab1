import { EventBus, startStatistics, StatisticsHarness, waitUntilConsumed } from './statistics-harness';
import { PERIOD, publishKnownEvents } from './known-events';

describe('statistics reports from a known set of events', () => {
  let bus: EventBus;
  let service: StatisticsHarness;
  let national: string;

  beforeAll(async () => {
    bus = await EventBus.open('stat-reports');
    service = await startStatistics('reports', bus);
    await publishKnownEvents(bus);
    await waitUntilConsumed(service, bus);
    national = await service.token(['national'], []);
  });

  afterAll(async () => {
    await service.close();
    await bus.close();
  });

  const get = async (path: string, token = national) => service.request('GET', path, { token });

  it('counts foreign children channelled to DIF by month (Mexico City), office, nationality, age group, travel condition and sex', async () => {
    const response = await get(`/v1/reports/dif-channelled?${PERIOD}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ suppressed: false, seriesBreak: { month: '2021-01' } });
    expect(response.body.columns).toEqual(['month', 'office', 'nationality', 'ageGroup', 'travelCondition', 'sex', 'series', 'events', 'uniqueChildren']);
    expect(response.body.rows).toEqual([
      // A1 and A2: one girl channelled twice (A2 on 31 March in Mexico City, 1 April in UTC).
      { month: '2026-03', office: 'CHP', nationality: 'GT', ageGroup: '12-17', travelCondition: 'UNACCOMPANIED', sex: 'F', series: 'CANALIZADOS', events: 2, uniqueChildren: 1 },
      // B: registered 0-11, corrected to 12-17.
      { month: '2026-03', office: 'CHP', nationality: 'HN', ageGroup: '12-17', travelCondition: 'ACCOMPANIED', sex: 'M', series: 'CANALIZADOS', events: 1, uniqueChildren: 1 },
      { month: '2026-04', office: 'TAB', nationality: 'SV', ageGroup: '0-11', travelCondition: 'SEPARATED', sex: 'F', series: 'CANALIZADOS', events: 1, uniqueChildren: 1 },
    ]);
    expect(response.body.total).toEqual({ events: 4, uniqueChildren: 3 });
  });

  it('labels months before January 2021 as the "presentados" series', async () => {
    const response = await get('/v1/reports/dif-channelled?from=2020-12-01&to=2020-12-31');
    expect(response.body.rows).toEqual([
      { month: '2020-12', office: 'CHP', nationality: 'GT', ageGroup: '12-17', travelCondition: 'UNACCOMPANIED', sex: 'M', series: 'PRESENTADOS', events: 1, uniqueChildren: 1 },
    ]);
  });

  it('counts Mexican children returned by the USA by month, reception point, age group, travel condition and sex', async () => {
    const response = await get(`/v1/reports/returned-from-usa?${PERIOD}`);
    expect(response.body.columns).toEqual(['month', 'receptionPoint', 'ageGroup', 'travelCondition', 'sex', 'events', 'uniqueChildren']);
    expect(response.body.rows).toEqual([
      { month: '2026-03', receptionPoint: 'BCN-EL-CHAPARRAL', ageGroup: '0-11', travelCondition: 'ACCOMPANIED', sex: 'F', events: 1, uniqueChildren: 1 },
      { month: '2026-03', receptionPoint: 'BCN-EL-CHAPARRAL', ageGroup: '12-17', travelCondition: 'UNACCOMPANIED', sex: 'M', events: 2, uniqueChildren: 2 },
    ]);
    expect(response.body.total).toEqual({ events: 3, uniqueChildren: 3 });
  });

  it('counts assisted returns by month, country, point of exit and travel condition', async () => {
    const response = await get(`/v1/reports/assisted-returns?${PERIOD}`);
    expect(response.body.columns).toEqual(['month', 'country', 'exitPoint', 'travelCondition', 'events', 'uniqueChildren']);
    expect(response.body.rows).toEqual([
      { month: '2026-03', country: 'GT', exitPoint: 'MX-CHP-CIUDAD-HIDALGO', travelCondition: 'UNACCOMPANIED', events: 1, uniqueChildren: 1 },
      { month: '2026-04', country: 'HN', exitPoint: 'MX-CMX-AICM', travelCondition: 'ACCOMPANIED', events: 1, uniqueChildren: 1 },
    ]);
  });

  it('gives the compliance indicators of DOMAIN.md 7.2 (4)', async () => {
    const response = await get(`/v1/reports/compliance?${PERIOD}`);
    expect(response.status).toBe(200);
    const body = response.body;
    // Cases detected in the period: A1, A2, B, C, D, R1, R2, R3. Notified: A1 55, A2 30, B 90, D 600 minutes.
    expect(body.procuraduriaNotification).toMatchObject({
      targetMinutes: 1440,
      cases: 8,
      recorded: 4,
      notRecorded: 4,
      withinTarget: 4,
      shareWithinTarget: 1,
      medianMinutes: 55,
      p90Minutes: 600,
      maxMinutes: 600,
      distribution: { 'minutes<=60': 2, 'minutes<=360': 1, 'minutes<=720': 1, 'minutes<=1440': 0, 'minutes>1440': 0 },
    });
    // Channelled: A1 300, A2 1500, B 120, C 200, D 100.
    expect(body.difHandover).toMatchObject({
      cases: 8,
      recorded: 5,
      notRecorded: 3,
      withinTarget: 4,
      shareWithinTarget: 0.8,
      medianMinutes: 200,
      p90Minutes: 1500,
      maxMinutes: 1500,
      distribution: { 'minutes<=60': 0, 'minutes<=360': 4, 'minutes<=720': 0, 'minutes<=1440': 0, 'minutes>1440': 1 },
    });
    // A1 (no Spanish): four sessions, three interpreted, one call interpreted; C (partial): one call without.
    expect(body.interpreterCoverage).toMatchObject({
      informationSessions: { needingInterpreter: 4, withInterpreter: 3, share: 0.75 },
      phoneCalls: { needingInterpreter: 2, withInterpreter: 1, share: 0.5 },
    });
    expect(body.informationSessions).toMatchObject({
      cases: 5,
      casesInformedByTopic: { DIF_CHANNELLING: 1, PROCURADURIA_NOTIFICATION: 1, MIGRATION_PROCEDURE: 1, RIGHTS: 2, RETURN_PROCESS: 0 },
      casesInformedOnAllCoreTopics: 1,
      shareInformedOnAllCoreTopics: 0.2,
      casesWithReturnPlan: 2,
      returnPlanCasesInformedOfReturn: 0,
      overdueDuties: 1,
    });
    // C decided by its published due date; A2 decided after 45 working days; B pending.
    expect(body.comarClaims).toMatchObject({ filed: 3, decided: 2, decidedWithinTerm: 1, shareDecidedWithinTerm: 0.5, pending: 1 });
    expect(body.blockedReturnAttempts).toMatchObject({
      refusals: 2,
      byStage: { APPROVAL: 1, SCHEDULING: 1 },
      byRule: { 'INV-01': 1, 'LM-16': 1, 'RP-08': 1 },
    });
    expect(body.outOfHoursReceptions).toMatchObject({
      unaccompaniedReceptions: 2,
      outOfHours: 1,
      share: 0.5,
      byPoint: [{ point: 'MX-BCN-TIJUANA', unaccompaniedReceptions: 2, outOfHours: 1 }],
    });
  });

  it('shows cells under 5 as <5, and no totals, to requesters without case-level access', async () => {
    const officer = await service.token(['officer'], ['CHP', 'TAB']);
    const response = await get(`/v1/reports/dif-channelled?${PERIOD}`, officer);
    expect(response.body.suppressed).toBe(true);
    expect(response.body.rows.map((row: Record<string, unknown>) => [row['events'], row['uniqueChildren']])).toEqual([
      ['<5', '<5'],
      ['<5', '<5'],
      ['<5', '<5'],
    ]);
    expect(response.body.total).toBeNull();
    const compliance = await get(`/v1/reports/compliance?${PERIOD}`, officer);
    expect(compliance.body.procuraduriaNotification).toMatchObject({ cases: 5, recorded: '<5', medianMinutes: null, shareWithinTarget: null });
    const supervisor = await service.token(['supervisor'], ['CHP', 'TAB']);
    expect((await get(`/v1/reports/dif-channelled?${PERIOD}`, supervisor)).body.rows[0].events).toBe(2);
  });

  it("limits an officer to their offices: another office's figures are refused, and audited", async () => {
    const tabasco = await service.token(['supervisor'], ['TAB'], 'supervisor-tab');
    const own = await get(`/v1/reports/dif-channelled?${PERIOD}`, tabasco);
    expect(own.body.rows.map((row: Record<string, unknown>) => row['office'])).toEqual(['TAB']);
    const other = await get(`/v1/reports/dif-channelled?${PERIOD}&office=CHP`, tabasco);
    expect(other.status).toBe(403);
    expect(other.body.errors).toEqual([expect.objectContaining({ field: 'office', rule: 'officeScope' })]);
    const audit = await service.dataSource.query(`SELECT action, outcome, office_code FROM audit_log WHERE actor_subject = 'supervisor-tab' ORDER BY occurred_at, id`);
    expect(audit).toEqual([
      { action: 'report.dif-channelled.read', outcome: 'allowed', office_code: null },
      { action: 'report.dif-channelled.read', outcome: 'refused', office_code: 'CHP' },
    ]);
  });

  it('refuses a bad period naming the field', async () => {
    const reversed = await get('/v1/reports/assisted-returns?from=2026-05-01&to=2026-04-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors).toEqual([expect.objectContaining({ field: 'to', rule: 'notBeforeFrom' })]);
    const malformed = await get('/v1/reports/assisted-returns?from=2026-13-01');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'from' })]);
    expect((await get('/v1/reports/assisted-returns?format=xml')).status).toBe(400);
    expect((await service.request('GET', '/v1/reports/assisted-returns')).status).toBe(401);
  });

  it('serves CSV by format=csv or Accept: text/csv', async () => {
    const response = await fetch(`${service.url}/v1/reports/returned-from-usa?${PERIOD}&format=csv`, { headers: { authorization: `Bearer ${national}` } });
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await response.text()).toBe(
      'month,receptionPoint,ageGroup,travelCondition,sex,events,uniqueChildren\r\n' +
        '2026-03,BCN-EL-CHAPARRAL,0-11,ACCOMPANIED,F,1,1\r\n' +
        '2026-03,BCN-EL-CHAPARRAL,12-17,UNACCOMPANIED,M,2,2\r\n',
    );
    const officer = await service.token(['officer'], ['BCN']);
    const accepted = await fetch(`${service.url}/v1/reports/compliance?${PERIOD}`, { headers: { authorization: `Bearer ${officer}`, accept: 'text/csv' } });
    const lines = (await accepted.text()).split('\r\n');
    expect(lines[0]).toBe('indicator,value');
    expect(lines).toContain('outOfHoursReceptions.outOfHours,<5');
  });

  it('answers JSON by default, and refuses a period that is not calendar days naming the field', async () => {
    const json = await fetch(`${service.url}/v1/reports/assisted-returns?${PERIOD}`, { headers: { authorization: `Bearer ${national}` } });
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await json.json()).toMatchObject({ report: 'assisted-returns', columns: expect.any(Array) });
    for (const [query, field] of [['from=2026-03', 'from'], ['to=2026-04-31', 'to'], ['from=2026-03-01T00:00:00Z', 'from']]) {
      const refused = await get(`/v1/reports/compliance?${query}`);
      expect([query, refused.status, refused.body.errors]).toEqual([query, 400, [expect.objectContaining({ field, rule: 'isCalendarDate' })]]);
    }
  });

  it('documents every report with its query parameters and its CSV alternative', async () => {
    type Operation = { parameters: Array<{ name: string; in: string; schema: { format?: string; enum?: string[] } }>; responses: Record<string, { content?: Record<string, unknown> }> };
    const document = (await service.request('GET', '/docs-json')).body as { paths: Record<string, { get: Operation }> };
    const reports = Object.keys(document.paths).filter((path) => path.startsWith('/v1/reports/'));
    expect(reports.sort()).toEqual([
      '/v1/reports/assisted-returns',
      '/v1/reports/compliance',
      '/v1/reports/dif-channelled',
      '/v1/reports/returned-from-usa',
      '/v1/reports/task-response',
    ]);
    for (const path of reports) {
      const operation = document.paths[path].get;
      const parameters = Object.fromEntries(operation.parameters.filter((parameter) => parameter.in === 'query').map((parameter) => [parameter.name, parameter.schema]));
      expect([path, Object.keys(parameters).sort()]).toEqual([path, ['format', 'from', 'office', 'to']]);
      expect([parameters.from.format, parameters.to.format, parameters.format.enum]).toEqual(['date', 'date', ['json', 'csv']]);
      expect(parameters.office.enum).toContain('CHP');
      expect(Object.keys(operation.responses['200'].content ?? {})).toContain('text/csv');
    }
  });
});
