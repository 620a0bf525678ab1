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
