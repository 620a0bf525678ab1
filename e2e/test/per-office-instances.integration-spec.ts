import { Client } from 'pg';

import { bodyOf, problemOf } from '@opis/api-clients';
import { RunningPlatform, sampleRegistration, ServiceInstance, startPlatform } from '@opis/platform-tools';
import { waitFor } from '@opis/testing';


// ARCHITECTURE.md, Scale: an instance can be limited to offices (OFFICES=CHP,TAB). Care runs as
// three instances on one database: CHP's, TAB's and the national one, which leaves the offices
// with instances of their own (DEDICATED_OFFICES) to them. Each applies exactly its share.
describe('care instances per office', () => {
  let platform: RunningPlatform;
  let tabInstance: ServiceInstance<'care'>;
  let chpInstance: ServiceInstance<'care'>;
  let national: string;
  let officers: string;
  let officerCHP: string;
  let officerTAB: string;
  const caseOf = new Map<'CHP' | 'TAB' | 'VER', string>();

  beforeAll(async () => {
    platform = await startPlatform('offices', ['intake', 'care'], {
      serviceEnv: { care: { DEDICATED_OFFICES: 'CHP,TAB' } },
      provisionEnv: { CARE_DEDICATED_OFFICES: 'CHP,TAB' },
    });
    tabInstance = await platform.startInstance('care', { OFFICES: 'TAB' });
    national = await platform.token(['national'], []);
    officers = await platform.token(['officer'], ['CHP', 'TAB', 'VER']);
    officerCHP = await platform.token(['officer'], ['CHP']);
    officerTAB = await platform.token(['officer'], ['TAB']);
  }, 180_000);

  afterAll(() => platform?.stop());

  async function query<T>(service: 'intake' | 'care', sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: platform.databases.get(service)?.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  it("leaves a dedicated office's events to its instance, which applies them when it comes", async () => {
    // In stream order: CHP's registration, then TAB's, then VER's.
    for (const office of ['CHP', 'TAB', 'VER'] as const) {
      const registered = await bodyOf(`registering in ${office}`, platform.client('intake', officers).POST('/v1/cases', { body: sampleRegistration(office, `Nina ${office}`) }), 201);
      caseOf.set(office, registered.caseId as string);
    }
    const careRecord = async (caseId: string | undefined) =>
      (await platform.client('care', national).GET('/v1/cases/{caseId}', { params: { path: { caseId: caseId as string } } })).response.status;
    await waitFor('VER applied by the national instance', async () => (await careRecord(caseOf.get('VER'))) === 200);
    await waitFor('TAB applied by the TAB instance', async () => (await careRecord(caseOf.get('TAB'))) === 200);
    // The national instance has passed CHP's event (it came before VER's) without applying it.
    expect(await careRecord(caseOf.get('CHP'))).toBe(404);

    chpInstance = await platform.startInstance('care', { OFFICES: 'CHP' });
    await waitFor('CHP applied by the CHP instance', async () => (await careRecord(caseOf.get('CHP'))) === 200);
  }, 120_000);

  it('applies every event exactly once, through the durable of the instance serving its office', async () => {
    const events = await query<{ id: string; subject: string }>('intake', 'SELECT id, subject FROM outbox ORDER BY position');
    const ofOffice = (office: string) => events.filter((event) => event.subject.endsWith(`.${office}`)).map((event) => event.id).sort();
    const inbox = await query<{ consumer: string; event_id: string }>('care', 'SELECT consumer, event_id FROM inbox');
    const seenBy = (consumer: string) => inbox.filter((row) => row.consumer === consumer).map((row) => row.event_id).sort();
    expect(seenBy('care-intake-case-chp')).toEqual(ofOffice('CHP'));
    expect(seenBy('care-intake-case-tab')).toEqual(ofOffice('TAB'));
    // The national durable sees every event (one filter on 2.9) and applies those of VER.
    expect(seenBy('care-intake-case')).toEqual(events.map((event) => event.id).sort());
    const records = await query<{ case_id: string; office_code: string }>('care', 'SELECT case_id, office_code FROM care_record ORDER BY office_code');
    expect(records).toEqual([
      { case_id: caseOf.get('CHP'), office_code: 'CHP' },
      { case_id: caseOf.get('TAB'), office_code: 'TAB' },
      { case_id: caseOf.get('VER'), office_code: 'VER' },
    ]);
    expect(await query('care', 'SELECT id FROM dead_letter')).toEqual([]);
  });

  it("answers a request about another office's case with 421 naming it, or 404 to whom may not see it", async () => {
    const careRecord = (instance: ServiceInstance<'care'>, caseId: string | undefined, token: string) =>
      instance.client(token).GET('/v1/cases/{caseId}', { params: { path: { caseId: caseId as string } } });
    const tabCase = caseOf.get('TAB');
    const misdirected = await careRecord(chpInstance, tabCase, officerTAB);
    expect(misdirected.response.status).toBe(421);
    expect(misdirected.response.headers.get('content-type')).toContain('application/problem+json');
    expect(await problemOf('a TAB case at the CHP instance', misdirected, 421)).toMatchObject({
      code: 'OFFICE_NOT_SERVED',
      detail: expect.stringMatching(/Office TAB .* serves only CHP \(OFFICES\)/),
    });
    expect((await careRecord(chpInstance, tabCase, officerCHP)).response.status).toBe(404);
    // The document lists no query parameters yet (issue 19): `office` goes outside the typed client.
    expect((await chpInstance.request('GET', `/v1/worklist?office=TAB`, { token: officerTAB })).status).toBe(421);
    // Each office's instance and the national one answer their own.
    expect((await careRecord(chpInstance, caseOf.get('CHP'), officerCHP)).response.status).toBe(200);
    expect((await careRecord(tabInstance, tabCase, officerTAB)).response.status).toBe(200);
  });
});
