import 'reflect-metadata';

import { EventEnvelope, uuidv7 } from '@opis/contracts-envelope';
import { caseUpdatedV1, CaseUpdatedV1 } from '@opis/contracts-intake';
import { childInformedV1, lockChangedV1 } from '@opis/contracts-legal-status';
import { waitFor } from '@opis/testing';

import { auditTrail, FAMILY_MEMBER, outboxEvents, PlanDriver, planDriver, publishReturnFacts, RepatriationTestBed, startRepatriation } from './repatriation-harness';

describe('repatriation: assisted return plans (DOMAIN.md 4.5 a)', () => {
  let bed: RepatriationTestBed;
  let officer: string;
  let plans: PlanDriver;

  beforeAll(async () => {
    bed = await startRepatriation('plans');
    officer = await bed.service.token(['officer'], ['CHP']);
    plans = planDriver(bed, officer, await bed.service.token(['supervisor'], ['CHP'], 'supervisor-CHP'));
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('takes a return from proposal to hand-over and closure, legal-status clearing every step that moves the child (INV-01, GD-08, DOMAIN.md 4.5 a)', async () => {
    bed.legalStatus.mode = 'answer';
    bed.legalStatus.returnLocked = false;
    const { caseId, planId } = await plans.readyPlan();
    const asked = bed.legalStatus.clearances.length;
    // Awaiting approval, it is on the office supervisors' list, not another office's; an officer may not list.
    const awaiting = async (token: string) =>
      ((await bed.service.request('GET', '/v1/return-plans-awaiting-approval?limit=100', { token })).body.items as Array<{ planId: string }>).map((plan) => plan.planId);
    const supervisorChp = await bed.service.token(['supervisor'], ['CHP']);
    expect(await awaiting(supervisorChp)).toContain(planId);
    expect(await awaiting(await bed.service.token(['supervisor'], ['TAB']))).not.toContain(planId);
    expect((await bed.service.request('GET', '/v1/return-plans-awaiting-approval', { token: officer })).status).toBe(403);

    const approved = await plans.approve(caseId, planId);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'APPROVED', unmetPreconditions: [] });
    expect(await awaiting(supervisorChp)).not.toContain(planId);
    expect(approved.body.copies.legal).toMatchObject({ returnLocked: false, bestInterestsRecommendsReturn: true });
    expect(approved.body.copies.family).toEqual([{ contactId: FAMILY_MEMBER, relationship: 'PARENT', status: 'VERIFIED', country: 'GT' }]);

    const scheduled = await plans.schedule(caseId, planId);
    expect(scheduled.status).toBe(200);
    expect(scheduled.body).toMatchObject({ status: 'SCHEDULED', exitPointCode: 'MX-CHP-CIUDAD-HIDALGO', legs: [expect.objectContaining({ escortOfficerIds: ['opi-chp-0042'] })] });

    const departed = await plans.post(plans.path(caseId, planId, 'departure'));
    expect(departed.status).toBe(200);
    expect(departed.body.status).toBe('IN_TRANSIT');
    expect(bed.legalStatus.clearances.slice(asked)).toEqual(['RETURN_APPROVAL', 'RETURN_SCHEDULING', 'RETURN_DEPARTURE']);

    const handedOver = await plans.post(plans.path(caseId, planId, 'handover'), {
      authorityCode: 'GT-SBS',
      officialName: 'Licda. Ana López',
      officialPosition: 'Delegada de protección',
      place: 'Tecún Umán, puesto fronterizo',
      handedOverAt: new Date().toISOString(),
      signed: true,
    });
    expect(handedOver.status).toBe(200);
    expect(handedOver.body).toMatchObject({ status: 'HANDED_OVER', handover: expect.objectContaining({ authorityCode: 'GT-SBS' }) });
    expect(bed.legalStatus.clearances.slice(asked)).toEqual(['RETURN_APPROVAL', 'RETURN_SCHEDULING', 'RETURN_DEPARTURE', 'RETURN_HANDOVER']);
    // Handed over, not yet closed: nothing moves it any more.
    expect((await plans.post(plans.path(caseId, planId, 'abort'), { reason: 'HEALTH' })).status).toBe(409);

    const tooEarly = await plans.post(plans.path(caseId, planId, 'closure'), { closedAt: new Date(Date.now() - 86_400_000).toISOString() });
    expect(tooEarly.body).toMatchObject({ status: 422, code: 'CLOSED_BEFORE_HANDOVER', errors: [expect.objectContaining({ field: 'closedAt' })] });
    const note = 'Reintegrada con su madre en Huehuetenango; seguimiento de la SBS a los 30 días.';
    const closed = await plans.post(plans.path(caseId, planId, 'closure'), { followUpNote: note });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'CLOSED', closedAt: expect.any(String), followUpNote: note, unmetPreconditions: [] });
    expect((await plans.post(plans.path(caseId, planId, 'closure'), {})).status).toBe(409);

    const types = (await bed.service.dataSource.query(`SELECT event_type FROM outbox WHERE case_id = $1 ORDER BY id`, [caseId])).map((row: { event_type: string }) => row.event_type);
    expect(types).toEqual([
      'repatriation.plan.proposed',
      'repatriation.plan.approved',
      'repatriation.plan.scheduled',
      'repatriation.plan.departed',
      'repatriation.plan.handed-over',
      'repatriation.plan.closed',
    ]);
    const [event] = await outboxEvents(bed.service, 'repatriation.plan.handed-over', caseId);
    expect(event.subject).toBe('opis.repatriation.plan.handed-over.v1.CHP');
    // No names in events: the official stays in repatriation's acta.
    expect(JSON.stringify(event.payload)).not.toContain('López');
    // The follow-up note neither: the event says only that there is one.
    const [closure] = await outboxEvents(bed.service, 'repatriation.plan.closed', caseId);
    expect(closure.payload.data).toEqual({ planId, closedAt: closed.body.closedAt, followUpRecorded: true });
    expect(JSON.stringify(closure.payload)).not.toContain('Huehuetenango');
  });

  it('closes only a handed-over plan, without a note if none is given', async () => {
    const { caseId, planId } = await plans.readyPlan();
    expect((await plans.post(plans.path(caseId, planId, 'closure'), {})).body).toMatchObject({ status: 409, code: 'PLAN_STATE' });
    expect((await plans.post(plans.path(caseId, planId, 'closure'), { followUpNote: '' })).status).toBe(400);
    expect((await plans.approve(caseId, planId)).status).toBe(200);
    expect((await plans.schedule(caseId, planId)).status).toBe(200);
    expect((await plans.depart(caseId, planId)).status).toBe(200);
    expect((await plans.handOver(caseId, planId)).status).toBe(200);
    const closed = await plans.post(plans.path(caseId, planId, 'closure'), {});
    expect(closed.body).toMatchObject({ status: 'CLOSED', followUpNote: null });
    const [closure] = await outboxEvents(bed.service, 'repatriation.plan.closed', caseId);
    expect(closure.payload.data).toMatchObject({ planId, followUpRecorded: false });
  });

  it.each([
    ['a protection lock (legal-status event)', 'NO_PROTECTION_LOCK', 'INV-01'],
    ['a lock reported by legal-status when asked', 'NO_PROTECTION_LOCK', 'INV-01'],
    ['legal-status silent (fail safe)', 'LEGAL_STATUS_CONFIRMED', 'INV-01'],
    ['no best-interests plan recommending return', 'BEST_INTERESTS_RECOMMENDS_RETURN', 'RP-01'],
    ['no verified family member', 'FAMILY_OR_GUARDIAN_VERIFIED', 'RP-06'],
    ['no receiving authority confirmed', 'RECEIVING_AUTHORITY_CONFIRMED', 'LM-13'],
    ['the child not informed and heard', 'CHILD_INFORMED_AND_HEARD', 'LM-16'],
    ['the child not fit to travel', 'FIT_TO_TRAVEL', 'DOMAIN-4.5a'],
    ['the PAM no longer resolved as ASSISTED_RETURN_APPROVED when asked', 'PROCEDURE_RESOLVED_FOR_RETURN', 'LM-06'],
  ])('refuses approval on %s alone, naming it by rule, audited and published', async (label, precondition, rule) => {
    const { caseId, planId } = await plans.readyPlan({
      bestInterests: precondition === 'BEST_INTERESTS_RECOMMENDS_RETURN',
      family: precondition === 'FAMILY_OR_GUARDIAN_VERIFIED',
      authority: precondition === 'RECEIVING_AUTHORITY_CONFIRMED',
      informed: precondition === 'CHILD_INFORMED_AND_HEARD',
      fit: precondition === 'FIT_TO_TRAVEL',
    });
    // Asked at approval: the proposal was answered before (LM-06).
    bed.legalStatus.mode = label.includes('silent') ? 'silent' : 'answer';
    bed.legalStatus.returnLocked = label.includes('lock reported');
    if (precondition === 'PROCEDURE_RESOLVED_FOR_RETURN') bed.legalStatus.assistedReturnResolved.delete(caseId);
    if (label.includes('event')) {
      await bed.deliver(lockChangedV1, caseId, 'CHP', { returnLocked: true, consularContactLocked: true, reasons: ['CLAIM_PENDING'], bestInterestsRecommendsReturn: true });
    }
    const refused = await plans.approve(caseId, planId);
    bed.legalStatus.mode = 'answer';
    bed.legalStatus.returnLocked = false;

    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'RETURN_PRECONDITIONS_UNMET', rule });
    expect(refused.body.errors).toEqual([{ field: precondition, rule, message: expect.any(String) }]);
    expect(await auditTrail(bed.service, caseId, 'plan.approve')).toEqual([{ outcome: 'refused', reason: `RETURN_PRECONDITIONS_UNMET ${rule}` }]);
    const [event] = await outboxEvents(bed.service, 'repatriation.plan.refused', caseId);
    expect(event.payload.data).toEqual({ planId, stage: 'APPROVAL', unmet: [precondition], rules: [rule] });
    expect((await outboxEvents(bed.service, 'repatriation.plan.approved', caseId)).length).toBe(0);
  });

  it("refuses a proposal naming a family member who is not this child's (another case's, another office's, or unknown), naming the field (issue 19)", async () => {
    const other = await bed.register();
    await publishReturnFacts(bed, other, {});
    const caseId = await bed.register();
    await publishReturnFacts(bed, caseId, { family: true });
    for (const familyContactId of [FAMILY_MEMBER, '01a24a00-0000-7000-8000-00000000aaaa']) {
      const refused = await plans.post(plans.path(caseId), { receivingCountry: 'GT', familyContactId });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'FAMILY_MEMBER_NOT_OF_CASE', errors: [{ field: 'familyContactId', rule: 'memberOfCase' }] });
    }
    expect(await bed.service.dataSource.query(`SELECT 1 FROM return_plan WHERE case_id = $1`, [caseId])).toEqual([]);
  });

  it('refuses to schedule a return right after a claim locks it, before any event of the claim arrives (issue 18, 3)', async () => {
    const { caseId, planId } = await plans.readyPlan();
    expect((await plans.approve(caseId, planId)).status).toBe(200);
    bed.legalStatus.returnLocked = true;
    try {
      const refused = await plans.schedule(caseId, planId);
      expect(refused.status).toBe(422);
      expect(refused.body.errors.map((error: { field: string }) => error.field)).toContain('NO_PROTECTION_LOCK');
    } finally {
      bed.legalStatus.returnLocked = false;
    }
    expect((await bed.service.request('GET', plans.path(caseId, planId), { token: officer })).body.status).toBe('APPROVED');
  });

  it.each([
    ['a claim filed on the road', 'answer'],
    ['legal-status silent (fail safe)', 'silent'],
  ] as const)('keeps the child in the escort\'s care: no hand-over abroad after %s (INV-01)', async (_label, mode) => {
    const { caseId, planId } = await plans.readyPlan();
    expect((await plans.approve(caseId, planId)).status).toBe(200);
    expect((await plans.schedule(caseId, planId)).status).toBe(200);
    expect((await plans.post(plans.path(caseId, planId, 'departure'))).status).toBe(200);
    bed.legalStatus.mode = mode;
    bed.legalStatus.returnLocked = mode === 'answer';
    try {
      const refused = await plans.post(plans.path(caseId, planId, 'handover'), {
        authorityCode: 'GT-SBS',
        officialName: 'Licda. Ana López',
        officialPosition: 'Delegada de protección',
        place: 'Tecún Umán, puesto fronterizo',
        handedOverAt: new Date().toISOString(),
        signed: true,
      });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'RETURN_LOCKED', rule: 'INV-01' });
    } finally {
      bed.legalStatus.mode = 'answer';
      bed.legalStatus.returnLocked = false;
    }
    expect((await bed.service.request('GET', plans.path(caseId, planId), { token: officer })).body.status).toBe('IN_TRANSIT');
    expect(await outboxEvents(bed.service, 'repatriation.plan.handed-over', caseId)).toEqual([]);
  });

  it('aborts a plan whose approval was committing while the lock event was applied: the consumer waits for it (issue 18, 3)', async () => {
    const { caseId, planId } = await plans.readyPlan();
    // An approval in flight: the plan row moved to APPROVED and locked, not yet committed.
    const approval = bed.service.dataSource.createQueryRunner();
    await approval.startTransaction();
    try {
      await approval.query(`UPDATE return_plan SET status = 'APPROVED', approved_at = now(), approved_by = 'supervisor-CHP' WHERE id = $1`, [planId]);
      await bed.publish(lockChangedV1, caseId, 'CHP', { returnLocked: true, consularContactLocked: true, reasons: ['CLAIM_PENDING'], bestInterestsRecommendsReturn: true });
      await waitFor('the lock consumer waiting on the plan', async () => {
        const waiting = await bed.service.dataSource.query(
          `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%FROM return_plan%'`,
        );
        return waiting.length > 0;
      });
      await approval.commitTransaction();
    } finally {
      if (approval.isTransactionActive) await approval.rollbackTransaction();
      await approval.release();
    }
    await waitFor('the approved plan aborted', async () => (await bed.service.request('GET', plans.path(caseId, planId), { token: officer })).body.status === 'ABORTED');
    const aborted = await outboxEvents(bed.service, 'repatriation.plan.aborted', caseId);
    expect(aborted.map((event) => event.payload.data)).toEqual([{ planId, reason: 'PROTECTION_LOCK', fromStatus: 'APPROVED', urgent: false }]);
  });

  it('names every scheduling rule broken at once (RP-07, RP-08, LM-14)', async () => {
    const { caseId, planId } = await plans.readyPlan();
    expect((await plans.approve(caseId, planId)).status).toBe(200);
    const sundaySoon = new Date(Date.now() + 86_400_000);
    while (sundaySoon.getUTCDay() !== 0) sundaySoon.setUTCDate(sundaySoon.getUTCDate() + 1);
    const refused = await plans.schedule(caseId, planId, {
      exitPointCode: 'MX-TAB-EL-CEIBO',
      handoverAt: sundaySoon.toISOString(),
      legs: [{ mode: 'LAND', origin: 'Tapachula', destination: 'Ciudad Hidalgo', departsAt: sundaySoon.toISOString(), escortOfficerIds: [] }],
      withAdultReturns: true,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((error: { field: string }) => error.field)).toEqual(
      expect.arrayContaining(['EXIT_POINT_AGREED', 'HANDOVER_IN_WINDOW', 'ESCORT_ON_EVERY_LEG', 'NOT_WITH_ADULT_RETURNS']),
    );
    expect(refused.body.rule).toContain('RP-08');
  });

  it('aborts an approved plan at once when a lock appears, once however often the event is redelivered (INV-01)', async () => {
    const { caseId, planId } = await plans.readyPlan();
    expect((await plans.approve(caseId, planId)).status).toBe(200);
    const lock = await bed.deliver(lockChangedV1, caseId, 'CHP', { returnLocked: true, consularContactLocked: true, reasons: ['CLAIM_PENDING'], bestInterestsRecommendsReturn: true });
    await bed.publish(lockChangedV1, caseId, 'CHP', lock.data, lock);
    // A later event on the same durable is taken after the redelivery: then the redelivery was handled.
    await bed.deliver(childInformedV1, uuidv7(), 'CHP', { topic: 'RIGHTS', language: 'spa', interpreterUsed: false, heldAt: new Date().toISOString(), dutiesDischarged: 0 });
    expect(Number((await bed.service.dataSource.query(`SELECT count(*) AS n FROM inbox WHERE event_id = $1`, [lock.id]))[0].n)).toBe(1);
    const plan = await bed.service.request('GET', plans.path(caseId, planId), { token: officer });
    expect(plan.body).toMatchObject({ status: 'ABORTED', abortReason: 'PROTECTION_LOCK' });
    const aborted = await outboxEvents(bed.service, 'repatriation.plan.aborted', caseId);
    expect(aborted.map((event) => event.payload.data)).toEqual([{ planId, reason: 'PROTECTION_LOCK', fromStatus: 'APPROVED', urgent: false }]);
    expect((await plans.schedule(caseId, planId)).status).toBe(409);
  });

  /** Both taken (inbox rows), and the newest of them applied: `applied` tells. */
  const settled = (envelopes: EventEnvelope[], applied: () => Promise<boolean>) =>
    waitFor('the events taken, the newest applied', async () => {
      const taken = await bed.service.dataSource.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])`, [envelopes.map((e) => e.id)]);
      return taken[0].n === envelopes.length && (await applied());
    });

  it('never lets an older correction of the case, arriving after a newer one, overwrite it', async () => {
    const caseId = await bed.register();
    const correction = (data: Partial<CaseUpdatedV1>) => bed.envelope(caseUpdatedV1, caseId, 'CHP', { ...caseUpdatedV1.example, ...data });
    const older = correction({ nationality: 'SV', screening: { ...caseUpdatedV1.example.screening, protectionNeedIndicated: true } });
    const newer = correction({ nationality: 'HN', screening: { ...caseUpdatedV1.example.screening, protectionNeedIndicated: false } });
    // Delivered out of order on purpose: the newer one first.
    await bed.publish(caseUpdatedV1, caseId, 'CHP', newer.data, newer);
    await bed.publish(caseUpdatedV1, caseId, 'CHP', older.data, older);
    const copy = async () =>
      (await bed.service.dataSource.query(`SELECT nationality, protection_need_indicated, intake_case_version FROM case_copy WHERE case_id = $1`, [caseId]))[0];
    await settled([older, newer], async () => (await copy()).intake_case_version === newer.caseVersion);
    expect(await copy()).toEqual({ nationality: 'HN', protection_need_indicated: false, intake_case_version: newer.caseVersion });
  });

  it('keeps the newest lock by legal-status’s case version, whatever the order it arrives in', async () => {
    const caseId = await bed.register();
    const lock = (returnLocked: boolean) =>
      bed.envelope(lockChangedV1, caseId, 'CHP', { returnLocked, consularContactLocked: returnLocked, reasons: returnLocked ? ['CLAIM_PENDING'] : [], bestInterestsRecommendsReturn: true });
    const locked = lock(true);
    const lifted = lock(false);
    await bed.publish(lockChangedV1, caseId, 'CHP', lifted.data, lifted);
    await bed.publish(lockChangedV1, caseId, 'CHP', locked.data, locked);
    const legal = async () =>
      (await bed.service.dataSource.query(`SELECT return_locked, lock_reasons, lock_version FROM legal_copy WHERE case_id = $1`, [caseId]))[0];
    await settled([locked, lifted], async () => (await legal())?.lock_version === lifted.caseVersion);
    expect(await legal()).toEqual({ return_locked: false, lock_reasons: [], lock_version: lifted.caseVersion });
  });

  it('refuses departure when legal-status is silent, and an abort in transit is urgent', async () => {
    const { caseId, planId } = await plans.readyPlan();
    expect((await plans.approve(caseId, planId)).status).toBe(200);
    expect((await plans.schedule(caseId, planId)).status).toBe(200);
    bed.legalStatus.mode = 'silent';
    const refused = await plans.post(plans.path(caseId, planId, 'departure'));
    bed.legalStatus.mode = 'answer';
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'LEGAL_STATUS_CONFIRMED', rule: 'INV-01' })]);
    expect((await plans.post(plans.path(caseId, planId, 'departure'))).status).toBe(200);
    const aborted = await plans.post(plans.path(caseId, planId, 'abort'), { reason: 'FEAR_EXPRESSED' });
    expect(aborted.status).toBe(200);
    const [event] = await outboxEvents(bed.service, 'repatriation.plan.aborted', caseId);
    expect(event.payload.data).toEqual({ planId, reason: 'FEAR_EXPRESSED', fromStatus: 'IN_TRANSIT', urgent: true });
  });

  it('answers bad input with 400 naming the field and writes nothing; another office’s case is 404', async () => {
    const caseId = await bed.register();
    const tables = async () => [await bed.service.count('return_plan'), await bed.service.count('outbox'), await bed.service.count('plan_leg')];
    const before = await tables();
    const bad = await plans.post(plans.path(caseId), { receivingCountry: 'Guatemala', familyContactId: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['familyContactId', 'receivingCountry']);
    expect((await plans.post(plans.path(caseId), { receivingCountry: 'GT', note: 'free text' })).status).toBe(400);
    expect((await plans.post(plans.path('not-a-uuid'), { receivingCountry: 'GT' })).status).toBe(400);
    expect(await tables()).toEqual(before);

    const tabasco = await bed.register({ officeCode: 'TAB' });
    const hidden = await plans.post(plans.path(tabasco), { receivingCountry: 'GT' });
    expect(hidden.status).toBe(404);
    expect((await bed.service.request('GET', plans.path(tabasco), { token: officer })).status).toBe(404);
    expect(await tables()).toEqual(before);
    expect(await auditTrail(bed.service, tabasco, 'plan.propose')).toEqual([{ outcome: 'refused', reason: 'CASE_NOT_FOUND' }]);

    const mexican = await bed.register({ nationality: 'MX' });
    expect((await plans.post(plans.path(mexican), { receivingCountry: 'GT' })).body).toMatchObject({ code: 'NOT_A_FOREIGN_CHILD', rule: 'LM-13' });
  });
});
