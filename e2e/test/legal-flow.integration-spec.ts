import { waitFor } from '@opis/testing';

import { ReturnJourney } from '../src/return-journey';
import { RunningPlatform, startPlatform } from '../src/running-platform';

// Issue 18, items 2 and 4, through the services as processes: the return flows from the migration
// procedure, and fear of return reaches legal-status from wherever the child says it.
describe('the legal flow joined up: the return stands on the PAM, fear locks from wherever it is said', () => {
  let platform: RunningPlatform;
  let journey: ReturnJourney;
  let supervisor: string;

  beforeAll(async () => {
    platform = await startPlatform('legal-flow', ['intake', 'care', 'family-contact', 'legal-status', 'repatriation']);
    const officer = await platform.token(['officer'], ['CHP']);
    supervisor = await platform.token(['supervisor'], ['CHP'], 'supervisor-1');
    journey = new ReturnJourney(platform, officer, supervisor);
  }, 120_000);

  afterAll(() => platform?.stop());

  const legalRecord = async (caseId: string) => (await journey.call('legal-status', 'GET', `/v1/cases/${caseId}/legal`)).body;

  it('refuses a return plan without a PAM resolved as assisted return, whatever else is in place (LM-06, DOMAIN.md 4.5 a)', async () => {
    const caseId = await journey.registered();
    await journey.bestInterestsPlan(caseId, 'ASSISTED_RETURN', `PPNNA/CHP/PR/2026/N${caseId.slice(-6)}`);
    await journey.informedOfEverything(caseId);
    const contactId = await journey.verifiedMember(caseId);
    const refused = await journey.call('repatriation', 'POST', `/v1/cases/${caseId}/return-plans`, { receivingCountry: 'GT', familyContactId: contactId });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'PROCEDURE_RESOLVED_FOR_RETURN', rule: 'LM-06' })]);
    expect((await journey.call('repatriation', 'GET', `/v1/cases/${caseId}/return-plans`)).body).toEqual([]);
  });

  it('sends an aborted return back to legal-status: the PAM leaves assisted return and no new plan stands on it', async () => {
    const { caseId, planId } = await journey.readyForApproval();
    expect((await journey.step(caseId, planId, 'approval')).status).toBe(200);
    expect((await journey.step(caseId, planId, 'abort', { reason: 'RECEIVING_AUTHORITY_FAILED' })).status).toBe(200);
    await waitFor('legal-status re-planning after the abort', async () => (await legalRecord(caseId)).procedure.resolution !== 'ASSISTED_RETURN_APPROVED');
    const again = await journey.call('repatriation', 'POST', `/v1/cases/${caseId}/return-plans`, { receivingCountry: 'GT' });
    expect(again.status).toBe(422);
    expect(again.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'PROCEDURE_RESOLVED_FOR_RETURN' })]));
  });

  it('locks return when the child states fear while her return is under way, and the lock stands in legal-status (INV-01)', async () => {
    const { caseId, planId } = await journey.readyForApproval();
    expect((await journey.step(caseId, planId, 'approval')).status).toBe(200);
    expect((await journey.step(caseId, planId, 'schedule', journey.scheduleBody())).status).toBe(200);
    const aborted = await journey.step(caseId, planId, 'abort', { reason: 'FEAR_EXPRESSED' });
    expect(aborted.status).toBe(200);
    expect(aborted.body.status).toBe('ABORTED');
    await waitFor('fear of return recorded in legal-status', async () => (await legalRecord(caseId)).lock.reasons.includes('FEAR_OF_RETURN'));
    const record = await legalRecord(caseId);
    expect(record.lock).toMatchObject({ returnLocked: true, consularContactLocked: true });
    expect(record.procedure.resolution).not.toBe('ASSISTED_RETURN_APPROVED');
  });

  it('locks return on fear disclosed in a care incident, until a Procuraduría decision with the child heard lifts it', async () => {
    const { caseId, planId } = await journey.readyForApproval();
    const incident = await journey.call('care', 'POST', `/v1/cases/${caseId}/incidents`, {
      type: 'THREAT',
      severity: 'SERIOUS',
      occurredAt: journey.now(),
      notes: 'Contó que la pandilla de su aldea amenazó con matarla si vuelve',
      protectionConcern: 'FEAR_OF_RETURN',
    });
    expect(incident.status).toBe(201);
    await waitFor('fear of return recorded in legal-status', async () => (await legalRecord(caseId)).lock.reasons.includes('FEAR_OF_RETURN'));
    const refused = await journey.step(caseId, planId, 'approval');
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'NO_PROTECTION_LOCK', rule: 'INV-01' })]));

    const lifted = await journey.call(
      'legal-status',
      'POST',
      `/v1/cases/${caseId}/protection/fear-lifted`,
      {
        // After legal-status recorded her fear: a decision lifts only what it weighed.
        decidedAt: new Date().toISOString(),
        official: 'Lic. R. Pérez',
        decisionReference: `PPNNA/CHP/MP/2026/${caseId.slice(-6)}`,
        childViews: 'Ya no tiene miedo: la amenaza era de un vecino que se fue del país, lo confirmó la autoridad de Guatemala',
      },
      supervisor,
    );
    expect(lifted.status).toBe(200);
    expect(lifted.body.lock.reasons).not.toContain('FEAR_OF_RETURN');
  });

  it('locks return on fear stated in a family risk flag', async () => {
    const caseId = await journey.registered();
    const contact = await journey.call('family-contact', 'POST', `/v1/cases/${caseId}/contacts`, {
      relationship: 'AUNT_OR_UNCLE',
      givenNames: 'Tomás',
      familyNames: 'Ajanel',
      phoneNumbers: ['+502 5555-9876'],
      country: 'GT',
      place: 'Nahualá',
      howKnown: 'Mi tío',
      wantsContact: 'NO',
    });
    expect(contact.status).toBe(201);
    const contactId = contact.body.contactId as string;
    expect((await journey.call('family-contact', 'POST', `/v1/cases/${caseId}/contacts/${contactId}/location`, { via: 'CALL', locatedAt: journey.now() })).status).toBe(200);
    const flagged = await journey.call('family-contact', 'POST', `/v1/cases/${caseId}/contacts/${contactId}/verification`, {
      evidence: ['BIRTH_CERTIFICATE'],
      childWish: 'DOES_NOT_WANT',
      riskIndicators: ['CHILD_EXPRESSED_FEAR'],
      procuraduriaVettingReference: 'PPNNA-CHP-2026-0199',
      childViews: 'Tiene miedo de volver a la casa del tío',
    });
    expect(flagged.status).toBe(200);
    await waitFor('fear of return recorded in legal-status', async () => (await legalRecord(caseId)).lock.reasons.includes('FEAR_OF_RETURN'));
    expect((await legalRecord(caseId)).lock.returnLocked).toBe(true);
  });
  it('locks return on fear the child states to family-contact about no one person, flagging no relative', async () => {
    const caseId = await journey.registered();
    const stated = await journey.call('family-contact', 'POST', `/v1/cases/${caseId}/protection-concerns`, {
      protectionConcern: 'FEAR_OF_RETURN',
      statedAt: journey.now(),
      notes: 'En la llamada dijo que los que mataron a su primo la buscan',
    });
    expect(stated.status).toBe(201);
    await waitFor('fear of return recorded in legal-status', async () => (await legalRecord(caseId)).lock.reasons.includes('FEAR_OF_RETURN'));
  });
});
