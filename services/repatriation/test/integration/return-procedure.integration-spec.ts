import 'reflect-metadata';

import { childInformedV1, procedureChangedV1 } from '@opis/contracts-legal-status';

import { auditTrail, outboxEvents, PlanDriver, planDriver, reopenPam, RepatriationTestBed, resolvePam, startRepatriation } from './repatriation-harness';

/**
 * Issue 18, item 2 (DOMAIN.md 4.5 a, LM-06, GD-04): a return plan stands on a PAM legal-status
 * resolved as ASSISTED_RETURN_APPROVED, asked live at proposal, approval, scheduling, departure
 * and hand-over; a procedure that leaves that resolution aborts the case's open plans.
 */
describe('repatriation: a return follows the migration procedure (LM-06, DOMAIN.md 4.5 a)', () => {
  let bed: RepatriationTestBed;
  let plans: PlanDriver;

  beforeAll(async () => {
    bed = await startRepatriation('procedure');
    plans = planDriver(bed, await bed.service.token(['officer'], ['CHP']), await bed.service.token(['supervisor'], ['CHP'], 'supervisor-CHP'));
  });

  afterAll(async () => {
    await bed?.close();
  });

  afterEach(() => {
    bed.legalStatus.mode = 'answer';
    bed.legalStatus.returnLocked = false;
  });

  const plansOf = async (caseId: string) => Number((await bed.service.dataSource.query(`SELECT count(*) AS n FROM return_plan WHERE case_id = $1`, [caseId]))[0].n);

  it('refuses a proposal without a PAM resolved as ASSISTED_RETURN_APPROVED, naming LM-06, audited, writing nothing', async () => {
    const caseId = await bed.register();
    const refused = await plans.post(plans.path(caseId), { receivingCountry: 'GT' });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'RETURN_PRECONDITIONS_UNMET', rule: 'LM-06' });
    expect(refused.body.errors).toEqual([{ field: 'PROCEDURE_RESOLVED_FOR_RETURN', rule: 'LM-06', message: expect.any(String) }]);
    expect(await auditTrail(bed.service, caseId, 'plan.propose')).toEqual([{ outcome: 'refused', reason: 'RETURN_PRECONDITIONS_UNMET LM-06' }]);
    expect(await plansOf(caseId)).toBe(0);
    expect(await outboxEvents(bed.service, 'repatriation.plan.proposed', caseId)).toEqual([]);

    // legal-status asked and silent: no answer means no.
    await resolvePam(bed, caseId);
    bed.legalStatus.mode = 'silent';
    const silent = await plans.post(plans.path(caseId), { receivingCountry: 'GT' });
    expect(silent.body.errors).toEqual([expect.objectContaining({ field: 'LEGAL_STATUS_CONFIRMED', rule: 'INV-01' })]);
    expect(await plansOf(caseId)).toBe(0);

    bed.legalStatus.mode = 'answer';
    const proposed = await plans.post(plans.path(caseId), { receivingCountry: 'GT' });
    expect(proposed.status).toBe(201);
    expect(proposed.body.copies.legal).toMatchObject({ assistedReturnResolved: true });
  });

  it.each([
    ['scheduling', 'SCHEDULING'],
    ['departure', 'DEPARTURE'],
  ] as const)('refuses %s when legal-status, asked then, no longer has the PAM resolved for return', async (step, stage) => {
    const { caseId, planId } = await plans.readyPlan();
    expect((await plans.approve(caseId, planId)).status).toBe(200);
    if (step === 'departure') expect((await plans.schedule(caseId, planId)).status).toBe(200);
    // Answered live before any event of the change arrives.
    bed.legalStatus.assistedReturnResolved.delete(caseId);
    const refused = step === 'scheduling' ? await plans.schedule(caseId, planId) : await plans.depart(caseId, planId);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'PROCEDURE_RESOLVED_FOR_RETURN', rule: 'LM-06' })]);
    const [event] = await outboxEvents(bed.service, 'repatriation.plan.refused', caseId);
    expect(event.payload.data).toEqual({ planId, stage, unmet: ['PROCEDURE_RESOLVED_FOR_RETURN'], rules: ['LM-06'] });
  });

  it('keeps the child in the escort’s care when the PAM is no longer resolved at hand-over', async () => {
    const { caseId, planId } = await plans.readyPlan();
    expect((await plans.approve(caseId, planId)).status).toBe(200);
    expect((await plans.schedule(caseId, planId)).status).toBe(200);
    expect((await plans.depart(caseId, planId)).status).toBe(200);
    bed.legalStatus.assistedReturnResolved.delete(caseId);
    const refused = await plans.handOver(caseId, planId);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'PROCEDURE_NOT_RESOLVED', rule: 'LM-06' });
    expect((await plans.get(caseId, planId)).body.status).toBe('IN_TRANSIT');
    expect(await outboxEvents(bed.service, 'repatriation.plan.handed-over', caseId)).toEqual([]);
  });

  it.each([
    ['PROPOSED', false],
    ['APPROVED', false],
    ['SCHEDULED', false],
    ['IN_TRANSIT', true],
  ] as const)('aborts a %s plan when the PAM leaves ASSISTED_RETURN_APPROVED (legal.procedure.changed), once', async (status, urgent) => {
    const { caseId, planId } = await plans.readyPlan();
    if (status !== 'PROPOSED') expect((await plans.approve(caseId, planId)).status).toBe(200);
    if (status === 'SCHEDULED' || status === 'IN_TRANSIT') expect((await plans.schedule(caseId, planId)).status).toBe(200);
    if (status === 'IN_TRANSIT') expect((await plans.depart(caseId, planId)).status).toBe(200);

    const reopened = await reopenPam(bed, caseId);
    // Redelivered, then a later event of the case: once that is taken, the redelivery was handled.
    await bed.publish(procedureChangedV1, caseId, 'CHP', reopened.data as never, reopened as never);
    await bed.deliver(childInformedV1, caseId, 'CHP', { topic: 'RIGHTS', language: 'spa', interpreterUsed: false, heldAt: new Date().toISOString(), dutiesDischarged: 0 });

    const plan = await plans.get(caseId, planId);
    expect(plan.body).toMatchObject({ status: 'ABORTED', abortReason: 'PROCEDURE_REOPENED' });
    expect(plan.body.copies.legal).toMatchObject({ assistedReturnResolved: false });
    const aborted = await outboxEvents(bed.service, 'repatriation.plan.aborted', caseId);
    expect(aborted.map((event) => event.payload.data)).toEqual([{ planId, reason: 'PROCEDURE_REOPENED', fromStatus: status, urgent }]);
    expect(aborted[0].payload.actor).toEqual({ kind: 'service', id: 'repatriation' });
  });

  it('aborts nothing for older steps of the procedure applied after a plan proposed on the live answer', async () => {
    const caseId = await bed.register();
    // legal-status already resolved the PAM and answers so; its events reach repatriation later.
    bed.legalStatus.assistedReturnResolved.add(caseId);
    const proposed = await plans.post(plans.path(caseId), { receivingCountry: 'GT' });
    expect(proposed.status).toBe(201);
    for (const [status, previousStatus] of [
      ['PAM_OPEN', 'VRH_CAUTELAR'],
      ['AWAITING_PLAN', 'PAM_OPEN'],
      ['PLAN_RECEIVED', 'AWAITING_PLAN'],
    ] as const) {
      await bed.deliver(procedureChangedV1, caseId, 'CHP', { status, previousStatus, stayStatus: 'VRH_CAUTELAR' });
    }
    expect((await plans.get(caseId, proposed.body.planId)).body).toMatchObject({ status: 'PROPOSED', copies: { legal: { assistedReturnResolved: false } } });
    await bed.deliver(procedureChangedV1, caseId, 'CHP', { status: 'RESOLVED', previousStatus: 'PLAN_RECEIVED', resolution: 'ASSISTED_RETURN_APPROVED', stayStatus: 'VRH_CAUTELAR' });
    expect((await plans.get(caseId, proposed.body.planId)).body).toMatchObject({ status: 'PROPOSED', copies: { legal: { assistedReturnResolved: true } } });
    expect(await outboxEvents(bed.service, 'repatriation.plan.aborted', caseId)).toEqual([]);
  });

  it('lets no officer give PROCEDURE_REOPENED or PROTECTION_LOCK as an abort reason: legal-status’s events set them', async () => {
    const { caseId, planId } = await plans.readyPlan();
    for (const reason of ['PROCEDURE_REOPENED', 'PROTECTION_LOCK']) {
      const refused = await plans.post(plans.path(caseId, planId, 'abort'), { reason });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    }
    expect((await plans.get(caseId, planId)).body.status).toBe('PROPOSED');
  });
});
