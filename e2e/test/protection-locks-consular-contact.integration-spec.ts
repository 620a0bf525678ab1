import { waitFor } from '@opis/testing';

import { RunningPlatform, startPlatform } from '../src/running-platform';
import { sampleRegistration } from '../src/sample-registration';

// RP-05, RLM-05, INV-06 across services: family-contact asks legal-status, for real, at the moment of a
// consular contact; a protection need recorded in legal-status refuses it, and legal-status stopped
// refuses it too (fail safe).
describe('consular contact and the protection lock, between family-contact and legal-status', () => {
  let platform: RunningPlatform;
  let officer: string;

  beforeAll(async () => {
    platform = await startPlatform('lock', ['intake', 'family-contact', 'legal-status']);
    officer = await platform.token(['officer'], ['CHP']);
  }, 120_000);

  afterAll(() => platform?.stop());

  const notifyConsulate = (caseId: string) =>
    platform.request('family-contact', 'POST', `/v1/cases/${caseId}/consular-notifications`, {
      token: officer,
      body: { purpose: 'IDENTITY_CONFIRMATION', means: 'OFFICIAL_LETTER', legalBasis: 'RLM art. 170 fr. III' },
    });

  async function registered(): Promise<string> {
    const response = await platform.request('intake', 'POST', '/v1/cases', { token: officer, body: sampleRegistration('CHP') });
    expect(response.status).toBe(201);
    const caseId = response.body.caseId as string;
    await waitFor('family-contact record', async () =>
      (await platform.request('family-contact', 'GET', `/v1/cases/${caseId}/family`, { token: officer })).status === 200,
    );
    await waitFor('legal record', async () =>
      (await platform.request('legal-status', 'GET', `/v1/cases/${caseId}/legal`, { token: officer })).status === 200,
    );
    return caseId;
  }

  it('allows it while legal-status reports no lock, refuses it once a protection need is recorded', async () => {
    const caseId = await registered();
    expect((await notifyConsulate(caseId)).status).toBe(201);

    const need = await platform.request('legal-status', 'POST', `/v1/cases/${caseId}/protection/need`, {
      token: officer,
      body: { source: 'OFFICER' },
    });
    expect(need.status).toBe(200);
    const refused = await notifyConsulate(caseId);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ rule: 'INV-06' });
    expect(refused.body.code).toMatch(/^CONSULAR_CONTACT_REFUSED_/);
  });

  // INV-01, GD-08 (issue 18, 1): a hand-over to family abroad moves the child across a border, so
  // family-contact asks legal-status for a clearance, for real, at that moment.
  it('hands a child to no one abroad while a claim is pending in legal-status, and to a verified aunt who lives in Mexico', async () => {
    const caseId = await registered();
    const family = (path: string, body: unknown) => platform.request('family-contact', 'POST', `/v1/cases/${caseId}/${path}`, { token: officer, body });
    const verifiedRelative = async (relationship: string, country: string, place: string, phone: string) => {
      const created = await family('contacts', {
        relationship,
        givenNames: 'Rosa Elvira',
        familyNames: 'Xicará Tum',
        phoneNumbers: [phone],
        country,
        place,
        howKnown: 'Es de mi familia',
        wantsContact: 'YES',
      });
      expect(created.status).toBe(201);
      const id = created.body.contactId as string;
      expect((await family(`contacts/${id}/location`, { via: 'CALL', locatedAt: new Date().toISOString() })).status).toBe(200);
      const verified = await family(`contacts/${id}/verification`, {
        evidence: ['BIRTH_CERTIFICATE'],
        childWish: 'WANTS_REUNIFICATION',
        riskIndicators: [],
        procuraduriaVettingReference: 'PPNNA-CHP-2026-0101',
        childViews: 'Quiere estar con su familia',
      });
      expect(verified.status).toBe(200);
      return id;
    };
    const motherInGuatemala = await verifiedRelative('PARENT', 'GT', 'Aldea Chuicutama, Nahualá', '+502 5555-1234');
    const auntInTapachula = await verifiedRelative('AUNT_OR_UNCLE', 'MX', 'Tapachula', '+52 962 555 1234');
    // RLM-01: the hand-over cites a determination legal-status holds for this case.
    const plan = await platform.request('legal-status', 'POST', `/v1/cases/${caseId}/best-interests`, {
      token: officer,
      body: {
        type: 'PLAN',
        author: 'Lic. Procuraduría Chiapas',
        decidedAt: new Date(Date.now() - 60_000).toISOString(),
        optionsConsidered: ['REUNIFICATION_IN_MEXICO', 'REUNIFICATION_THIRD_COUNTRY'],
        childViews: 'Quiere estar con su mamá',
        recommendedMeasure: 'REUNIFICATION_IN_MEXICO',
        documentReference: 'PLAN-PPNNA-CHP-2026-0101',
      },
    });
    expect(plan.status).toBe(201);
    const claim = await platform.request('legal-status', 'POST', `/v1/cases/${caseId}/protection/claim`, {
      token: officer,
      body: { filedAt: new Date().toISOString(), representative: 'Lic. R. Pérez', interpreterId: 'int-quc-7' },
    });
    expect(claim.status).toBe(200);

    const handover = (contactId: string, country: string) => ({
      contactId,
      handedOverAt: new Date().toISOString(),
      place: { kind: country === 'MX' ? 'DIF_FACILITY' : 'BORDER_POINT', country, description: country === 'MX' ? 'CAS DIF Tapachula' : 'Tecún Umán' },
      receiverIdentityDocument: 'DPI 2456 78901 0101',
      handoverRecordNumber: `ACTA-CHP-2026-${country}`,
      bestInterestsReference: 'PLAN-PPNNA-CHP-2026-0101',
      signedByReceiver: true,
    });
    // Asked right after the claim, before any event of it could arrive: legal-status decides.
    // A hand-over to her mother is abroad at the border, and in Mexico too: she lives in Guatemala.
    for (const country of ['GT', 'MX']) {
      const abroad = await family('reunification', handover(motherInGuatemala, country));
      expect(abroad.status).toBe(422);
      expect(abroad.body).toMatchObject({ code: 'MOVE_NOT_CLEARED', rule: 'INV-01' });
    }
    expect((await family('reunification', handover(auntInTapachula, 'MX'))).status).toBe(201);
  });

  it('refuses it when legal-status does not answer', async () => {
    const caseId = await registered();
    await platform.stopService('legal-status');
    try {
      const refused = await notifyConsulate(caseId);
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('CONSULAR_CONTACT_REFUSED_LEGAL_STATUS_SILENT');
    } finally {
      await platform.startService('legal-status');
    }
  });
});
