import { bodyOf, problemOf } from '@opis/api-clients';
import { Registration, ReturnJourney, RunningPlatform, sampleRegistration, startPlatform } from '@opis/platform-tools';
import { waitFor } from '@opis/testing';


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
  const readyForApproval = () => journey.readyForApproval();
  const registered = (registration: Registration) => journey.registered(registration);
  const verifiedMember = (caseId: string) => journey.verifiedMember(caseId, 'MX');
  const scheduleBody = () => journey.scheduleBody();
  const repatriation = () => platform.client('repatriation', officer);

  it('takes a return from proposal to hand-over', async () => {
    const { caseId, planId } = await readyForApproval();
    expect((await bodyOf('approval', journey.step(caseId, planId, 'approval', undefined, supervisor), 200)).status).toBe('APPROVED');
    expect((await bodyOf('schedule', journey.step(caseId, planId, 'schedule', scheduleBody()), 200)).status).toBe('SCHEDULED');
    expect((await bodyOf('departure', journey.step(caseId, planId, 'departure'), 200)).status).toBe('IN_TRANSIT');
    const handedOver = await bodyOf(
      'handover',
      journey.step(caseId, planId, 'handover', {
        authorityCode: 'GT-SBS',
        officialName: 'Licda. Ana López',
        officialPosition: 'Delegada',
        place: 'Tecún Umán',
        handedOverAt: new Date().toISOString(),
        signed: true,
      }),
      200,
    );
    expect(handedOver.status).toBe('HANDED_OVER');
  });

  it('blocks departure once a protection claim is filed after approval (INV-01)', async () => {
    const { caseId, planId } = await readyForApproval();
    expect((await journey.step(caseId, planId, 'approval', undefined, supervisor)).response.status).toBe(200);
    expect((await journey.step(caseId, planId, 'schedule', scheduleBody())).response.status).toBe(200);
    expect((await journey.fileClaim(caseId)).response.status).toBe(200);

    const departure = await journey.step(caseId, planId, 'departure');
    expect(departure.response.status).toBeGreaterThanOrEqual(409);
    await waitFor('the plan aborted by the lock', async () => (await bodyOf('the plan', journey.plan(caseId, planId), 200)).status === 'ABORTED');
    expect((await journey.step(caseId, planId, 'departure')).response.status).toBe(409);
  });

  it('refuses approval while legal-status is stopped (fail safe)', async () => {
    const { caseId, planId } = await readyForApproval();
    await platform.stopService('legal-status');
    try {
      const refused = await problemOf('approval without legal-status', journey.step(caseId, planId, 'approval', undefined, supervisor), 422);
      expect(refused.errors).toEqual([expect.objectContaining({ field: 'LEGAL_STATUS_CONFIRMED', rule: 'INV-01' })]);
    } finally {
      await platform.startService('legal-status');
    }
  });

  it('receives a child returned from the USA, from notice to family hand-over', async () => {
    const opened = await bodyOf(
      'opening the reception',
      repatriation().POST('/v1/receptions', {
        body: {
          officeCode: 'BCN',
          usAgency: 'USBP',
          usStation: 'San Diego Sector',
          usReference: 'USBP-2026-0042',
          expectedPointCode: 'MX-BCN-TIJUANA',
          expectedAt: new Date().toISOString(),
          consulateNotified: true,
          usScreeningRecord: true,
        },
      }),
      201,
    );
    const params = { path: { receptionId: opened.receptionId as string } };
    const noon = new Date(Date.now() - 86_400_000);
    noon.setUTCHours(20, 0, 0, 0); // 12:00 or 13:00 in Tijuana: inside the seeded hours.
    const arrival = { pointCode: 'MX-BCN-TIJUANA', arrivedAt: noon.toISOString(), accompaniment: 'UNACCOMPANIED' } as const;
    expect((await repatriation().POST('/v1/receptions/{receptionId}/arrival', { params, body: arrival })).response.status).toBe(200);

    const registration = sampleRegistration('BCN');
    registration.child.nationality = 'MX';
    registration.child.countryOfResidence = 'MX';
    registration.encounter.entryPath = 'RETURNED_FROM_USA';
    registration.encounter.migrationPoint = 'Tijuana';
    const caseId = await registered(registration);
    await waitFor('the case copy in repatriation', async () => (await repatriation().PUT('/v1/receptions/{receptionId}/case', { params, body: { caseId } })).response.status === 200);
    expect((await repatriation().PUT('/v1/receptions/{receptionId}/risk-screen', { params, body: { findings: [], screenedAt: now() } })).response.status).toBe(200);
    expect((await repatriation().POST('/v1/receptions/{receptionId}/channelling', { params, body: { difPlatformId: 'DIF-BCN-000777', channelledAt: now() } })).response.status).toBe(200);

    const contactId = await verifiedMember(caseId);
    expect((await repatriation().PUT('/v1/receptions/{receptionId}/causes-of-migration', { params, body: { causes: ['FAMILY_REUNIFICATION'], recordedAt: now() } })).response.status).toBe(200);
    await waitFor('the located member in repatriation, then the family contacted (US-05)', async () =>
      (await repatriation().POST('/v1/receptions/{receptionId}/family-contact', { params, body: { familyContactId: contactId, contactedAt: now() } })).response.status === 200,
    );
    await waitFor('the verified member in repatriation', async () => {
      const handover = await repatriation().POST('/v1/receptions/{receptionId}/handover', {
        params,
        body: {
          kind: 'FAMILY',
          familyContactId: contactId,
          identityEvidence: ['IDENTITY_DOCUMENT'],
          kinshipEvidence: ['BIRTH_CERTIFICATE'],
          escortOfficerIds: [],
          handedOverAt: new Date().toISOString(),
        },
      });
      return handover.response.status === 200;
    });
    expect(await bodyOf('the reception', repatriation().GET('/v1/receptions/{receptionId}', { params }), 200)).toMatchObject({ status: 'HANDED_TO_FAMILY', caseId });
  });
});
