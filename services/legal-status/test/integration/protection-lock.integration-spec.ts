import 'reflect-metadata';

import { createTestSigner, mexicoCityDate, WorkingDayCalendar } from '@opis/platform';

import { plan, session } from './legal-fixtures';
import { auditTrail, legalStatusSpec, outboxEvents } from './legal-harness';

describe('legal-status: international protection and the case-status lock', () => {
  const spec = legalStatusSpec('legal-protection');

  const post = (caseId: string, path: string, body: unknown = {}, token = spec.officer) =>
    spec.bed.service.request('POST', `/v1/cases/${caseId}/${path}`, { token, body });

  describe('international protection and the case-status lock (DOMAIN.md 4.4 b, INV-01, INV-06)', () => {
    const admin = () => spec.bed.service.token(['national-admin'], [], 'admin-national');

    it('counts the 45 working days on the federal calendar, skipping holidays and an administrator’s suspension (IP-02, IP-08)', async () => {
      const caseId = await spec.bed.register();
      const filedAt = new Date(Date.now() - 60_000);
      const claim = await post(caseId, 'protection/claim', { filedAt: filedAt.toISOString(), representative: 'Lic. R. Pérez (PPNNA)', interpreterId: 'int-quc-7' });
      expect(claim.status).toBe(200);
      const start = mexicoCityDate(filedAt);
      expect(claim.body.protection.decisionDueDate).toBe(new WorkingDayCalendar().addWorkingDays(start, 45));

      const holiday = '2099-01-05';
      expect((await spec.bed.service.request('PUT', `/v1/calendar/holidays/${holiday}`, { token: spec.officer, body: { description: 'x' } })).status).toBe(403);
      const from = new WorkingDayCalendar().addWorkingDays(start, 2);
      const to = new WorkingDayCalendar().addWorkingDays(start, 6);
      const suspension = await spec.bed.service.request('POST', '/v1/calendar/suspensions', { token: await admin(), body: { from, to, legalBasis: 'Acuerdo COMAR DOF' } });
      expect(suspension.status).toBe(201);
      const bad = await spec.bed.service.request('POST', '/v1/calendar/suspensions', { token: await admin(), body: { from: to, to: from, legalBasis: 'Acuerdo' } });
      expect(bad.status).toBe(400);
      const view = await spec.bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: spec.officer });
      expect(view.body.protection.decisionDueDate).toBe(new WorkingDayCalendar({ suspensions: [{ from, to }] }).addWorkingDays(start, 45));
      expect(view.body.protection.comarNoticeDueAt).toBe(new Date(filedAt.getTime() + 72 * 3_600_000).toISOString());

      expect((await post(caseId, 'protection/extension', { at: new Date().toISOString() })).status).toBe(200);
      const again = await post(caseId, 'protection/extension', { at: new Date().toISOString() });
      expect(again.status).toBe(409);
      expect(again.body.rule).toBe('IP-03');
    });

    it('asks reasons for a late claim and requires the representative, never refusing the claim itself (IP-01, IP-05)', async () => {
      const caseId = await spec.bed.register({ detectedAt: new Date(Date.now() - 90 * 86_400_000).toISOString() });
      const base = { filedAt: new Date().toISOString(), interpreterId: 'int-quc-7' };
      expect((await post(caseId, 'protection/claim', base)).body).toMatchObject({ code: 'REPRESENTATIVE_REQUIRED', rule: 'IP-05' });
      const late = await post(caseId, 'protection/claim', { ...base, representative: 'Lic. R. Pérez' });
      expect(late.body).toMatchObject({ code: 'LATE_FILING_JUSTIFICATION_REQUIRED', rule: 'IP-01' });
      const accepted = await post(caseId, 'protection/claim', { ...base, representative: 'Lic. R. Pérez', lateFilingJustification: 'No sabía que podía pedir refugio' });
      expect(accepted.body.protection.status).toBe('CLAIM_PENDING');
    });

    it('answers case-status with each lock reason, and refuses callers without the right token', async () => {
      const reasonsOf = async (caseId: string) => ((await spec.bed.caseStatus(caseId, spec.service)) as { reasons: string[] }).reasons;

      const clear = await spec.bed.register();
      await expect(spec.bed.caseStatus(clear, spec.service)).resolves.toMatchObject({
        caseId: clear,
        returnLocked: false,
        consularContactLocked: false,
        reasons: [],
        protectionStatus: 'NOT_ASSESSED',
        bestInterestsRecommendsReturn: false,
      });

      const flagged = await spec.bed.register();
      await post(flagged, 'protection/need', { source: 'OFFICER' });
      expect(await reasonsOf(flagged)).toEqual(['NEED_FLAGGED']);

      const claimed = await spec.bed.register();
      await post(claimed, 'protection/claim', { filedAt: new Date().toISOString(), representative: 'Lic. R. Pérez', interpreterId: 'int-quc-7' });
      expect(await reasonsOf(claimed)).toEqual(['CLAIM_PENDING']);
      expect((await outboxEvents(spec.bed.service, 'legal.protection.changed', claimed)).at(-1)?.payload.data).toMatchObject({ protectionClaimed: true, status: 'CLAIM_PENDING' });

      const withdrawal = await post(claimed, 'protection/withdrawal', { withdrawnAt: new Date().toISOString(), childViews: 'Quiero volver con mi abuela' });
      expect(withdrawal.body).toMatchObject({ code: 'WITHDRAWAL_SAFEGUARDS_MISSING', rule: 'INV-13' });

      await post(claimed, 'protection/decision', { decision: 'DENIED', decidedAt: new Date().toISOString() });
      expect(await reasonsOf(claimed)).toEqual(['APPEAL_WINDOW']);
      const early = await post(claimed, 'protection/appeal-window-closed');
      expect(early.body).toMatchObject({ code: 'APPEAL_WINDOW_OPEN', rule: 'IP-07' });
      await post(claimed, 'protection/appeal', { kind: 'REVISION', filedAt: new Date().toISOString() });
      expect(await reasonsOf(claimed)).toEqual(['APPEAL_PENDING']);
      await post(claimed, 'protection/appeal-decision', { outcome: 'COMPLEMENTARY_PROTECTION', decidedAt: new Date().toISOString() });
      expect(await reasonsOf(claimed)).toEqual(['PROTECTION_GRANTED']);

      const afraid = await spec.bed.register();
      await post(afraid, 'information-sessions', session('RIGHTS', { fearOfReturnExpressed: true }));
      expect(await reasonsOf(afraid)).toEqual(['FEAR_OF_RETURN']);

      const withdrawn = await spec.bed.register();
      await post(withdrawn, 'protection/claim', { filedAt: new Date().toISOString(), representative: 'Lic. R. Pérez', interpreterId: 'int-quc-7' });
      await post(withdrawn, 'protection/withdrawal', { withdrawnAt: new Date().toISOString(), procuraduriaRepresentative: 'Lic. R. Pérez', childViews: 'Quiero volver con mi abuela' });
      // RP-05, 4.4 b: no consulate either until a fresh determination recommends return.
      await expect(spec.bed.caseStatus(withdrawn, spec.service)).resolves.toMatchObject({ returnLocked: true, consularContactLocked: true, reasons: ['AWAITING_FRESH_BEST_INTERESTS'] });
      await post(withdrawn, 'best-interests', plan('ASSISTED_RETURN', new Date()));
      await expect(spec.bed.caseStatus(withdrawn, spec.service)).resolves.toMatchObject({ returnLocked: false, reasons: [], bestInterestsRecommendsReturn: true });
      expect((await outboxEvents(spec.bed.service, 'legal.lock.changed', withdrawn)).map((event) => event.payload.data)).toEqual([
        { returnLocked: true, consularContactLocked: true, reasons: ['CLAIM_PENDING'], bestInterestsRecommendsReturn: false },
        { returnLocked: true, consularContactLocked: true, reasons: ['AWAITING_FRESH_BEST_INTERESTS'], bestInterestsRecommendsReturn: false },
        { returnLocked: false, consularContactLocked: false, reasons: [], bestInterestsRecommendsReturn: true },
      ]);

      await expect(spec.bed.caseStatus(clear, await spec.bed.service.token(['integration'], ['TAB'], 'svc-other'))).rejects.toMatchObject({ code: 'CASE_NOT_FOUND' });
      await expect(spec.bed.caseStatus(clear, await spec.bed.service.token(['auditor'], ['CHP'], 'auditor-1'))).rejects.toMatchObject({ kind: 'FORBIDDEN' });
      const forged = await createTestSigner().mint({ subject: 'svc-forged', roles: ['national'], offices: [] });
      await expect(spec.bed.caseStatus(clear, forged)).rejects.toMatchObject({ kind: 'UNAUTHENTICATED' });
      expect((await auditTrail(spec.bed.service, clear, 'case-status.read')).map((entry) => entry.outcome)).toEqual(['allowed', 'refused', 'refused', 'refused']);
    });
  });
});
