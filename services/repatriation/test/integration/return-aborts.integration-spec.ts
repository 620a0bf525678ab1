import 'reflect-metadata';

import { EventEnvelope, validateEvent } from '@opis/contracts-envelope';
import { lockChangedV1, protectionChangedV1 } from '@opis/contracts-legal-status';
import { PlanAbortedV1, planAbortedV1 } from '@opis/contracts-repatriation';

import { lastPublished, outboxEvents, PlanDriver, planDriver, RepatriationTestBed, startRepatriation } from './repatriation-harness';

/**
 * Issue 18, item 4: an abort goes back to legal-status as `repatriation.plan.aborted` with its
 * reason, whoever stopped the return: an officer hearing fear of return or a claim, or
 * legal-status's own lock. legal-status acts on FEAR_EXPRESSED and PROTECTION_CLAIM.
 */
describe('repatriation: every abort is published with its reason for legal-status (DOMAIN.md 4.5 a)', () => {
  let bed: RepatriationTestBed;
  let plans: PlanDriver;

  beforeAll(async () => {
    bed = await startRepatriation('aborts');
    plans = planDriver(bed, await bed.service.token(['officer'], ['CHP'], 'opi-chp-0042'), await bed.service.token(['supervisor'], ['CHP'], 'supervisor-CHP'));
  });

  afterAll(async () => {
    await bed?.close();
  });

  /** A plan brought to `status`. */
  async function planIn(status: 'PROPOSED' | 'APPROVED' | 'SCHEDULED' | 'IN_TRANSIT'): Promise<{ caseId: string; planId: string }> {
    const plan = await plans.readyPlan();
    if (status === 'PROPOSED') return plan;
    expect((await plans.approve(plan.caseId, plan.planId)).status).toBe(200);
    if (status === 'APPROVED') return plan;
    expect((await plans.schedule(plan.caseId, plan.planId)).status).toBe(200);
    if (status === 'SCHEDULED') return plan;
    expect((await plans.depart(plan.caseId, plan.planId)).status).toBe(200);
    return plan;
  }

  /** The abort as committed (outbox) and as published on the stream legal-status reads, valid against the contract. */
  async function abortEvent(caseId: string, planId: string): Promise<EventEnvelope<PlanAbortedV1>> {
    const committed = await outboxEvents(bed.service, 'repatriation.plan.aborted', caseId);
    expect(committed).toHaveLength(1);
    expect(committed[0].subject).toBe('opis.repatriation.plan.aborted.v1.CHP');
    const published = await lastPublished(bed, planAbortedV1, (envelope) => envelope.data.planId === planId);
    expect(published).toEqual(JSON.parse(JSON.stringify(committed[0].payload)));
    expect(validateEvent(planAbortedV1, published)).toMatchObject({ ok: true });
    return published;
  }

  it.each([
    ['FEAR_EXPRESSED', 'PROPOSED', false],
    ['PROTECTION_CLAIM', 'SCHEDULED', false],
    ['FEAR_EXPRESSED', 'IN_TRANSIT', true],
    ['PROTECTION_CLAIM', 'IN_TRANSIT', true],
  ] as const)('publishes an officer’s abort for %s from %s, with the reason and the officer', async (reason, status, urgent) => {
    const { caseId, planId } = await planIn(status);
    const aborted = await plans.post(plans.path(caseId, planId, 'abort'), { reason });
    expect(aborted.status).toBe(200);
    expect(aborted.body).toMatchObject({ status: 'ABORTED', abortReason: reason });
    const event = await abortEvent(caseId, planId);
    expect(event).toMatchObject({ type: 'repatriation.plan.aborted', caseId, officeCode: 'CHP', actor: { kind: 'officer', id: 'opi-chp-0042' } });
    expect(event.data).toEqual({ planId, reason, fromStatus: status, urgent });
  });

  it.each([
    ['a lock for fear of return (legal.lock.changed)', 'IN_TRANSIT', true],
    ['a claim filed (legal.protection.changed)', 'SCHEDULED', false],
  ] as const)('publishes the automatic abort on %s with PROTECTION_LOCK', async (label, status, urgent) => {
    const { caseId, planId } = await planIn(status);
    if (label.includes('lock.changed')) {
      await bed.deliver(lockChangedV1, caseId, 'CHP', { returnLocked: true, consularContactLocked: true, reasons: ['FEAR_OF_RETURN'], bestInterestsRecommendsReturn: true });
    } else {
      await bed.deliver(protectionChangedV1, caseId, 'CHP', { protectionClaimed: true, status: 'CLAIM_PENDING', previousStatus: 'NOT_ASSESSED' });
    }
    expect((await plans.get(caseId, planId)).body).toMatchObject({ status: 'ABORTED', abortReason: 'PROTECTION_LOCK' });
    const event = await abortEvent(caseId, planId);
    expect(event.actor).toEqual({ kind: 'service', id: 'repatriation' });
    expect(event.data).toEqual({ planId, reason: 'PROTECTION_LOCK', fromStatus: status, urgent });
  });
});
