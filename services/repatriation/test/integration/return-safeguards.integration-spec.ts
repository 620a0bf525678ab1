import 'reflect-metadata';

import { uuidv7 } from '@opis/contracts-envelope';
import { caseUpdatedV1 } from '@opis/contracts-intake';

import {
  auditTrail,
  FAMILY_MEMBER,
  outboxEvents,
  PlanDriver,
  planDriver,
  publishReturnFacts,
  registeredSample,
  RepatriationTestBed,
  startRepatriation,
} from './repatriation-harness';

/**
 * Issue 18, item 10 (repatriation's parts): the receiving official by name and contact (LM-13),
 * the trafficking checklist (RP-09), and a child returned with an adult only on a family-unit
 * return the Procuraduría's plan endorses (RP-10, INV-09).
 */
describe('repatriation: return safeguards (LM-13, RP-09, RP-10)', () => {
  let bed: RepatriationTestBed;
  let plans: PlanDriver;

  beforeAll(async () => {
    bed = await startRepatriation('safeguards');
    plans = planDriver(bed, await bed.service.token(['officer'], ['CHP']), await bed.service.token(['supervisor'], ['CHP'], 'supervisor-CHP'));
  });

  afterAll(async () => {
    await bed?.close();
  });

  afterEach(() => {
    bed.legalStatus.mode = 'answer';
  });

  describe('LM-13: the receiving official, by name and contact', () => {
    it('refuses a confirmation without the official’s name and contact, naming the fields, and changes nothing', async () => {
      const { caseId, planId } = await plans.readyPlan({ authority: true });
      const before = await plans.get(caseId, planId);
      const missing = await plans.confirmAuthority(caseId, planId, { officialName: undefined, officialContact: 'not a contact' });
      expect(missing.status).toBe(400);
      expect(missing.headers.get('content-type')).toContain('application/problem+json');
      expect([...new Set(missing.body.errors.map((error: { field: string }) => error.field))].sort()).toEqual(['officialContact', 'officialName']);
      expect(await plans.get(caseId, planId)).toMatchObject({ body: { receivingAuthority: null, unmetPreconditions: before.body.unmetPreconditions } });
      expect((await plans.approve(caseId, planId)).body.errors).toEqual([expect.objectContaining({ field: 'RECEIVING_AUTHORITY_CONFIRMED', rule: 'LM-13' })]);
    });

    it('keeps the official’s name and contact on the plan, never in an event or the audit trail', async () => {
      const { caseId, planId } = await plans.readyPlan({ authority: true });
      const confirmed = await plans.confirmAuthority(caseId, planId, { officialName: 'Licda. Rosa Ixcoy', officialContact: 'rosa.ixcoy@sbs.gob.gt' });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body.receivingAuthority).toMatchObject({ code: 'GT-SBS', officialName: 'Licda. Rosa Ixcoy', officialContact: 'rosa.ixcoy@sbs.gob.gt' });
      expect((await plans.approve(caseId, planId)).status).toBe(200);
      expect((await plans.schedule(caseId, planId)).status).toBe(200);
      const events = await bed.service.dataSource.query(`SELECT payload FROM outbox WHERE case_id = $1`, [caseId]);
      expect(events.length).toBeGreaterThanOrEqual(3);
      expect(JSON.stringify(events)).not.toMatch(/Ixcoy|sbs\.gob\.gt/);
      expect(JSON.stringify(await bed.service.dataSource.query(`SELECT * FROM audit_log WHERE case_id = $1`, [caseId]))).not.toMatch(/Ixcoy|sbs\.gob\.gt/);
    });
  });

  describe('RP-09: a trafficking flag adds its checklist', () => {
    async function traffickingPlan(): Promise<{ caseId: string; planId: string }> {
      const caseId = await bed.register({ screening: { ...registeredSample().screening, traffickingIndicators: true } });
      await publishReturnFacts(bed, caseId);
      const proposed = await plans.post(plans.path(caseId), { receivingCountry: 'GT', familyContactId: FAMILY_MEMBER });
      const planId = proposed.body.planId as string;
      expect((await plans.confirmAuthority(caseId, planId)).status).toBe(200);
      expect((await plans.put(plans.path(caseId, planId, 'fitness'), { fitToTravel: true, assessedAt: new Date().toISOString() })).status).toBe(200);
      return { caseId, planId };
    }
    const checklist = (returnSafe: boolean) => ({
      originRiskAssessmentReference: 'SBS-GT-2026-0417',
      originRiskAssessedAt: new Date().toISOString(),
      returnSafe,
      protectionPlanReference: 'PGN-GT-PNA-2026-0088',
      protectionPlanConfirmedAt: new Date().toISOString(),
    });

    it('refuses approval until the risk in the country of origin is assessed safe and the receiving authority’s protection plan confirmed', async () => {
      const { caseId, planId } = await traffickingPlan();
      expect((await plans.get(caseId, planId)).body.traffickingChecklist).toEqual({ required: true, originRiskAssessment: null, receivingProtectionPlan: null });
      const refused = await plans.approve(caseId, planId);
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'RETURN_PRECONDITIONS_UNMET', rule: 'RP-09' });
      expect(refused.body.errors.map((error: { field: string; rule: string }) => `${error.field} ${error.rule}`)).toEqual([
        'ORIGIN_RISK_ASSESSED RP-09',
        'RECEIVING_PROTECTION_PLAN_CONFIRMED RP-09',
      ]);
      expect(await auditTrail(bed.service, caseId, 'plan.approve')).toEqual([{ outcome: 'refused', reason: 'RETURN_PRECONDITIONS_UNMET RP-09' }]);

      expect((await plans.put(plans.path(caseId, planId, 'trafficking-checklist'), checklist(false))).status).toBe(200);
      const unsafe = await plans.approve(caseId, planId);
      expect(unsafe.body.errors).toEqual([{ field: 'ORIGIN_RISK_ASSESSED', rule: 'RP-09', message: expect.stringContaining('unsafe') }]);

      const safe = await plans.put(plans.path(caseId, planId, 'trafficking-checklist'), checklist(true));
      expect(safe.body.traffickingChecklist).toMatchObject({
        required: true,
        originRiskAssessment: { reference: 'SBS-GT-2026-0417', returnSafe: true },
        receivingProtectionPlan: { reference: 'PGN-GT-PNA-2026-0088' },
      });
      expect((await plans.approve(caseId, planId)).status).toBe(200);
    });

    it('applies the checklist when intake corrects the screening after registration, and answers a bad checklist with 400', async () => {
      const { caseId, planId } = await plans.readyPlan();
      expect((await plans.get(caseId, planId)).body.traffickingChecklist.required).toBe(false);
      await bed.deliver(caseUpdatedV1, caseId, 'CHP', {
        ...caseUpdatedV1.example,
        nationality: 'GT',
        screening: { ...caseUpdatedV1.example.screening, protectionNeedIndicated: false, traffickingIndicators: true },
      });
      const plan = await plans.get(caseId, planId);
      expect(plan.body.traffickingChecklist.required).toBe(true);
      expect(plan.body.unmetPreconditions).toEqual([
        { precondition: 'ORIGIN_RISK_ASSESSED', rule: 'RP-09' },
        { precondition: 'RECEIVING_PROTECTION_PLAN_CONFIRMED', rule: 'RP-09' },
      ]);
      const bad = await plans.put(plans.path(caseId, planId, 'trafficking-checklist'), { ...checklist(true), returnSafe: 'yes', protectionPlanReference: '' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['protectionPlanReference', 'returnSafe']);
    });
  });

  describe('RP-10, INV-09: with an adult only on an endorsed family-unit return', () => {
    async function accompaniedPlan(): Promise<{ caseId: string; planId: string; determination: string }> {
      const caseId = await bed.register({ accompaniment: 'ACCOMPANIED' });
      await publishReturnFacts(bed, caseId);
      const proposed = await plans.post(plans.path(caseId), { receivingCountry: 'GT', familyContactId: FAMILY_MEMBER });
      const planId = proposed.body.planId as string;
      expect((await plans.confirmAuthority(caseId, planId)).status).toBe(200);
      expect((await plans.put(plans.path(caseId, planId, 'fitness'), { fitToTravel: true, assessedAt: new Date().toISOString() })).status).toBe(200);
      const determination = uuidv7();
      bed.legalStatus.bestInterests.set(caseId, [
        { id: determination, type: 'PLAN', documentReference: 'PPNNA-CHP-2026-0101', recommendedMeasure: 'ASSISTED_RETURN', decidedAt: new Date().toISOString() },
        { id: uuidv7(), type: 'BID', recommendedMeasure: 'ASSISTED_RETURN', decidedAt: new Date().toISOString() },
      ]);
      return { caseId, planId, determination };
    }
    const endorse = (caseId: string, planId: string, bestInterestsId: string) =>
      plans.put(plans.path(caseId, planId, 'family-unit'), { bestInterestsId, adultRelationship: 'PARENT', endorsedAt: new Date().toISOString() });

    it('refuses to schedule a child with the family’s adults until the plan endorses a family-unit return', async () => {
      const { caseId, planId, determination } = await accompaniedPlan();
      expect((await plans.approve(caseId, planId)).status).toBe(200);
      const refused = await plans.schedule(caseId, planId, { withFamilyAdults: true });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([{ field: 'FAMILY_UNIT_RETURN_ENDORSED', rule: 'RP-10', message: expect.any(String) }]);
      const [event] = await outboxEvents(bed.service, 'repatriation.plan.refused', caseId);
      expect(event.payload.data).toEqual({ planId, stage: 'SCHEDULING', unmet: ['FAMILY_UNIT_RETURN_ENDORSED'], rules: ['RP-10'] });

      const endorsed = await endorse(caseId, planId, determination);
      expect(endorsed.status).toBe(200);
      expect(endorsed.body.familyUnitReturn).toMatchObject({ bestInterestsId: determination, adultRelationship: 'PARENT' });
      const scheduled = await plans.schedule(caseId, planId, { withFamilyAdults: true });
      expect(scheduled.status).toBe(200);
      expect(scheduled.body).toMatchObject({ status: 'SCHEDULED', withFamilyAdults: true });
      const [published] = await outboxEvents(bed.service, 'repatriation.plan.scheduled', caseId);
      expect(published.payload.data).toMatchObject({ planId, withFamilyAdults: true });
    });

    it('takes the endorsement only from a Procuraduría plan recommending return that legal-status holds for the case, and never for an unaccompanied child', async () => {
      const { caseId, planId } = await accompaniedPlan();
      const [, bid] = bed.legalStatus.bestInterests.get(caseId) ?? [];
      for (const [bestInterestsId, why] of [
        [uuidv7(), 'no such determination'],
        [bid.id, 'not a Procuraduría plan'],
      ]) {
        const refused = await endorse(caseId, planId, bestInterestsId);
        expect(refused.status).toBe(422);
        expect(refused.body).toMatchObject({ code: 'FAMILY_UNIT_NOT_ENDORSED', rule: 'RP-10', errors: [{ field: 'bestInterestsId', rule: 'RP-10', message: expect.stringContaining(why) }] });
      }
      bed.legalStatus.mode = 'silent';
      const [plan] = bed.legalStatus.bestInterests.get(caseId) ?? [];
      expect((await endorse(caseId, planId, plan.id)).body.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('no answer means no') })]);
      expect((await plans.get(caseId, planId)).body.familyUnitReturn).toBeNull();

      bed.legalStatus.mode = 'answer';
      const alone = await plans.readyPlan();
      bed.legalStatus.bestInterests.set(alone.caseId, [{ id: plan.id, type: 'PLAN', recommendedMeasure: 'ASSISTED_RETURN', decidedAt: new Date().toISOString() }]);
      expect((await endorse(alone.caseId, alone.planId, plan.id)).body).toMatchObject({ code: 'FAMILY_UNIT_NOT_ENDORSED', rule: 'RP-10' });
    });
  });
});
