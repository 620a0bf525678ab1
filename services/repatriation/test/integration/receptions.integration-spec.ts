import 'reflect-metadata';

import { memberFlaggedV1, memberLocatedV1, memberVerifiedV1 } from '@opis/contracts-family-contact';

import { outboxEvents, RepatriationTestBed, startRepatriation } from './repatriation-harness';

const PARENT = '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d21';
const UNCLE = '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d22';

/** 12:00 and 03:00 of the current day in Tijuana, in the past (seeded hours for unaccompanied children: 07:00–19:00). */
function tijuana(hour: number): string {
  const at = new Date(Date.now() - 2 * 86_400_000);
  at.setUTCHours(hour + 8, 0, 0, 0); // UTC-8 (PST); the seeded window is wide enough for DST to change nothing.
  return at.toISOString();
}

describe('repatriation: reception of Mexican children returned from the USA (DOMAIN.md 4.5 b)', () => {
  let bed: RepatriationTestBed;
  let officer: string;

  beforeAll(async () => {
    bed = await startRepatriation('receptions');
    officer = await bed.service.token(['officer'], ['BCN']);
  });

  afterAll(async () => {
    await bed?.close();
  });

  const call = (method: string, url: string, body?: unknown, token = officer) => bed.service.request(method, url, { token, body });
  const notice = (overrides: Record<string, unknown> = {}) => ({
    officeCode: 'BCN',
    usAgency: 'USBP',
    usStation: 'San Diego Sector – Chula Vista Station',
    usReference: 'USBP-2026-0001',
    expectedPointCode: 'MX-BCN-TIJUANA',
    expectedAt: tijuana(12),
    consulateNotified: true,
    usScreeningRecord: true,
    ...overrides,
  });

  async function arrived(at: string, accompaniment = 'UNACCOMPANIED'): Promise<string> {
    const opened = await call('POST', '/v1/receptions', notice());
    expect(opened.status).toBe(201);
    const id = opened.body.receptionId as string;
    const arrival = await call('POST', `/v1/receptions/${id}/arrival`, { pointCode: 'MX-BCN-TIJUANA', arrivedAt: at, accompaniment });
    expect(arrival.status).toBe(200);
    return id;
  }

  it('receives a child from notice to family hand-over and closure, contacted first and only to a verified family member (US-05, DOMAIN.md 4.5 b)', async () => {
    const id = await arrived(tijuana(12));
    const caseId = await bed.register({ officeCode: 'BCN', nationality: 'MX', countryOfResidence: 'MX', entryPath: 'RETURNED_FROM_USA' });
    expect((await call('PUT', `/v1/receptions/${id}/case`, { caseId })).body.caseId).toBe(caseId);

    const tooEarly = await call('POST', `/v1/receptions/${id}/channelling`, { difPlatformId: 'DIF-BCN-000123', channelledAt: new Date().toISOString() });
    expect(tooEarly.body).toMatchObject({ status: 422, rule: 'US-06' });
    expect((await call('PUT', `/v1/receptions/${id}/risk-screen`, { findings: [], screenedAt: new Date().toISOString() })).status).toBe(200);
    expect((await call('POST', `/v1/receptions/${id}/channelling`, { difPlatformId: 'DIF-BCN-000123', channelledAt: new Date().toISOString() })).status).toBe(200);
    expect((await call('PUT', `/v1/receptions/${id}/causes-of-migration`, { causes: ['FAMILY_REUNIFICATION', 'WORK'], recordedAt: new Date().toISOString() })).status).toBe(200);

    const handover = (contactId: string) =>
      call('POST', `/v1/receptions/${id}/handover`, {
        kind: 'FAMILY',
        familyContactId: contactId,
        identityEvidence: ['IDENTITY_DOCUMENT'],
        kinshipEvidence: ['BIRTH_CERTIFICATE'],
        escortOfficerIds: [],
        handedOverAt: new Date().toISOString(),
      });
    const contact = (contactId: string) => call('POST', `/v1/receptions/${id}/family-contact`, { familyContactId: contactId, contactedAt: new Date().toISOString() });
    await bed.deliver(memberFlaggedV1, caseId, 'BCN', { contactId: UNCLE, relationship: 'AUNT_OR_UNCLE', riskIndicators: ['TRAFFICKING_SUSPECTED'], flaggedAt: new Date().toISOString() });

    // DIF reaches the family before anyone collects the child; never a person flagged as a risk.
    const uncontacted = await handover(PARENT);
    expect(uncontacted.body).toMatchObject({ status: 422, code: 'FAMILY_NOT_CONTACTED', rule: 'US-05' });
    expect((await contact(UNCLE)).body).toMatchObject({ status: 422, code: 'FAMILY_NOT_VERIFIED', rule: 'US-05' });
    expect((await contact(PARENT)).body.errors).toEqual([expect.objectContaining({ field: 'familyContactId', message: expect.stringContaining('not located') })]);
    await bed.deliver(memberLocatedV1, caseId, 'BCN', { contactId: PARENT, relationship: 'PARENT', via: 'CALL', country: 'MX', locatedAt: new Date().toISOString() });
    const contacted = await contact(PARENT);
    expect(contacted.status).toBe(200);
    expect(contacted.body).toMatchObject({ status: 'FAMILY_CONTACTED', familyContacted: { familyContactId: PARENT } });

    const flagged = await handover(UNCLE);
    expect(flagged.status).toBe(422);
    expect(flagged.body).toMatchObject({ code: 'FAMILY_NOT_VERIFIED', rule: 'US-05' });
    expect((await handover(PARENT)).body.code).toBe('FAMILY_NOT_VERIFIED');

    await bed.deliver(memberVerifiedV1, caseId, 'BCN', {
      contactId: PARENT,
      relationship: 'PARENT',
      evidence: ['BIRTH_CERTIFICATE'],
      childWish: 'WANTS_REUNIFICATION',
      verifiedAt: new Date().toISOString(),
    });
    const handed = await handover(PARENT);
    expect(handed.status).toBe(200);
    expect(handed.body).toMatchObject({ status: 'HANDED_TO_FAMILY', incidents: [] });

    expect((await call('POST', `/v1/receptions/${id}/closure`, { closedAt: new Date(Date.now() - 86_400_000).toISOString() })).body).toMatchObject({
      status: 422,
      code: 'CLOSED_BEFORE_HANDOVER',
    });
    const closed = await call('POST', `/v1/receptions/${id}/closure`, {});
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'CLOSED', closedAt: expect.any(String) });
    expect((await call('POST', `/v1/receptions/${id}/closure`, {})).status).toBe(409);

    const types = (await bed.service.dataSource.query(`SELECT event_type, case_id FROM outbox WHERE payload->'data'->>'receptionId' = $1 ORDER BY id`, [id])) as Array<{
      event_type: string;
      case_id: string;
    }>;
    expect(types).toEqual([
      { event_type: 'repatriation.reception.opened', case_id: id },
      { event_type: 'repatriation.reception.arrived', case_id: id },
      { event_type: 'repatriation.reception.family-contacted', case_id: caseId },
      { event_type: 'repatriation.reception.handed-over', case_id: caseId },
      { event_type: 'repatriation.reception.closed', case_id: caseId },
    ]);
    const [closedEvent] = (await outboxEvents(bed.service, 'repatriation.reception.closed', caseId)).map((event) => event.payload.data);
    expect(closedEvent).toEqual({ receptionId: id, kind: 'FAMILY', closedAt: closed.body.closedAt });
  });

  it('records an incident once for an unaccompanied child arriving out of hours (US-03), not for an accompanied one', async () => {
    const night = await arrived(tijuana(3));
    const view = await call('GET', `/v1/receptions/${night}`);
    expect(view.body.incidents).toEqual([expect.objectContaining({ kind: 'OUT_OF_HOURS_ARRIVAL', pointCode: 'MX-BCN-TIJUANA' })]);
    const [incident] = (await outboxEvents(bed.service, 'repatriation.incident.recorded')).filter((event) => event.payload.data.receptionId === night);
    expect(incident.payload.data).toMatchObject({ kind: 'OUT_OF_HOURS_ARRIVAL', usAgency: 'USBP' });
    expect((await call('POST', `/v1/receptions/${night}/arrival`, { pointCode: 'MX-BCN-TIJUANA', arrivedAt: tijuana(3), accompaniment: 'UNACCOMPANIED' })).status).toBe(409);

    const accompanied = await arrived(tijuana(3), 'ACCOMPANIED');
    expect((await call('GET', `/v1/receptions/${accompanied}`)).body.incidents).toEqual([]);
  });

  it('holds a positive risk screen for a Procuraduría measure (US-06) and escorts a transfer to the home state (LM-14)', async () => {
    const id = await arrived(tijuana(12));
    const caseId = await bed.register({ officeCode: 'BCN', nationality: 'MX', entryPath: 'RETURNED_FROM_USA' });
    await call('PUT', `/v1/receptions/${id}/case`, { caseId });
    await call('PUT', `/v1/receptions/${id}/risk-screen`, { findings: ['VIOLENCE_AT_HOME'], screenedAt: new Date().toISOString() });
    const channelled = await call('POST', `/v1/receptions/${id}/channelling`, { difPlatformId: 'DIF-BCN-000124', channelledAt: new Date().toISOString() });
    // Channelled to DIF, and at once with the Procuraduría (DOMAIN.md 4.5 b).
    expect(channelled.body).toMatchObject({ status: 'PROCURADURIA_MEASURE', channelledAt: expect.any(String), procuraduriaReferredAt: expect.any(String) });
    const [referred] = await outboxEvents(bed.service, 'repatriation.reception.referred-to-procuraduria', caseId);
    expect(referred.payload.data).toEqual({ receptionId: id, grounds: ['RISK_SCREEN'], findings: ['VIOLENCE_AT_HOME'] });
    const transfer = (escorts: string[]) =>
      call('POST', `/v1/receptions/${id}/handover`, { kind: 'STATE_DIF', homeState: 'MIC', identityEvidence: [], kinshipEvidence: [], escortOfficerIds: escorts, handedOverAt: new Date().toISOString() });
    expect((await transfer(['opi-bcn-1'])).body).toMatchObject({ code: 'PROCURADURIA_MEASURE_MISSING', rule: 'US-06' });
    await call('PUT', `/v1/receptions/${id}/procuraduria-measure`, { measureReference: 'PPNNA-BCN-2026-0042', issuedAt: new Date().toISOString() });
    expect((await transfer([])).body).toMatchObject({ code: 'ESCORT_MISSING', rule: 'LM-14' });
    const done = await transfer(['opi-bcn-1']);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'TRANSFERRED_STATE_DIF', handover: expect.objectContaining({ homeState: 'MIC', escortOfficerIds: ['opi-bcn-1'] }) });
    expect((await call('POST', `/v1/receptions/${id}/closure`, {})).body.status).toBe('CLOSED');
    const [closed] = await outboxEvents(bed.service, 'repatriation.reception.closed', caseId);
    expect(closed.payload.data).toMatchObject({ receptionId: id, kind: 'STATE_DIF' });
  });

  it('hands a child to family only after the causes of migration are recorded, and after a Procuraduría measure when intrafamily violence is among them (LM-15)', async () => {
    const id = await arrived(tijuana(12));
    const caseId = await bed.register({ officeCode: 'BCN', nationality: 'MX', countryOfResidence: 'MX', entryPath: 'RETURNED_FROM_USA' });
    await call('PUT', `/v1/receptions/${id}/case`, { caseId });
    await call('PUT', `/v1/receptions/${id}/risk-screen`, { findings: [], screenedAt: new Date().toISOString() });
    await call('POST', `/v1/receptions/${id}/channelling`, { difPlatformId: 'DIF-BCN-000125', channelledAt: new Date().toISOString() });
    await bed.deliver(memberVerifiedV1, caseId, 'BCN', {
      contactId: PARENT,
      relationship: 'PARENT',
      evidence: ['BIRTH_CERTIFICATE'],
      childWish: 'WANTS_REUNIFICATION',
      verifiedAt: new Date().toISOString(),
    });
    const toFamily = () =>
      call('POST', `/v1/receptions/${id}/handover`, {
        kind: 'FAMILY',
        familyContactId: PARENT,
        identityEvidence: ['IDENTITY_DOCUMENT'],
        kinshipEvidence: ['BIRTH_CERTIFICATE'],
        escortOfficerIds: [],
        handedOverAt: new Date().toISOString(),
      });

    const unassessed = await toFamily();
    expect(unassessed.status).toBe(422);
    expect(unassessed.body).toMatchObject({ code: 'CAUSES_OF_MIGRATION_MISSING', rule: 'LM-15', errors: [expect.objectContaining({ field: 'causesOfMigration', rule: 'LM-15' })] });

    const before = await bed.service.count('outbox');
    for (const causes of [[], ['EXTORTION'], ['WORK', 'WORK']]) {
      const bad = await call('PUT', `/v1/receptions/${id}/causes-of-migration`, { causes, recordedAt: new Date().toISOString() });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((error: { field: string }) => error.field)).toEqual(['causes']);
    }
    expect((await call('GET', `/v1/receptions/${id}`)).body.causesOfMigration).toBeNull();

    const recorded = await call('PUT', `/v1/receptions/${id}/causes-of-migration`, { causes: ['INTRAFAMILY_VIOLENCE', 'INSECURITY'], recordedAt: new Date().toISOString() });
    expect(recorded.body).toMatchObject({ status: 'PROCURADURIA_MEASURE', causesOfMigration: { causes: ['INTRAFAMILY_VIOLENCE', 'INSECURITY'] } });
    const [referred] = await outboxEvents(bed.service, 'repatriation.reception.referred-to-procuraduria', caseId);
    expect(referred.payload.data).toEqual({ receptionId: id, grounds: ['INTRAFAMILY_VIOLENCE'], findings: [] });
    const afterReferral = await bed.service.count('outbox');
    const held = await toFamily();
    expect(held.status).toBe(422);
    expect(held.body).toMatchObject({ code: 'PROCURADURIA_MEASURE_MISSING', rule: 'LM-15' });
    const contact = () => call('POST', `/v1/receptions/${id}/family-contact`, { familyContactId: PARENT, contactedAt: new Date().toISOString() });
    expect((await contact()).body).toMatchObject({ code: 'PROCURADURIA_MEASURE_MISSING', rule: 'LM-15' });
    expect(await bed.service.count('outbox')).toBe(afterReferral);
    expect(afterReferral).toBe(before + 1);

    await call('PUT', `/v1/receptions/${id}/procuraduria-measure`, { measureReference: 'PPNNA-BCN-2026-0043', issuedAt: new Date().toISOString() });
    expect((await contact()).body.status).toBe('FAMILY_CONTACTED');
    const handed = await toFamily();
    expect(handed.status).toBe(200);
    expect(handed.body.status).toBe('HANDED_TO_FAMILY');
  });

  it('links only a RETURNED_FROM_USA case of the same office; bad input writes nothing; another office’s reception is 404', async () => {
    const id = await arrived(tijuana(12));
    const detected = await bed.register({ officeCode: 'BCN', entryPath: 'DETECTED' });
    expect((await call('PUT', `/v1/receptions/${id}/case`, { caseId: detected })).body).toMatchObject({ code: 'CASE_NOT_RETURNED_FROM_USA', rule: 'US-05' });
    const elsewhere = await bed.register({ officeCode: 'CHP', nationality: 'MX', entryPath: 'RETURNED_FROM_USA' });
    const otherOffice = await call('PUT', `/v1/receptions/${id}/case`, { caseId: elsewhere });
    expect(otherOffice.status).toBe(404);
    // A case that does not exist (or has not arrived) is answered the same: nothing tells the other office's exists.
    const unknown = await call('PUT', `/v1/receptions/${id}/case`, { caseId: '01a24a00-0000-7000-8000-000000000000' });
    expect({ status: unknown.status, code: unknown.body.code, detail: unknown.body.detail }).toEqual({ status: 404, code: otherOffice.body.code, detail: otherOffice.body.detail });

    const tables = async () => [await bed.service.count('reception'), await bed.service.count('outbox'), await bed.service.count('incident')];
    const before = await tables();
    const bad = await call('POST', '/v1/receptions', notice({ usAgency: 'FBI', expectedAt: 'tomorrow', usReference: '' }));
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['expectedAt', 'usAgency', 'usReference']);
    expect((await call('POST', '/v1/receptions', notice({ expectedPointCode: 'MX-BCN-ROSARITO' }))).body).toMatchObject({ status: 422, rule: 'US-03' });
    for (const expectedAt of ['9999-01-01T00:00:00Z', '1970-01-01T00:00:00Z']) {
      const implausible = await call('POST', '/v1/receptions', notice({ expectedAt }));
      expect(implausible.status).toBe(400);
      expect(implausible.body.errors).toEqual([expect.objectContaining({ field: 'expectedAt', rule: 'isPlausibleArrival' })]);
    }
    expect((await call('POST', '/v1/receptions', notice({ officeCode: 'CHP' }))).status).toBe(403);
    expect(await tables()).toEqual(before);

    const chiapas = await bed.service.token(['officer'], ['CHP']);
    expect((await call('GET', `/v1/receptions/${id}`, undefined, chiapas)).status).toBe(404);
    expect((await call('POST', `/v1/receptions/${id}/arrival`, { pointCode: 'MX-BCN-TIJUANA', arrivedAt: tijuana(12), accompaniment: 'UNACCOMPANIED' }, chiapas)).status).toBe(404);
  });

  it('lets an administrator change a point’s hours and a country’s arrangement, validated', async () => {
    const admin = await bed.service.token(['office-admin'], ['BCN']);
    // Receiving countries are national reference data: a national-admin keeps them (issue 19).
    const nationalAdmin = await bed.service.token(['national-admin'], []);
    const point = { name: 'Tijuana (El Chaparral)', officeCode: 'BCN', timeZone: 'America/Tijuana', weekdays: [1, 2, 3, 4, 5, 6, 7], opensAt: '06:00', closesAt: '20:00' };
    expect((await call('PUT', '/v1/repatriation-points/MX-BCN-TIJUANA', point, admin)).body).toMatchObject({ opensAt: '06:00' });
    expect((await call('PUT', '/v1/repatriation-points/MX-BCN-TIJUANA', { ...point, timeZone: 'Mars/Olympus' }, admin)).status).toBe(400);
    expect((await call('PUT', '/v1/repatriation-points/MX-BCN-TIJUANA', point)).status).toBe(403);
    const honduras = {
      timeZone: 'America/Tegucigalpa',
      weekdays: [1, 2, 3, 4],
      opensAt: '09:00',
      closesAt: '14:00',
      noticeHours: 96,
      exitPoints: [{ code: 'MX-CMX-AICM', name: 'AICM' }],
      authorities: [{ code: 'HN-DINAF', institution: 'DINAF' }],
    };
    expect((await call('PUT', '/v1/receiving-countries/HN', honduras, nationalAdmin)).body).toMatchObject({ noticeHours: 96, weekdays: [1, 2, 3, 4] });
    expect((await call('PUT', '/v1/receiving-countries/HN', { ...honduras, authorities: [{ code: 'GT-SBS', institution: 'x y' }] }, nationalAdmin)).status).toBe(400);
    expect((await call('PUT', '/v1/receiving-countries/HN', { ...honduras, closesAt: '08:00' }, nationalAdmin)).status).toBe(400);
    const countries = await call('GET', '/v1/receiving-countries');
    expect(countries.body.items.map((country: { country: string }) => country.country)).toEqual(['GT', 'HN', 'SV']);
    expect(countries.body.nextCursor).toBeNull();
    const points = await call('GET', '/v1/repatriation-points');
    expect(points.body.items).toHaveLength(12);
    expect(points.body.nextCursor).toBeNull();
  });
});
