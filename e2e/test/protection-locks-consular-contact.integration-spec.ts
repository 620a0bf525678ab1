import { bodyOf, problemOf } from '@opis/api-clients';
import { RunningPlatform, sampleRegistration, startPlatform } from '@opis/platform-tools';
import { waitFor } from '@opis/testing';


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
    platform.client('family-contact', officer).POST('/v1/cases/{caseId}/consular-notifications', {
      params: { path: { caseId } },
      body: { purpose: 'IDENTITY_CONFIRMATION', means: 'OFFICIAL_LETTER', legalBasis: 'RLM art. 170 fr. III' },
    });

  async function registered(): Promise<string> {
    const { caseId } = await bodyOf('registering', platform.client('intake', officer).POST('/v1/cases', { body: sampleRegistration('CHP') }), 201);
    const params = { path: { caseId: caseId as string } };
    await waitFor('family-contact record', async () =>
      (await platform.client('family-contact', officer).GET('/v1/cases/{caseId}/family', { params })).response.status === 200,
    );
    await waitFor('legal record', async () => (await platform.client('legal-status', officer).GET('/v1/cases/{caseId}/legal', { params })).response.status === 200);
    return caseId as string;
  }

  it('allows it while legal-status reports no lock, refuses it once a protection need is recorded', async () => {
    const caseId = await registered();
    // Acts on the family record answer 200 with it (docs/api.md).
    expect((await notifyConsulate(caseId)).response.status).toBe(200);

    const need = await platform.client('legal-status', officer).POST('/v1/cases/{caseId}/protection/need', {
      params: { path: { caseId } },
      body: { source: 'OFFICER' },
    });
    expect(need.response.status).toBe(200);
    const refused = await problemOf('notifying the consulate under the lock', notifyConsulate(caseId), 422);
    expect(refused).toMatchObject({ rule: 'INV-06' });
    expect(refused.code).toMatch(/^CONSULAR_CONTACT_REFUSED_/);
  });

  // INV-01, GD-08 (issue 18, 1): a hand-over to family abroad moves the child across a border, so
  // family-contact asks legal-status for a clearance, for real, at that moment.
  it('hands a child to no one abroad while a claim is pending in legal-status, and to a verified aunt who lives in Mexico', async () => {
    const caseId = await registered();
    const family = platform.client('family-contact', officer);
    const verifiedRelative = async (relationship: 'PARENT' | 'AUNT_OR_UNCLE', country: 'GT' | 'MX', place: string, phone: string) => {
      const created = await bodyOf(
        'naming a relative',
        family.POST('/v1/cases/{caseId}/contacts', {
          params: { path: { caseId } },
          body: { relationship, givenNames: 'Rosa Elvira', familyNames: 'Xicará Tum', phoneNumbers: [phone], country, place, howKnown: 'Es de mi familia', wantsContact: 'YES' },
        }),
        201,
      );
      const id = created.contactId as string;
      const params = { path: { caseId, contactId: id } };
      expect((await family.POST('/v1/cases/{caseId}/contacts/{contactId}/location', { params, body: { via: 'CALL', locatedAt: new Date().toISOString() } })).response.status).toBe(200);
      const verified = await family.POST('/v1/cases/{caseId}/contacts/{contactId}/verification', {
        params,
        body: {
          evidence: ['BIRTH_CERTIFICATE'],
          childWish: 'WANTS_REUNIFICATION',
          riskIndicators: [],
          procuraduriaVettingReference: 'PPNNA-CHP-2026-0101',
          childViews: 'Quiere estar con su familia',
        },
      });
      expect(verified.response.status).toBe(200);
      return id;
    };
    const motherInGuatemala = await verifiedRelative('PARENT', 'GT', 'Aldea Chuicutama, Nahualá', '+502 5555-1234');
    const auntInTapachula = await verifiedRelative('AUNT_OR_UNCLE', 'MX', 'Tapachula', '+52 962 555 1234');
    // RLM-01: the hand-over cites a determination legal-status holds for this case.
    const legal = platform.client('legal-status', officer);
    const plan = await legal.POST('/v1/cases/{caseId}/best-interests', {
      params: { path: { caseId } },
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
    expect(plan.response.status).toBe(201);
    const claim = await legal.POST('/v1/cases/{caseId}/protection/claim', {
      params: { path: { caseId } },
      body: { filedAt: new Date().toISOString(), representative: 'Lic. R. Pérez', interpreterId: 'int-quc-7' },
    });
    expect(claim.response.status).toBe(200);

    const handOver = (contactId: string, country: 'GT' | 'MX') =>
      family.POST('/v1/cases/{caseId}/reunification', {
        params: { path: { caseId } },
        body: {
          contactId,
          handedOverAt: new Date().toISOString(),
          place: { kind: country === 'MX' ? 'DIF_FACILITY' : 'BORDER_POINT', country, description: country === 'MX' ? 'CAS DIF Tapachula' : 'Tecún Umán' },
          receiverIdentityDocument: 'DPI 2456 78901 0101',
          handoverRecordNumber: `ACTA-CHP-2026-${country}`,
          bestInterestsReference: 'PLAN-PPNNA-CHP-2026-0101',
          signedByReceiver: true,
        },
      });
    // Asked right after the claim, before any event of it could arrive: legal-status decides.
    // A hand-over to her mother is abroad at the border, and in Mexico too: she lives in Guatemala.
    for (const country of ['GT', 'MX'] as const) {
      const abroad = await problemOf(`handing her to her mother (${country})`, handOver(motherInGuatemala, country), 422);
      expect(abroad).toMatchObject({ code: 'MOVE_NOT_CLEARED', rule: 'INV-01' });
    }
    expect((await handOver(auntInTapachula, 'MX')).response.status).toBe(200);
  });

  it('refuses it when legal-status does not answer', async () => {
    const caseId = await registered();
    await platform.stopService('legal-status');
    try {
      const refused = await problemOf('notifying the consulate with legal-status stopped', notifyConsulate(caseId), 422);
      expect(refused.code).toBe('CONSULAR_CONTACT_REFUSED_LEGAL_STATUS_SILENT');
    } finally {
      await platform.startService('legal-status');
    }
  });
});
