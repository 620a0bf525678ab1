import 'reflect-metadata';

import { careIncidentReportedV1, CareIncidentReportedV1 } from '@opis/contracts-care';
import { EventEnvelope, uuidv7 } from '@opis/contracts-envelope';
import { memberFlaggedV1, MemberFlaggedV1 } from '@opis/contracts-family-contact';
import { caseUpdatedV1, CaseUpdatedV1 } from '@opis/contracts-intake';
import { ProtectionConcern } from '@opis/contracts-legal-status';
import { AbortReason, planAbortedV1, PlanAbortedV1 } from '@opis/contracts-repatriation';
import { waitFor } from '@opis/testing';

import { ProcedureResolvedAt1766000000011 } from '../../src/migrations/1766000000011-procedure-resolved-at';

import { resolvedForReturn, session, setup } from './legal-fixtures';
import { auditTrail, LegalTestBed, outboxEvents, startLegalStatus } from './legal-harness';

/**
 * Issue 18 review (INV-01, GD-08): every statement of fear is kept and weighed, a correction to a
 * foreign nationality applies the concerns heard while the child was taken for Mexican, and an
 * abort older than the PAM's resolution does not reopen it.
 */
describe('legal-status: every fear statement weighed, nationality corrections, late aborts', () => {
  let bed: LegalTestBed;
  let officer: string;
  let supervisor: string;
  let service: string;

  beforeAll(async () => {
    bed = await startLegalStatus('legal-fear-statements');
    officer = await bed.service.token(['officer'], ['CHP']);
    supervisor = await bed.service.token(['supervisor'], ['CHP'], 'supervisor-CHP');
    service = await bed.service.token(['integration'], ['CHP'], 'svc-repatriation');
  });

  afterAll(async () => {
    await bed?.close();
  });

  const incident = (concern: ProtectionConcern, occurredAt = new Date(Date.now() - 60_000)): CareIncidentReportedV1 => ({
    ...careIncidentReportedV1.example,
    incidentId: uuidv7(),
    type: 'ABUSE_DISCLOSURE',
    occurredAt: occurredAt.toISOString(),
    protectionConcern: concern,
  });
  const flag = (concern: ProtectionConcern): MemberFlaggedV1 => ({
    ...memberFlaggedV1.example,
    contactId: uuidv7(),
    flaggedAt: new Date(Date.now() - 60_000).toISOString(),
    protectionConcern: concern,
  });
  const taken = (envelope: EventEnvelope) =>
    waitFor(`${envelope.type} taken`, async () => (await bed.service.dataSource.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [envelope.id])).length === 1);
  const status = (caseId: string) => bed.caseStatus(caseId, service) as Promise<Record<string, unknown>>;
  const liftFear = (caseId: string, decidedAt: Date, decisionReference = 'PPNNA/CHP/RES/2026/401') =>
    bed.service.request('POST', `/v1/cases/${caseId}/protection/fear-lifted`, {
      token: supervisor,
      body: { decisionReference, decidedAt: decidedAt.toISOString(), official: 'Lic. Marta Ruiz, Procuraduría Chiapas', childViews: 'Ya no tengo miedo' },
    });
  const fearSession = () => setup(bed, officer);
  /** A moment strictly between two writes, so that a decision falls after one and before the other. */
  const tick = async () => {
    const at = new Date();
    await waitFor('the clock moved', async () => Date.now() > at.getTime() + 1);
    return at;
  };

  describe('fear of return: every statement kept, a lift covers only what legal-status had when the Procuraduría decided (GD-08)', () => {
    it('refuses a decision taken between two statements, which never weighed the second; a later decision lifts both', async () => {
      const caseId = await bed.register();
      await taken(await bed.publish(careIncidentReportedV1, caseId, 'CHP', incident('FEAR_OF_RETURN')));
      const decidedBetween = await tick();
      await fearSession()(caseId, 'POST', 'information-sessions', session('RIGHTS', { fearOfReturnExpressed: true }));
      await expect(status(caseId)).resolves.toMatchObject({ reasons: ['FEAR_OF_RETURN'] });

      const stale = await liftFear(caseId, decidedBetween);
      expect(stale.status).toBe(409);
      expect(stale.headers.get('content-type')).toContain('application/problem+json');
      expect(stale.body).toMatchObject({ code: 'FEAR_STATED_AFTER_DECISION', rule: 'GD-08' });
      await expect(status(caseId)).resolves.toMatchObject({ returnLocked: true, reasons: ['FEAR_OF_RETURN'] });
      expect(await bed.service.dataSource.query(`SELECT 1 FROM fear_lift WHERE case_id = $1`, [caseId])).toEqual([]);
      expect(await auditTrail(bed.service, caseId, 'protection.fear-lifted')).toEqual([{ outcome: 'refused', reason: 'FEAR_STATED_AFTER_DECISION GD-08' }]);

      const weighedBoth = await liftFear(caseId, new Date(), 'PPNNA/CHP/RES/2026/402');
      expect(weighedBoth.status).toBe(200);
      await expect(status(caseId)).resolves.toMatchObject({ returnLocked: false, reasons: [] });
    });

    it('keeps a second statement while fear stands, and a statement received after a lift locks again even when dated before it; the old decision cannot lift it', async () => {
      const caseId = await bed.register();
      await fearSession()(caseId, 'POST', 'information-sessions', session('RIGHTS', { fearOfReturnExpressed: true }));
      await taken(await bed.publish(careIncidentReportedV1, caseId, 'CHP', incident('FEAR_OF_RETURN')));
      expect(
        await bed.service.dataSource.query(`SELECT concern, outcomes FROM protection_concern WHERE case_id = $1`, [caseId]),
      ).toEqual([{ concern: 'FEAR_OF_RETURN', outcomes: ['FEAR_ALREADY_RECORDED'] }]);

      const decidedAt = new Date();
      expect((await liftFear(caseId, decidedAt)).status).toBe(200);
      await expect(status(caseId)).resolves.toMatchObject({ returnLocked: false, reasons: [] });

      // Care reports, late, a disclosure the child made before the decision: legal-status did not have it when the Procuraduría decided.
      await taken(await bed.publish(careIncidentReportedV1, caseId, 'CHP', incident('FEAR_OF_RETURN', new Date(decidedAt.getTime() - 600_000))));
      await expect(status(caseId)).resolves.toMatchObject({ returnLocked: true, reasons: ['FEAR_OF_RETURN'] });

      const again = await liftFear(caseId, decidedAt);
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'FEAR_STATED_AFTER_DECISION', rule: 'GD-08' });
      // Nor under its reference with another date: one decision weighed what legal-status had when it was taken.
      const redated = await liftFear(caseId, new Date());
      expect(redated.status).toBe(409);
      expect(redated.body).toMatchObject({ code: 'FEAR_STATED_AFTER_DECISION', rule: 'GD-08' });
      await expect(status(caseId)).resolves.toMatchObject({ returnLocked: true, reasons: ['FEAR_OF_RETURN'] });
      expect((await outboxEvents(bed.service, 'legal.lock.changed', caseId)).map((event) => (event.payload.data as { reasons: string[] }).reasons)).toEqual([['FEAR_OF_RETURN'], [], ['FEAR_OF_RETURN']]);
    });
  });

  it('applies the concerns heard about a child taken for Mexican when intake corrects the nationality to a foreign one (INV-01)', async () => {
    const caseId = await bed.register({ nationality: 'MX', countryOfResidence: 'MX', entryPath: 'RETURNED_FROM_USA' });
    await taken(await bed.publish(careIncidentReportedV1, caseId, 'CHP', incident('FEAR_OF_RETURN')));
    await taken(await bed.publish(memberFlaggedV1, caseId, 'CHP', flag('PROTECTION_NEED')));
    await expect(status(caseId)).resolves.toMatchObject({ returnLocked: false, reasons: [] });

    const corrected: CaseUpdatedV1 = {
      ...caseUpdatedV1.example,
      nationality: 'HN',
      screening: { ...caseUpdatedV1.example.screening, protectionNeedIndicated: false },
      changedFields: ['child.nationality'],
    };
    await taken(await bed.publish(caseUpdatedV1, caseId, 'CHP', corrected));

    await expect(status(caseId)).resolves.toMatchObject({
      returnLocked: true,
      consularContactLocked: true,
      protectionStatus: 'NEED_IDENTIFIED',
      reasons: ['NEED_FLAGGED', 'FEAR_OF_RETURN'],
    });
    expect((await bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: officer })).body).toMatchObject({
      protection: { status: 'NEED_IDENTIFIED', needSource: 'FAMILY_FLAG', fearOfReturnAt: expect.any(String) },
    });
    expect((await outboxEvents(bed.service, 'legal.lock.changed', caseId)).map((event) => event.payload.data)).toEqual([
      { returnLocked: true, consularContactLocked: true, reasons: ['NEED_FLAGGED', 'FEAR_OF_RETURN'], bestInterestsRecommendsReturn: false },
    ]);
    expect((await outboxEvents(bed.service, 'legal.protection.changed', caseId)).map((event) => event.payload.data)).toEqual([
      { protectionClaimed: false, status: 'NEED_IDENTIFIED', previousStatus: 'NOT_ASSESSED', fearOfReturn: true },
    ]);
    // LM-03, LM-17: a foreign child holds a humanitarian stay as a child, from the correction.
    expect((await outboxEvents(bed.service, 'legal.vrh.changed', caseId)).map((event) => event.payload.data)).toEqual([
      { vrhType: 'NNA', active: true, since: expect.any(String) },
    ]);
    expect((await auditTrail(bed.service, caseId, 'protection.concern')).map((entry) => entry.reason)).toEqual([
      'care.incident.reported FEAR_OF_RETURN NATIONAL_CHILD_NOT_LOCKED',
      'family.member.flagged PROTECTION_NEED NATIONAL_CHILD_NOT_LOCKED',
      'care.incident.reported FEAR_OF_RETURN NATIONALITY_CORRECTED FEAR_RECORDED',
      'family.member.flagged PROTECTION_NEED NATIONALITY_CORRECTED NEED_IDENTIFIED',
    ]);
    expect(
      (await bed.service.dataSource.query(`SELECT outcomes FROM protection_concern WHERE case_id = $1 ORDER BY received_at`, [caseId])).map(
        (row: { outcomes: string[] }) => row.outcomes,
      ),
    ).toEqual([
      ['NATIONAL_CHILD_NOT_LOCKED', 'NATIONALITY_CORRECTED', 'FEAR_RECORDED'],
      ['NATIONAL_CHILD_NOT_LOCKED', 'NATIONALITY_CORRECTED', 'NEED_IDENTIFIED'],
    ]);
  });

  describe('an abort reopens the PAM only when it concerns a plan standing on the current resolution (DOMAIN.md 4.5 a)', () => {
    const abort = (reason: AbortReason): PlanAbortedV1 => ({ planId: uuidv7(), reason, fromStatus: 'APPROVED', urgent: false });
    /** An abort as a replay of the stream (or a late delivery) brings it: its occurredAt is when the old plan stopped. */
    const abortAt = (caseId: string, reason: AbortReason, occurredAt: Date) => {
      const envelope = bed.envelope(planAbortedV1, caseId, 'CHP', abort(reason));
      return bed.publish(planAbortedV1, caseId, 'CHP', envelope.data, { ...envelope, occurredAt: occurredAt.toISOString() });
    };

    it('an abort older than the resolution leaves the PAM resolved; fear it carries still locks; a newer abort reopens it', async () => {
      const caseId = await bed.register();
      const beforeResolution = new Date(Date.now() - 60_000);
      await resolvedForReturn(bed, officer, caseId);
      await expect(status(caseId)).resolves.toMatchObject({ assistedReturnResolved: true, returnLocked: false });

      await taken(await abortAt(caseId, 'HEALTH', beforeResolution));
      await expect(status(caseId)).resolves.toMatchObject({ assistedReturnResolved: true, returnLocked: false });

      await taken(await abortAt(caseId, 'FEAR_EXPRESSED', beforeResolution));
      await expect(status(caseId)).resolves.toMatchObject({ assistedReturnResolved: true, returnLocked: true, reasons: ['FEAR_OF_RETURN'] });
      expect((await outboxEvents(bed.service, 'legal.procedure.changed', caseId)).at(-1)?.payload.data).toMatchObject({ status: 'RESOLVED' });

      await taken(await abortAt(caseId, 'RECEIVING_AUTHORITY_FAILED', new Date()));
      await expect(status(caseId)).resolves.toMatchObject({ assistedReturnResolved: false });
      expect((await auditTrail(bed.service, caseId, 'protection.concern')).map((entry) => entry.reason)).toEqual([
        'repatriation.plan.aborted - ABORT_BEFORE_RESOLUTION',
        'repatriation.plan.aborted FEAR_OF_RETURN FEAR_RECORDED ABORT_BEFORE_RESOLUTION',
        'repatriation.plan.aborted - PROCEDURE_REOPENED',
      ]);
    });

    it('every resolution carries its time: a resolution stored without one takes the PAM’s opening, so any abort reopens it', async () => {
      const caseId = await bed.register();
      await resolvedForReturn(bed, officer, caseId);
      const query = (sql: string) => bed.service.dataSource.query(sql, [caseId]);
      await expect(query(`UPDATE legal_record SET procedure_resolved_at = NULL WHERE case_id = $1`)).rejects.toThrow(/legal_record_resolved_at_ck/);

      // A record as a release before the rule may have left it, then the migration run over it.
      const runner = bed.service.dataSource.createQueryRunner();
      try {
        await runner.startTransaction();
        await new ProcedureResolvedAt1766000000011().down(runner);
        await runner.query(`UPDATE legal_record SET procedure_resolved_at = NULL WHERE case_id = $1`, [caseId]);
        await new ProcedureResolvedAt1766000000011().up(runner);
        const [row] = await runner.query(`SELECT procedure_resolved_at = procedure_opened_at AS backfilled FROM legal_record WHERE case_id = $1`, [caseId]);
        expect(row).toEqual({ backfilled: true });
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    });
  });
});
