import 'reflect-metadata';

import { lockChangedV1, ProcedureChangedV1, procedureChangedV1 } from '@opis/contracts-legal-status';

import { auditTrail, FAMILY_MEMBER, outboxEvents, PlanDriver, planDriver, RepatriationTestBed, startRepatriation } from './repatriation-harness';

const RESOLVED: ProcedureChangedV1 = { status: 'RESOLVED', previousStatus: 'PLAN_RECEIVED', resolution: 'ASSISTED_RETURN_APPROVED', stayStatus: 'VRH_CAUTELAR' };

/**
 * Review of issue 18 (INV-01, GD-08, LM-06): an abort reaches legal-status only as
 * `repatriation.plan.aborted`, and until legal-status has applied it (sending the PAM back to
 * re-plan) it still answers the PAM resolved. A return therefore stands only on a PAM resolved
 * after the case's last abort, as repatriation's copy of `legal.procedure.changed` dates it.
 */
describe('repatriation: after an abort, a return waits for legal-status to re-plan (INV-01, GD-08, LM-06)', () => {
  let bed: RepatriationTestBed;
  let plans: PlanDriver;

  beforeAll(async () => {
    bed = await startRepatriation('replan');
    plans = planDriver(bed, await bed.service.token(['officer'], ['CHP']), await bed.service.token(['supervisor'], ['CHP'], 'supervisor-CHP'));
  });

  afterAll(async () => {
    await bed?.close();
  });

  /** A case whose ready plan an officer aborted; legal-status has not applied the abort, so it still answers the PAM resolved. */
  async function abortedCase(reason: string): Promise<{ caseId: string; abortedAt: Date }> {
    const { caseId, planId } = await plans.readyPlan();
    const aborted = await plans.post(plans.path(caseId, planId, 'abort'), { reason });
    expect(aborted.status).toBe(200);
    const [row] = await bed.service.dataSource.query(`SELECT aborted_at AS "abortedAt" FROM return_plan WHERE id = $1`, [planId]);
    return { caseId, abortedAt: row.abortedAt };
  }

  const propose = (caseId: string) => plans.post(plans.path(caseId), { receivingCountry: 'GT', familyContactId: FAMILY_MEMBER });
  const openPlans = async (caseId: string) =>
    Number((await bed.service.dataSource.query(`SELECT count(*) AS n FROM return_plan WHERE case_id = $1 AND status <> 'ABORTED'`, [caseId]))[0].n);

  /** legal-status's procedure as it publishes it, dated `at` (its envelope's occurredAt). */
  async function procedureAt(caseId: string, data: ProcedureChangedV1, at: Date): Promise<void> {
    const envelope = { ...bed.envelope(procedureChangedV1, caseId, 'CHP', data), occurredAt: at.toISOString() };
    await bed.deliver(procedureChangedV1, caseId, 'CHP', data, envelope);
  }

  /** A plan proposed and brought to approval's door (authority confirmed, fit to travel). */
  async function readyNewPlan(caseId: string): Promise<string> {
    const proposed = await propose(caseId);
    expect(proposed.status).toBe(201);
    const planId = proposed.body.planId as string;
    expect((await plans.confirmAuthority(caseId, planId)).status).toBe(200);
    expect((await plans.put(plans.path(caseId, planId, 'fitness'), { fitToTravel: true, assessedAt: new Date().toISOString() })).status).toBe(200);
    return planId;
  }

  it.each(['FEAR_EXPRESSED', 'HEALTH'])(
    'refuses a new proposal after an abort for %s while legal-status, not having applied it yet, still answers the PAM resolved',
    async (reason) => {
      const { caseId } = await abortedCase(reason);
      expect(bed.legalStatus.assistedReturnResolved.has(caseId)).toBe(true);

      const refused = await propose(caseId);
      expect(refused.status).toBe(422);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ code: 'RETURN_PRECONDITIONS_UNMET', rule: 'LM-06' });
      expect(refused.body.errors).toEqual([{ field: 'PROCEDURE_RESOLVED_FOR_RETURN', rule: 'LM-06', message: expect.stringContaining('re-plan') }]);
      expect(await openPlans(caseId)).toBe(0);
      expect(await outboxEvents(bed.service, 'repatriation.plan.proposed', caseId)).toHaveLength(1);
      expect(await auditTrail(bed.service, caseId, 'plan.propose')).toEqual([
        { outcome: 'allowed', reason: null },
        { outcome: 'refused', reason: 'RETURN_PRECONDITIONS_UNMET LM-06' },
      ]);
    },
  );

  it('refuses a new proposal after legal-status’s lock aborted the plan and was lifted, until the PAM is resolved again after the abort', async () => {
    const { caseId, planId } = await plans.readyPlan();
    expect((await plans.approve(caseId, planId)).status).toBe(200);
    await bed.deliver(lockChangedV1, caseId, 'CHP', { returnLocked: true, consularContactLocked: true, reasons: ['FEAR_OF_RETURN'], bestInterestsRecommendsReturn: true });
    expect((await plans.get(caseId, planId)).body).toMatchObject({ status: 'ABORTED', abortReason: 'PROTECTION_LOCK' });
    await bed.deliver(lockChangedV1, caseId, 'CHP', { returnLocked: false, consularContactLocked: false, reasons: [], bestInterestsRecommendsReturn: true });

    const refused = await propose(caseId);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'PROCEDURE_RESOLVED_FOR_RETURN', rule: 'LM-06', message: expect.stringContaining('re-plan') })]);
    expect(await openPlans(caseId)).toBe(0);

    await procedureAt(caseId, { status: 'AWAITING_PLAN', previousStatus: 'RESOLVED', stayStatus: 'VRH_CAUTELAR' }, new Date());
    await procedureAt(caseId, RESOLVED, new Date());
    expect((await propose(caseId)).status).toBe(201);
  });

  it('refuses every step of a plan open when this rule came (its copy holds no resolution time) on a case with an abort', async () => {
    const { caseId } = await abortedCase('FEAR_EXPRESSED');
    await procedureAt(caseId, RESOLVED, new Date());
    const planId = await readyNewPlan(caseId);
    // What the migration leaves in a copy written before it: the resolution's time is not known.
    const held = async (): Promise<Date | null> => (await bed.service.dataSource.query(`SELECT procedure_resolved_at AS at FROM legal_copy WHERE case_id = $1`, [caseId]))[0].at;
    const forget = () => bed.service.dataSource.query(`UPDATE legal_copy SET procedure_resolved_at = NULL WHERE case_id = $1`, [caseId]);
    const remember = (at: Date | null) => bed.service.dataSource.query(`UPDATE legal_copy SET procedure_resolved_at = $2 WHERE case_id = $1`, [caseId, at]);

    const steps = [
      ['APPROVAL', () => plans.approve(caseId, planId)],
      ['SCHEDULING', () => plans.schedule(caseId, planId)],
      ['DEPARTURE', () => plans.depart(caseId, planId)],
    ] as const;
    for (const [stage, step] of steps) {
      const resolvedAt = await held();
      expect(resolvedAt).not.toBeNull();
      await forget();
      const refused = await step();
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'PROCEDURE_RESOLVED_FOR_RETURN', rule: 'LM-06', message: expect.stringContaining('re-plan') })]);
      const published = await outboxEvents(bed.service, 'repatriation.plan.refused', caseId);
      expect(published.at(-1)?.payload.data).toEqual({ planId, stage, unmet: ['PROCEDURE_RESOLVED_FOR_RETURN'], rules: ['LM-06'] });
      await remember(resolvedAt);
      expect((await step()).status).toBe(200);
    }

    const resolvedAt = await held();
    await forget();
    const kept = await plans.handOver(caseId, planId);
    expect(kept.status).toBe(422);
    expect(kept.body).toMatchObject({ code: 'PROCEDURE_NOT_RESOLVED', rule: 'LM-06' });
    expect(kept.body.errors).toEqual([expect.objectContaining({ field: 'PROCEDURE_RESOLVED_FOR_RETURN', rule: 'LM-06' })]);
    expect((await plans.get(caseId, planId)).body.status).toBe('IN_TRANSIT');
    expect(await outboxEvents(bed.service, 'repatriation.plan.handed-over', caseId)).toEqual([]);
    await remember(resolvedAt);
    expect((await plans.handOver(caseId, planId)).status).toBe(200);
  });

  it.each(['FEAR_EXPRESSED', 'HEALTH'])(
    'lets a new plan proceed after an abort for %s once legal-status publishes the PAM resolved after the abort, not on a resolution dated before it',
    async (reason) => {
      const { caseId, abortedAt } = await abortedCase(reason);

      // A resolution legal-status made before the abort, held back and applied only now: not one made after it.
      await procedureAt(caseId, RESOLVED, new Date(abortedAt.getTime() - 1_000));
      const early = await propose(caseId);
      expect(early.status).toBe(422);
      expect(early.body.errors).toEqual([expect.objectContaining({ field: 'PROCEDURE_RESOLVED_FOR_RETURN', rule: 'LM-06' })]);

      // legal-status applies the abort (back to re-plan), then resolves on a fresh plan.
      bed.legalStatus.assistedReturnResolved.delete(caseId);
      await procedureAt(caseId, { status: 'AWAITING_PLAN', previousStatus: 'RESOLVED', stayStatus: 'VRH_CAUTELAR' }, new Date());
      expect((await propose(caseId)).status).toBe(422);
      bed.legalStatus.assistedReturnResolved.add(caseId);
      await procedureAt(caseId, RESOLVED, new Date());

      const planId = await readyNewPlan(caseId);
      expect((await plans.approve(caseId, planId)).status).toBe(200);
      expect((await plans.schedule(caseId, planId)).status).toBe(200);
      expect((await plans.depart(caseId, planId)).status).toBe(200);
      expect((await plans.handOver(caseId, planId)).status).toBe(200);
      expect((await plans.get(caseId, planId)).body.status).toBe('HANDED_OVER');
    },
  );
});
