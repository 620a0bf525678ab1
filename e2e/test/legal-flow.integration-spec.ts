import { bodyOf, problemOf } from '@opis/api-clients';
import { ReturnJourney, RunningPlatform, startPlatform } from '@opis/platform-tools';
import { waitFor } from '@opis/testing';


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

  const legalRecord = (caseId: string) => bodyOf('the legal record', journey.legalRecord(caseId), 200);
  const proposePlan = (caseId: string, body: { receivingCountry: 'GT'; familyContactId?: string }) =>
    journey.client('repatriation').POST('/v1/cases/{caseId}/return-plans', { params: { path: { caseId } }, body });

  it('refuses a return plan without a PAM resolved as assisted return, whatever else is in place (LM-06, DOMAIN.md 4.5 a)', async () => {
    const caseId = await journey.registered();
    await journey.bestInterestsPlan(caseId, 'ASSISTED_RETURN', `PPNNA/CHP/PR/2026/N${caseId.slice(-6)}`);
    await journey.informedOfEverything(caseId);
    const contactId = await journey.verifiedMember(caseId);
    const refused = await problemOf('proposing without a PAM', proposePlan(caseId, { receivingCountry: 'GT', familyContactId: contactId }), 422);
    expect(refused.errors).toEqual([expect.objectContaining({ field: 'PROCEDURE_RESOLVED_FOR_RETURN', rule: 'LM-06' })]);
    const plans = await bodyOf('the plans', journey.client('repatriation').GET('/v1/cases/{caseId}/return-plans', { params: { path: { caseId } } }), 200);
    // A bare array until repatriation's list is a Page (docs/api.md, issue 19).
    expect(Array.isArray(plans) ? plans : plans.items).toEqual([]);
  });

  it('sends an aborted return back to legal-status: the PAM leaves assisted return and no new plan stands on it', async () => {
    const { caseId, planId } = await journey.readyForApproval();
    expect((await journey.step(caseId, planId, 'approval')).response.status).toBe(200);
    expect((await journey.step(caseId, planId, 'abort', { reason: 'RECEIVING_AUTHORITY_FAILED' })).response.status).toBe(200);
    await waitFor('legal-status re-planning after the abort', async () => (await legalRecord(caseId)).procedure.resolution !== 'ASSISTED_RETURN_APPROVED');
    const again = await problemOf('proposing again', proposePlan(caseId, { receivingCountry: 'GT' }), 422);
    expect(again.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'PROCEDURE_RESOLVED_FOR_RETURN' })]));
  });

  it('locks return when the child states fear while her return is under way, and the lock stands in legal-status (INV-01)', async () => {
    const { caseId, planId } = await journey.readyForApproval();
    expect((await journey.step(caseId, planId, 'approval')).response.status).toBe(200);
    expect((await journey.step(caseId, planId, 'schedule', journey.scheduleBody())).response.status).toBe(200);
    const aborted = await bodyOf('aborting', journey.step(caseId, planId, 'abort', { reason: 'FEAR_EXPRESSED' }), 200);
    expect(aborted.status).toBe('ABORTED');
    await waitFor('fear of return recorded in legal-status', async () => (await legalRecord(caseId)).lock.reasons.includes('FEAR_OF_RETURN'));
    const record = await legalRecord(caseId);
    expect(record.lock).toMatchObject({ returnLocked: true, consularContactLocked: true });
    expect(record.procedure.resolution).not.toBe('ASSISTED_RETURN_APPROVED');
  });

  it('locks return on fear disclosed in a care incident, until a Procuraduría decision with the child heard lifts it', async () => {
    const { caseId, planId } = await journey.readyForApproval();
    const incident = await journey.client('care').POST('/v1/cases/{caseId}/incidents', {
      params: { path: { caseId } },
      body: {
        type: 'THREAT',
        severity: 'SERIOUS',
        occurredAt: journey.now(),
        notes: 'Contó que la pandilla de su aldea amenazó con matarla si vuelve',
        protectionConcern: 'FEAR_OF_RETURN',
      },
    });
    // An act on the care record (docs/api.md): 200 with the record.
    expect(incident.response.status).toBe(200);
    await waitFor('fear of return recorded in legal-status', async () => (await legalRecord(caseId)).lock.reasons.includes('FEAR_OF_RETURN'));
    const refused = await problemOf('approving under the lock', journey.step(caseId, planId, 'approval'), 422);
    expect(refused.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'NO_PROTECTION_LOCK', rule: 'INV-01' })]));

    const lifted = await bodyOf(
      'lifting the fear',
      journey.client('legal-status', supervisor).POST('/v1/cases/{caseId}/protection/fear-lifted', {
        params: { path: { caseId } },
        body: {
          // After legal-status recorded her fear: a decision lifts only what it weighed.
          decidedAt: new Date().toISOString(),
          official: 'Lic. R. Pérez',
          decisionReference: `PPNNA/CHP/MP/2026/${caseId.slice(-6)}`,
          childViews: 'Ya no tiene miedo: la amenaza era de un vecino que se fue del país, lo confirmó la autoridad de Guatemala',
        },
      }),
      200,
    );
    expect(lifted.lock.reasons).not.toContain('FEAR_OF_RETURN');
  });

  it('locks return on fear stated in a family risk flag', async () => {
    const caseId = await journey.registered();
    const family = journey.client('family-contact');
    const contact = await bodyOf(
      'naming the uncle',
      family.POST('/v1/cases/{caseId}/contacts', {
        params: { path: { caseId } },
        body: {
          relationship: 'AUNT_OR_UNCLE',
          givenNames: 'Tomás',
          familyNames: 'Ajanel',
          phoneNumbers: ['+502 5555-9876'],
          country: 'GT',
          place: 'Nahualá',
          howKnown: 'Mi tío',
          wantsContact: 'NO',
        },
      }),
      201,
    );
    const params = { path: { caseId, contactId: contact.contactId as string } };
    expect((await family.POST('/v1/cases/{caseId}/contacts/{contactId}/location', { params, body: { via: 'CALL', locatedAt: journey.now() } })).response.status).toBe(200);
    const flagged = await family.POST('/v1/cases/{caseId}/contacts/{contactId}/verification', {
      params,
      body: {
        evidence: ['BIRTH_CERTIFICATE'],
        childWish: 'DOES_NOT_WANT',
        riskIndicators: ['CHILD_EXPRESSED_FEAR'],
        procuraduriaVettingReference: 'PPNNA-CHP-2026-0199',
        childViews: 'Tiene miedo de volver a la casa del tío',
      },
    });
    expect(flagged.response.status).toBe(200);
    await waitFor('fear of return recorded in legal-status', async () => (await legalRecord(caseId)).lock.reasons.includes('FEAR_OF_RETURN'));
    expect((await legalRecord(caseId)).lock.returnLocked).toBe(true);
  });
  it('locks return on fear the child states to family-contact about no one person, flagging no relative', async () => {
    const caseId = await journey.registered();
    const stated = await journey.client('family-contact').POST('/v1/cases/{caseId}/protection-concerns', {
      params: { path: { caseId } },
      body: { protectionConcern: 'FEAR_OF_RETURN', statedAt: journey.now(), notes: 'En la llamada dijo que los que mataron a su primo la buscan' },
    });
    // An act on the family record (docs/api.md): 200 with it.
    expect(stated.response.status).toBe(200);
    await waitFor('fear of return recorded in legal-status', async () => (await legalRecord(caseId)).lock.reasons.includes('FEAR_OF_RETURN'));
  });
});
