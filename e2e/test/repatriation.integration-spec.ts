import { waitFor } from '@opis/testing';

import { ReturnJourney } from '../src/return-journey';
import { RunningPlatform, startPlatform } from '../src/running-platform';
import { sampleRegistration } from '../src/sample-registration';

// Repatriation across services, driven only through their APIs and events: intake registers,
// legal-status decides best interests, resolves the PAM, informs and takes protection claims,
// family-contact verifies the family; repatriation keeps copies from their events and asks
// legal-status at every moving step.
describe('assisted return and reception, across intake, legal-status, family-contact and repatriation', () => {
  let platform: RunningPlatform;
  let officer: string;
  let supervisor: string;
  let journey: ReturnJourney;

  beforeAll(async () => {
    platform = await startPlatform('repat', ['intake', 'family-contact', 'legal-status', 'repatriation']);
    officer = await platform.token(['officer'], ['CHP', 'BCN']);
    supervisor = await platform.token(['supervisor'], ['CHP', 'BCN'], 'supervisor-1');
    journey = new ReturnJourney(platform, officer, supervisor);
  }, 120_000);

  afterAll(() => platform?.stop());

  const now = () => new Date(Date.now() - 60_000).toISOString();
  const call = (service: 'intake' | 'family-contact' | 'legal-status' | 'repatriation', method: string, path: string, body?: unknown, token = officer) =>
    platform.request(service, method, path, { token, body });
  const readyForApproval = () => journey.readyForApproval();
  const registered = (registration: ReturnType<typeof sampleRegistration>) => journey.registered(registration);
  const verifiedMember = (caseId: string) => journey.verifiedMember(caseId, 'MX');
  const step = (caseId: string, planId: string, name: 'approval' | 'schedule' | 'departure' | 'handover', body: unknown = {}, token?: string) =>
    journey.step(caseId, planId, name, body, token);
  const scheduleBody = () => journey.scheduleBody();

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
    expect((await journey.fileClaim(caseId)).status).toBe(200);

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
    expect((await call('repatriation', 'PUT', `${reception}/causes-of-migration`, { causes: ['FAMILY_REUNIFICATION'], recordedAt: now() })).status).toBe(200);
    await waitFor('the located member in repatriation, then the family contacted (US-05)', async () =>
      (await call('repatriation', 'POST', `${reception}/family-contact`, { familyContactId: contactId, contactedAt: now() })).status === 200,
    );
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
