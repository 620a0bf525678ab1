import 'reflect-metadata';

import { careIncidentReportedV1, CareIncidentReportedV1 } from '@opis/contracts-care';
import { EventEnvelope, OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import { childConcernStatedV1, memberFlaggedV1, MemberFlaggedV1 } from '@opis/contracts-family-contact';
import { caseRegisteredV2, procuraduriaNotifiedV1 } from '@opis/contracts-intake';
import { MoveClearanceReply, ProtectionConcern } from '@opis/contracts-legal-status';
import { AbortReason, planAbortedV1 } from '@opis/contracts-repatriation';
import { waitFor } from '@opis/testing';

import { IMPACT, plan, resolvedForReturn, session, setup } from './legal-fixtures';
import { auditTrail, LegalTestBed, outboxEvents, registeredSample, startLegalStatus } from './legal-harness';

/** Issue 18 item 4: fear of return and protection needs reach legal-status from wherever they are said (INV-01, GD-08). */
describe('legal-status: concerns other services report, and aborted returns', () => {
  let bed: LegalTestBed;
  let officer: string;
  let service: string;

  beforeAll(async () => {
    bed = await startLegalStatus('legal-concerns');
    officer = await bed.service.token(['officer'], ['CHP']);
    service = await bed.service.token(['integration'], ['CHP'], 'svc-repatriation');
  });

  afterAll(async () => {
    await bed?.close();
  });

  const incident = (concern?: ProtectionConcern): CareIncidentReportedV1 => ({
    ...careIncidentReportedV1.example,
    incidentId: uuidv7(),
    type: 'ABUSE_DISCLOSURE',
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    ...(concern ? { protectionConcern: concern } : {}),
  });
  const flag = (concern?: ProtectionConcern): MemberFlaggedV1 => ({
    ...memberFlaggedV1.example,
    contactId: uuidv7(),
    flaggedAt: new Date(Date.now() - 60_000).toISOString(),
    ...(concern ? { protectionConcern: concern } : {}),
  });
  const abort = (reason: AbortReason) => ({ planId: uuidv7(), reason, fromStatus: 'APPROVED' as const, urgent: false });

  /** Waits until legal-status took the event (its inbox row): whatever it did with it is committed. */
  const taken = (envelope: EventEnvelope) =>
    waitFor(`${envelope.type} taken`, async () => (await bed.service.dataSource.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [envelope.id])).length === 1);
  const view = async (caseId: string) => (await bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: officer })).body;
  const concernRows = (caseId: string) =>
    bed.service.dataSource.query(`SELECT source_service, source_event_type, concern, outcomes FROM protection_concern WHERE case_id = $1 ORDER BY received_at`, [caseId]);
  const status = (caseId: string) => bed.caseStatus(caseId, service) as Promise<Record<string, unknown>>;

  it('locks a foreign child’s return on fear disclosed in a care incident, once, audited with its source', async () => {
    const caseId = await bed.register();
    const event = await bed.publish(careIncidentReportedV1, caseId, 'CHP', incident('FEAR_OF_RETURN'));
    await taken(event);

    await expect(status(caseId)).resolves.toMatchObject({ returnLocked: true, consularContactLocked: true, reasons: ['FEAR_OF_RETURN'] });
    expect((await outboxEvents(bed.service, 'legal.lock.changed', caseId)).map((e) => e.payload.data)).toEqual([
      { returnLocked: true, consularContactLocked: true, reasons: ['FEAR_OF_RETURN'], bestInterestsRecommendsReturn: false },
    ]);
    expect((await outboxEvents(bed.service, 'legal.protection.changed', caseId)).map((e) => e.payload.data)).toEqual([
      { protectionClaimed: false, status: 'NOT_ASSESSED', previousStatus: 'NOT_ASSESSED', fearOfReturn: true },
    ]);
    expect(await concernRows(caseId)).toEqual([{ source_service: 'care', source_event_type: 'care.incident.reported', concern: 'FEAR_OF_RETURN', outcomes: ['FEAR_RECORDED'] }]);
    expect(await auditTrail(bed.service, caseId, 'protection.concern')).toEqual([{ outcome: 'allowed', reason: 'care.incident.reported FEAR_OF_RETURN FEAR_RECORDED' }]);
    const [audited] = await bed.service.dataSource.query(`SELECT actor_subject, request_id FROM audit_log WHERE case_id = $1 AND action = 'protection.concern'`, [caseId]);
    expect(audited).toEqual({ actor_subject: 'care:opi-test', request_id: event.id });

    // The same event again (a redelivery past JetStream's duplicate window), and an incident without a concern: nothing more.
    const outbox = await bed.service.count('outbox');
    await bed.publish(careIncidentReportedV1, caseId, 'CHP', event.data, event);
    const plain = await bed.publish(careIncidentReportedV1, caseId, 'CHP', incident());
    await taken(plain);
    expect(await bed.service.count('outbox')).toBe(outbox);
    expect(await concernRows(caseId)).toHaveLength(1);
    expect(await auditTrail(bed.service, caseId, 'protection.concern')).toHaveLength(1);
  });

  it('identifies a need behind a family risk flag, and leaves a case further on as it is', async () => {
    const caseId = await bed.register();
    await taken(await bed.publish(memberFlaggedV1, caseId, 'CHP', flag('PROTECTION_NEED')));
    expect(await view(caseId)).toMatchObject({ protection: { status: 'NEED_IDENTIFIED', needSource: 'FAMILY_FLAG' }, lock: { returnLocked: true, reasons: ['NEED_FLAGGED'] } });
    expect((await outboxEvents(bed.service, 'legal.protection.changed', caseId)).map((e) => e.payload.data)).toEqual([
      { protectionClaimed: false, status: 'NEED_IDENTIFIED', previousStatus: 'NOT_ASSESSED', fearOfReturn: false },
    ]);

    const claimed = await bed.register();
    await setup(bed, officer)(claimed, 'POST', 'protection/claim', { filedAt: new Date().toISOString(), representative: 'Lic. R. Pérez', interpreterId: 'int-quc-7' });
    const outbox = await bed.service.count('outbox');
    await taken(await bed.publish(memberFlaggedV1, claimed, 'CHP', flag('PROTECTION_NEED')));
    expect(await view(claimed)).toMatchObject({ protection: { status: 'CLAIM_PENDING' }, lock: { reasons: ['CLAIM_PENDING'] } });
    expect(await bed.service.count('outbox')).toBe(outbox);
    expect(await auditTrail(bed.service, claimed, 'protection.concern')).toEqual([{ outcome: 'allowed', reason: 'family.member.flagged PROTECTION_NEED NEED_ALREADY_FURTHER' }]);
  });

  it('locks a foreign child’s return on fear stated to family-contact about no one person (family.child.concern-stated)', async () => {
    const caseId = await bed.register();
    await taken(await bed.publish(childConcernStatedV1, caseId, 'CHP', { ...childConcernStatedV1.example, concernId: uuidv7(), statedAt: new Date(Date.now() - 60_000).toISOString() }));
    await expect(status(caseId)).resolves.toMatchObject({ returnLocked: true, consularContactLocked: true, reasons: ['FEAR_OF_RETURN'] });
    expect(await auditTrail(bed.service, caseId, 'protection.concern')).toEqual([{ outcome: 'allowed', reason: 'family.child.concern-stated FEAR_OF_RETURN FEAR_RECORDED' }]);
  });

  it('records a Mexican child’s concern for the audit without making it a non-refoulement lock', async () => {
    const caseId = await bed.register({ nationality: 'MX', countryOfResidence: 'MX', entryPath: 'RETURNED_FROM_USA' });
    await taken(await bed.publish(careIncidentReportedV1, caseId, 'CHP', incident('FEAR_OF_RETURN')));
    await taken(await bed.publish(memberFlaggedV1, caseId, 'CHP', flag('PROTECTION_NEED')));
    await expect(status(caseId)).resolves.toMatchObject({ returnLocked: false, reasons: [], protectionStatus: 'NOT_ASSESSED' });
    expect(await outboxEvents(bed.service, 'legal.lock.changed', caseId)).toEqual([]);
    expect((await concernRows(caseId)).map((row: { outcomes: string[] }) => row.outcomes)).toEqual([['NATIONAL_CHILD_NOT_LOCKED'], ['NATIONAL_CHILD_NOT_LOCKED']]);
    expect((await auditTrail(bed.service, caseId, 'protection.concern')).map((entry) => entry.reason)).toEqual([
      'care.incident.reported FEAR_OF_RETURN NATIONAL_CHILD_NOT_LOCKED',
      'family.member.flagged PROTECTION_NEED NATIONAL_CHILD_NOT_LOCKED',
    ]);
  });

  it('applies a concern reported before legal-status opened the record, when the registration arrives', async () => {
    const caseId = uuidv7();
    await taken(await bed.publish(careIncidentReportedV1, caseId, 'CHP', incident('FEAR_OF_RETURN')));
    expect(await concernRows(caseId)).toEqual([{ source_service: 'care', source_event_type: 'care.incident.reported', concern: 'FEAR_OF_RETURN', outcomes: null }]);

    await bed.publish(caseRegisteredV2, caseId, 'CHP', registeredSample());
    await bed.publish(procuraduriaNotifiedV1, caseId, 'CHP', { notifiedAt: new Date(Date.now() - 3_600_000).toISOString(), means: 'EMAIL', minutesSinceDetection: 60 });
    await waitFor('the record opened with the concern applied', async () => (await concernRows(caseId))[0]?.outcomes !== null);
    await expect(status(caseId)).resolves.toMatchObject({ returnLocked: true, reasons: ['FEAR_OF_RETURN'] });
  });

  describe('an aborted return goes back to legal-status to re-plan (DOMAIN.md 4.5 a)', () => {
    const resolved = async () => {
      const caseId = await bed.register();
      await resolvedForReturn(bed, officer, caseId);
      await expect(status(caseId)).resolves.toMatchObject({ assistedReturnResolved: true, returnLocked: false });
      return caseId;
    };

    it('fear stated at the abort locks return, and the PAM leaves ASSISTED_RETURN_APPROVED to await a fresh plan', async () => {
      const caseId = await resolved();
      await taken(await bed.publish(planAbortedV1, caseId, 'CHP', abort('FEAR_EXPRESSED')));

      await expect(status(caseId)).resolves.toMatchObject({ assistedReturnResolved: false, returnLocked: true, reasons: ['FEAR_OF_RETURN'] });
      expect(await view(caseId)).toMatchObject({ procedure: { status: 'AWAITING_PLAN', resolution: null, resolvedAt: null, reopenedAt: expect.any(String) } });
      expect((await outboxEvents(bed.service, 'legal.procedure.changed', caseId)).at(-1)?.payload.data).toEqual({
        status: 'AWAITING_PLAN',
        previousStatus: 'RESOLVED',
        stayStatus: 'VRH_CAUTELAR',
      });
      expect((await outboxEvents(bed.service, 'legal.lock.changed', caseId)).at(-1)?.payload.data).toMatchObject({ returnLocked: true, reasons: ['FEAR_OF_RETURN'] });
      expect(await auditTrail(bed.service, caseId, 'protection.concern')).toEqual([
        { outcome: 'allowed', reason: 'repatriation.plan.aborted FEAR_OF_RETURN FEAR_RECORDED PROCEDURE_REOPENED' },
      ]);
      const clearance: MoveClearanceReply = await bed.moveClearance(caseId, service, 'RETURN_SCHEDULING');
      expect(clearance).toMatchObject({ cleared: false, reasons: ['FEAR_OF_RETURN'], assistedReturnResolved: false });
    });

    it('a claim stated at the abort identifies the need', async () => {
      const caseId = await resolved();
      await taken(await bed.publish(planAbortedV1, caseId, 'CHP', abort('PROTECTION_CLAIM')));
      await expect(status(caseId)).resolves.toMatchObject({ assistedReturnResolved: false, protectionStatus: 'NEED_IDENTIFIED', reasons: ['NEED_FLAGGED'] });
      expect(await view(caseId)).toMatchObject({ protection: { needSource: 'RETURN_ABORTED' } });
    });

    it('any other abort (health, the lock) reopens the PAM without a lock, and it is resolved again only on a plan made after the abort', async () => {
      const caseId = await resolved();
      await taken(await bed.publish(planAbortedV1, caseId, 'CHP', abort('HEALTH')));
      await expect(status(caseId)).resolves.toMatchObject({ assistedReturnResolved: false, returnLocked: false, reasons: [] });

      const again = await bed.service.request('POST', `/v1/cases/${caseId}/procedure/resolution`, { token: officer, body: { resolution: 'ASSISTED_RETURN_APPROVED', impactAssessment: IMPACT } });
      expect(again.status).toBe(422);
      expect(again.body).toMatchObject({ code: 'FRESH_PLAN_REQUIRED', rule: 'LM-06' });
      expect((await setup(bed, officer)(caseId, 'POST', 'best-interests', plan('ASSISTED_RETURN', new Date())) as { procedure: { status: string } }).procedure.status).toBe('PLAN_RECEIVED');
      // The child is told of the reopened procedure and of the new return before it is resolved again (LM-16).
      await setup(bed, officer)(caseId, 'POST', 'information-sessions', session('MIGRATION_PROCEDURE'));
      await setup(bed, officer)(caseId, 'POST', 'information-sessions', session('RETURN_PROCESS'));
      const resolvedAgain = await bed.service.request('POST', `/v1/cases/${caseId}/procedure/resolution`, { token: officer, body: { resolution: 'ASSISTED_RETURN_APPROVED', impactAssessment: IMPACT } });
      expect(resolvedAgain.status).toBe(200);
      await expect(status(caseId)).resolves.toMatchObject({ assistedReturnResolved: true });

      // repatriation's own abort on the lock (PROTECTION_LOCK) comes back too; an abort of a PAM not resolved for return changes nothing.
      await taken(await bed.publish(planAbortedV1, caseId, 'CHP', abort('PROTECTION_LOCK')));
      await expect(status(caseId)).resolves.toMatchObject({ assistedReturnResolved: false });
      const outbox = await bed.service.count('outbox');
      await taken(await bed.publish(planAbortedV1, caseId, 'CHP', abort('RECEIVING_AUTHORITY_FAILED')));
      expect(await bed.service.count('outbox')).toBe(outbox);
      expect((await auditTrail(bed.service, caseId, 'protection.concern')).map((entry) => entry.reason)).toEqual([
        'repatriation.plan.aborted - PROCEDURE_REOPENED',
        'repatriation.plan.aborted - PROCEDURE_REOPENED',
        'repatriation.plan.aborted - NOTHING_TO_CHANGE',
      ]);
    });
  });

  it('orders every clearance with fear reported at the same moment: fear committed first refuses it (50 races, INV-01)', async () => {
    const races = 50;
    const cases: string[] = [];
    for (let i = 0; i < races; i += 1) cases.push(await bed.register());
    const outcomes: Array<{ caseId: string; clearance: MoveClearanceReply }> = [];
    for (let i = 0; i < cases.length; i += 10) {
      outcomes.push(
        ...(await Promise.all(
          cases.slice(i, i + 10).map(async (caseId) => {
            const [clearance, event] = await Promise.all([
              bed.moveClearance(caseId, service, 'RETURN_HANDOVER', `plan:${caseId}`),
              bed.publish(careIncidentReportedV1, caseId, 'CHP' as OfficeCode, incident('FEAR_OF_RETURN')),
            ]);
            await taken(event);
            return { caseId, clearance };
          }),
        )),
      );
    }
    for (const { caseId, clearance } of outcomes) {
      const lockVersion = (await outboxEvents(bed.service, 'legal.lock.changed', caseId))[0]?.payload.caseVersion as number;
      expect(lockVersion).toBeDefined();
      if (clearance.cleared) {
        expect(clearance.caseVersion).toBeLessThan(lockVersion);
      } else {
        expect(clearance.reasons).toEqual(['FEAR_OF_RETURN']);
        expect(clearance.caseVersion).toBeGreaterThan(lockVersion);
      }
    }
  });
});
