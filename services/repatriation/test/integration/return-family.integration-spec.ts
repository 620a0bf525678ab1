import 'reflect-metadata';

import { FAMILY_MEMBER, outboxEvents, PlanDriver, planDriver, RepatriationTestBed, startRepatriation } from './repatriation-harness';

/**
 * Issue 18, item 5 (RP-06): the family or guardian the child returns to must be in the country of
 * return; otherwise the receiving authority takes guardianship, recorded on the plan with its
 * acceptance. Where a member lives comes from family-contact's `member.located` (the contact's
 * country of residence).
 */
describe('repatriation: the family the child returns to is in the country of return (RP-06)', () => {
  let bed: RepatriationTestBed;
  let plans: PlanDriver;

  beforeAll(async () => {
    bed = await startRepatriation('family-country');
    plans = planDriver(bed, await bed.service.token(['officer'], ['CHP']), await bed.service.token(['supervisor'], ['CHP'], 'supervisor-CHP'));
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('refuses to return a child to Guatemala whose only verified relative lives in Mexico (Tapachula), until the receiving authority takes guardianship', async () => {
    const { caseId, planId } = await plans.readyPlan({}, { familyCountry: 'MX' });
    const plan = await plans.get(caseId, planId);
    expect(plan.body.copies.family).toEqual([{ contactId: FAMILY_MEMBER, relationship: 'PARENT', status: 'VERIFIED', country: 'MX' }]);
    expect(plan.body.unmetPreconditions).toEqual([{ precondition: 'FAMILY_IN_COUNTRY_OF_RETURN', rule: 'RP-06' }]);

    const refused = await plans.approve(caseId, planId);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'RETURN_PRECONDITIONS_UNMET', rule: 'RP-06' });
    expect(refused.body.errors).toEqual([{ field: 'FAMILY_IN_COUNTRY_OF_RETURN', rule: 'RP-06', message: expect.stringContaining('MX') }]);
    const [event] = await outboxEvents(bed.service, 'repatriation.plan.refused', caseId);
    expect(event.payload.data).toEqual({ planId, stage: 'APPROVAL', unmet: ['FAMILY_IN_COUNTRY_OF_RETURN'], rules: ['RP-06'] });

    // The Secretaría de Bienestar Social accepts the child into its guardianship: recorded on the plan.
    const acceptedAt = new Date().toISOString();
    const guardian = await plans.confirmAuthority(caseId, planId, { takesGuardianship: true, acceptedAt });
    expect(guardian.body.receivingAuthority).toMatchObject({ code: 'GT-SBS', takesGuardianship: true, acceptedAt });
    expect(guardian.body.unmetPreconditions).toEqual([]);
    const approved = await plans.approve(caseId, planId);
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('APPROVED');
  });

  it('treats a verified member whose country of residence family-contact has not given as not meeting RP-06', async () => {
    const { caseId, planId } = await plans.readyPlan({}, { familyCountry: null });
    const refused = await plans.approve(caseId, planId);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ field: 'FAMILY_IN_COUNTRY_OF_RETURN', rule: 'RP-06', message: expect.stringContaining('unknown country') }]);
  });
});
