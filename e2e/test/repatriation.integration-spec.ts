import { waitFor } from '@opis/testing';

import { RunningPlatform, startPlatform } from '../src/running-platform';
import { sampleRegistration } from '../src/sample-registration';

/** The next Monday 10:00 in Guatemala at least four days ahead: inside GT's seeded window and notice period. */
function guatemalaWindow(): string {
  const day = new Date(Date.now() + 4 * 86_400_000);
  while (day.getUTCDay() !== 1) day.setUTCDate(day.getUTCDate() + 1);
  day.setUTCHours(16, 0, 0, 0);
  return day.toISOString();
}

// Repatriation across services, driven only through their APIs and events: intake registers,
// legal-status decides best interests, informs and takes protection claims, family-contact verifies the
// family; repatriation keeps copies from their events and asks legal-status at approval and departure.
describe('assisted return and reception, across intake, legal-status, family-contact and repatriation', () => {
  let platform: RunningPlatform;
  let officer: string;
  let supervisor: string;

  beforeAll(async () => {
    platform = await startPlatform('repat', ['intake', 'family-contact', 'legal-status', 'repatriation']);
    officer = await platform.token(['officer'], ['CHP', 'BCN']);
    supervisor = await platform.token(['supervisor'], ['CHP', 'BCN'], 'supervisor-1');
  }, 120_000);

  afterAll(() => platform?.stop());

  const now = () => new Date(Date.now() - 60_000).toISOString();
  const call = (service: 'intake' | 'family-contact' | 'legal-status' | 'repatriation', method: string, path: string, body?: unknown, token = officer) =>
    platform.request(service, method, path, { token, body });

  async function registered(registration: ReturnType<typeof sampleRegistration>): Promise<string> {
    const response = await call('intake', 'POST', '/v1/cases', registration);
    expect(response.status).toBe(201);
    const caseId = response.body.caseId as string;
    await waitFor('the case in family-contact and legal-status', async () =>
      (await call('family-contact', 'GET', `/v1/cases/${caseId}/family`)).status === 200 &&
      (await call('legal-status', 'GET', `/v1/cases/${caseId}/legal`)).status === 200,
    );
    return caseId;
  }

  /** A family member named, located and verified in family-contact. */
  async function verifiedMember(caseId: string): Promise<string> {
    const contact = await call('family-contact', 'POST', `/v1/cases/${caseId}/contacts`, {
      relationship: 'PARENT',
      givenNames: 'Rosa Elvira',
      familyNames: 'Xicará Tum',
      phoneNumbers: ['+502 5555-1234'],
      country: 'GT',
      place: 'Nahualá',
      howKnown: 'Es mi mamá',
      wantsContact: 'YES',
    });
    expect(contact.status).toBe(201);
    const contactId = contact.body.contactId as string;
    expect((await call('family-contact', 'POST', `/v1/cases/${caseId}/contacts/${contactId}/location`, { via: 'CALL', locatedAt: now() })).status).toBe(200);
    const verified = await call('family-contact', 'POST', `/v1/cases/${caseId}/contacts/${contactId}/verification`, {
      evidence: ['BIRTH_CERTIFICATE'],
      childWish: 'WANTS_REUNIFICATION',
      riskIndicators: [],
      procuraduriaVettingReference: 'PPNNA-CHP-2026-0099',
      childViews: 'Quiere volver con su mamá',
    });
    expect(verified.status).toBe(200);
    return contactId;
  }

  /** A foreign child with every precondition recorded in the service that owns it, and a plan ready for approval. */
  async function readyForApproval(): Promise<{ caseId: string; planId: string }> {
    const caseId = await registered(sampleRegistration('CHP'));
    const plan = await call('legal-status', 'POST', `/v1/cases/${caseId}/best-interests`, {
      type: 'PLAN',
      author: 'Lic. Procuraduría Chiapas',
      decidedAt: now(),
      optionsConsidered: ['HUMANITARIAN_REGULARISATION', 'ASSISTED_RETURN'],
      childViews: 'Quiero volver con mi mamá',
      recommendedMeasure: 'ASSISTED_RETURN',
      documentReference: 'PPNNA/CHP/PR/2026/77',
    });
    expect(plan.status).toBe(201);
    const informed = await call('legal-status', 'POST', `/v1/cases/${caseId}/information-sessions`, {
      topic: 'RETURN_PROCESS',
      heldAt: now(),
      language: 'quc',
      interpreterId: 'int-quc-7',
      materialUsed: 'Texto 12-17 leído en voz alta',
      understanding: 'Entendió cómo será el viaje y quién la recibe',
      childViews: 'Quiere volver',
    });
    expect(informed.status).toBe(201);
    const contactId = await verifiedMember(caseId);

    await waitFor('the case copy in repatriation', async () => (await call('repatriation', 'GET', `/v1/cases/${caseId}/return-plans`)).status === 200);
    const proposed = await call('repatriation', 'POST', `/v1/cases/${caseId}/return-plans`, { receivingCountry: 'GT', familyContactId: contactId });
    expect(proposed.status).toBe(201);
    const planId = proposed.body.planId as string;
    const base = `/v1/cases/${caseId}/return-plans/${planId}`;
    expect(
      (await call('repatriation', 'PUT', `${base}/receiving-authority`, { authorityCode: 'GT-SBS', officialPosition: 'Delegada', acceptedAt: now(), takesGuardianship: false })).status,
    ).toBe(200);
    expect((await call('repatriation', 'PUT', `${base}/fitness`, { fitToTravel: true, assessedAt: now() })).status).toBe(200);
    await waitFor('the copies of best interests, informing and family in repatriation', async () => {
      const view = await call('repatriation', 'GET', base);
      return view.body.unmetPreconditions.length === 0;
    });
    return { caseId, planId };
  }

  const step = (caseId: string, planId: string, name: string, body: unknown = {}, token = officer) =>
    call('repatriation', 'POST', `/v1/cases/${caseId}/return-plans/${planId}/${name}`, body, token);
  const scheduleBody = () => ({
    exitPointCode: 'MX-CHP-CIUDAD-HIDALGO',
    handoverAt: guatemalaWindow(),
    legs: [{ mode: 'LAND', origin: 'Tapachula', destination: 'Ciudad Hidalgo', departsAt: guatemalaWindow(), escortOfficerIds: ['opi-chp-0042'] }],
    withAdultReturns: false,
  });

  it('takes a return from proposal to hand-over', async () => {
    const { caseId, planId } = await readyForApproval();
    expect((await step(caseId, planId, 'approval', undefined, supervisor)).body.status).toBe('APPROVED');
    expect((await step(caseId, planId, 'schedule', scheduleBody())).body.status).toBe('SCHEDULED');
    expect((await step(caseId, planId, 'departure')).body.status).toBe('IN_TRANSIT');
    const handedOver = await step(caseId, planId, 'handover', {
      authorityCode: 'GT-SBS',
      officialName: 'Licda. Ana López',
      officialPosition: 'Delegada',
      place: 'Tecún Umán',
      handedOverAt: new Date().toISOString(),
      signed: true,
    });
    expect(handedOver.status).toBe(200);
    expect(handedOver.body.status).toBe('HANDED_OVER');
  });

  it('blocks departure once a protection claim is filed after approval (INV-01)', async () => {
    const { caseId, planId } = await readyForApproval();
    expect((await step(caseId, planId, 'approval', undefined, supervisor)).status).toBe(200);
    expect((await step(caseId, planId, 'schedule', scheduleBody())).status).toBe(200);
    const notified = await call('intake', 'PUT', `/v1/cases/${caseId}/procuraduria-notification`, {
      notifiedAt: now(),
      procuraduria: 'PPNNA Chiapas',
      officialName: 'Lic. R. Pérez',
      means: 'OFFICIAL_LETTER',
    });
    expect(notified.status).toBe(200);
    await waitFor('the notification in legal-status', async () => {
      const claim = await call('legal-status', 'POST', `/v1/cases/${caseId}/protection/claim`, { filedAt: now(), representative: 'Lic. R. Pérez', interpreterId: 'int-quc-7' });
      return claim.status === 200 || claim.status === 201;
    });

    const departure = await step(caseId, planId, 'departure');
    expect(departure.status).toBeGreaterThanOrEqual(409);
    await waitFor('the plan aborted by the lock', async () => (await call('repatriation', 'GET', `/v1/cases/${caseId}/return-plans/${planId}`)).body.status === 'ABORTED');
    expect((await step(caseId, planId, 'departure')).status).toBe(409);
  });

  it('refuses approval while legal-status is stopped (fail safe)', async () => {
    const { caseId, planId } = await readyForApproval();
    await platform.stopService('legal-status');
    try {
      const refused = await step(caseId, planId, 'approval', undefined, supervisor);
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'LEGAL_STATUS_CONFIRMED', rule: 'INV-01' })]);
    } finally {
      await platform.startService('legal-status');
    }
  });

  it('receives a child returned from the USA, from notice to family hand-over', async () => {
    const opened = await call('repatriation', 'POST', '/v1/receptions', {
      officeCode: 'BCN',
      usAgency: 'USBP',
      usStation: 'San Diego Sector',
      usReference: 'USBP-2026-0042',
      expectedPointCode: 'MX-BCN-TIJUANA',
      expectedAt: new Date().toISOString(),
      consulateNotified: true,
      usScreeningRecord: true,
    });
    expect(opened.status).toBe(201);
    const receptionId = opened.body.receptionId as string;
    const reception = `/v1/receptions/${receptionId}`;
    const noon = new Date(Date.now() - 86_400_000);
    noon.setUTCHours(20, 0, 0, 0); // 12:00 or 13:00 in Tijuana: inside the seeded hours.
    expect((await call('repatriation', 'POST', `${reception}/arrival`, { pointCode: 'MX-BCN-TIJUANA', arrivedAt: noon.toISOString(), accompaniment: 'UNACCOMPANIED' })).status).toBe(200);

    const registration = sampleRegistration('BCN');
    registration.child.nationality = 'MX';
    registration.child.countryOfResidence = 'MX';
    registration.encounter.entryPath = 'RETURNED_FROM_USA';
    registration.encounter.migrationPoint = 'Tijuana';
    const caseId = await registered(registration);
    await waitFor('the case copy in repatriation', async () => (await call('repatriation', 'PUT', `${reception}/case`, { caseId })).status === 200);
    expect((await call('repatriation', 'PUT', `${reception}/risk-screen`, { findings: [], screenedAt: now() })).status).toBe(200);
    expect((await call('repatriation', 'POST', `${reception}/channelling`, { difPlatformId: 'DIF-BCN-000777', channelledAt: now() })).status).toBe(200);

    const contactId = await verifiedMember(caseId);
    await waitFor('the verified member in repatriation', async () => {
      const handover = await call('repatriation', 'POST', `${reception}/handover`, {
        kind: 'FAMILY',
        familyContactId: contactId,
        identityEvidence: ['IDENTITY_DOCUMENT'],
        kinshipEvidence: ['BIRTH_CERTIFICATE'],
        escortOfficerIds: [],
        handedOverAt: new Date().toISOString(),
      });
      return handover.status === 200;
    });
    expect((await call('repatriation', 'GET', reception)).body).toMatchObject({ status: 'HANDED_TO_FAMILY', caseId });
  });
});
