import 'reflect-metadata';

import { channelledToDifV1 } from '@opis/contracts-intake';
import { childInformedV1, DUE_PROCESS_ITEMS } from '@opis/contracts-legal-status';
import { waitFor } from '@opis/testing';

import { evidence, IMPACT, plan, session, setup } from './legal-fixtures';
import { auditTrail, legalStatusSpec, outboxEvents } from './legal-harness';

/** Issue 18: the legal flow joined up, as legal-status holds it: locks, fear lifted, the child informed and heard. */
describe('legal-status: the legal flow (issue 18)', () => {
  const spec = legalStatusSpec('legal-flow');

  const status = (caseId: string) => spec.bed.caseStatus(caseId, spec.service) as Promise<Record<string, unknown>>;
  const claim = { filedAt: new Date(Date.now() - 60_000).toISOString(), representative: 'Lic. R. Pérez', interpreterId: 'int-quc-7' };

  describe('RP-05, DOMAIN.md 4.4 b: no consulate after a final denial or a withdrawal until a fresh determination recommends return', () => {
    it('keeps consular contact locked after FINAL_DENIED, refuses consular access on the checklist, and unlocks only on a fresh plan for return', async () => {
      const call = setup(spec.bed, spec.officer);
      const caseId = await spec.bed.register();
      await call(caseId, 'POST', 'procedure/open');
      await call(caseId, 'POST', 'protection/claim', claim);
      await call(caseId, 'POST', 'protection/decision', { decision: 'DENIED', decidedAt: new Date().toISOString() });
      await call(caseId, 'POST', 'protection/appeal', { kind: 'REVISION', filedAt: new Date().toISOString() });
      await call(caseId, 'POST', 'protection/appeal-decision', { outcome: 'UPHELD_DENIAL', decidedAt: new Date().toISOString() });
      await expect(status(caseId)).resolves.toMatchObject({
        protectionStatus: 'FINAL_DENIED',
        returnLocked: true,
        consularContactLocked: true,
        reasons: ['AWAITING_FRESH_BEST_INTERESTS'],
      });

      const consular = await spec.bed.service.request('PUT', `/v1/cases/${caseId}/procedure/checklist/CONSULAR_ACCESS`, {
        token: spec.officer,
        body: { ...evidence(), person: 'Cónsul de Guatemala' },
      });
      expect(consular.status).toBe(422);
      expect(consular.body).toMatchObject({ code: 'CONSULAR_ACCESS_LOCKED', rule: 'INV-06' });

      // A fresh plan that does not recommend return leaves both locks.
      await call(caseId, 'POST', 'best-interests', plan('HUMANITARIAN_REGULARISATION', new Date()));
      await expect(status(caseId)).resolves.toMatchObject({ returnLocked: true, consularContactLocked: true, reasons: ['AWAITING_FRESH_BEST_INTERESTS'] });
      await call(caseId, 'POST', 'best-interests', plan('ASSISTED_RETURN', new Date()));
      await expect(status(caseId)).resolves.toMatchObject({ returnLocked: false, consularContactLocked: false, reasons: [], bestInterestsRecommendsReturn: true });
      expect((await outboxEvents(spec.bed.service, 'legal.lock.changed', caseId)).map((event) => event.payload.data)).toEqual([
        { returnLocked: true, consularContactLocked: true, reasons: ['CLAIM_PENDING'], bestInterestsRecommendsReturn: false },
        { returnLocked: true, consularContactLocked: true, reasons: ['APPEAL_WINDOW'], bestInterestsRecommendsReturn: false },
        { returnLocked: true, consularContactLocked: true, reasons: ['APPEAL_PENDING'], bestInterestsRecommendsReturn: false },
        { returnLocked: true, consularContactLocked: true, reasons: ['AWAITING_FRESH_BEST_INTERESTS'], bestInterestsRecommendsReturn: false },
        { returnLocked: false, consularContactLocked: false, reasons: [], bestInterestsRecommendsReturn: true },
      ]);
    });
  });

  describe('fear of return lifted by a Procuraduría decision, with the child heard (GD-08, INF-04)', () => {
    const views = 'Ya no tengo miedo de volver, mi abuela me espera';
    const lift = (extra: Record<string, unknown> = {}) => ({
      decisionReference: 'PPNNA/CHP/RES/2026/301',
      // Taken after legal-status recorded the fear (GD-08: a decision weighs what was received before it).
      decidedAt: new Date().toISOString(),
      official: 'Lic. Marta Ruiz, Procuraduría Chiapas',
      childViews: views,
      ...extra,
    });
    const fearful = async () => {
      const caseId = await spec.bed.register();
      await setup(spec.bed, spec.officer)(caseId, 'POST', 'information-sessions', session('RIGHTS', { heldAt: new Date(Date.now() - 120_000).toISOString(), fearOfReturnExpressed: true }));
      await expect(status(caseId)).resolves.toMatchObject({ reasons: ['FEAR_OF_RETURN'] });
      return caseId;
    };
    const liftFear = (caseId: string, body: unknown, token = spec.supervisor) => spec.bed.service.request('POST', `/v1/cases/${caseId}/protection/fear-lifted`, { token, body });
    const written = async () => [await spec.bed.service.count('outbox'), await spec.bed.service.count('fear_lift'), await spec.bed.service.count('inform_duty')];

    it('is a supervisor’s act: refused to an spec.officer, refused without the child heard or before the fear, refused when there is no fear; each audited, nothing written', async () => {
      const caseId = await fearful();
      const before = await written();
      expect((await liftFear(caseId, lift(), spec.officer)).status).toBe(403);

      const unheard = await liftFear(caseId, lift({ childViews: undefined }));
      expect(unheard.status).toBe(422);
      expect(unheard.headers.get('content-type')).toContain('application/problem+json');
      expect(unheard.body).toMatchObject({ code: 'CHILD_VIEWS_MISSING', rule: 'INF-04', errors: [expect.objectContaining({ field: 'childViews' })] });
      // After the child was detected (2 h ago), before the fear was stated (2 min ago).
      const early = await liftFear(caseId, lift({ decidedAt: new Date(Date.now() - 600_000).toISOString() }));
      expect(early.body).toMatchObject({ status: 422, code: 'FEAR_DECISION_PREDATES_FEAR', rule: 'GD-08' });
      const incomplete = await liftFear(caseId, lift({ decisionReference: undefined }));
      expect(incomplete.status).toBe(400);
      expect(incomplete.body.errors.map((error: { field: string }) => error.field)).toEqual(expect.arrayContaining(['decisionReference']));
      expect(incomplete.body.errors.every((error: { field: string }) => error.field === 'decisionReference')).toBe(true);
      expect(await written()).toEqual(before);
      await expect(status(caseId)).resolves.toMatchObject({ reasons: ['FEAR_OF_RETURN'] });

      const none = await spec.bed.register();
      const nothing = await liftFear(none, lift());
      expect(nothing.status).toBe(409);
      expect(nothing.body).toMatchObject({ code: 'FEAR_NOT_RECORDED', rule: 'GD-08' });
      expect(await auditTrail(spec.bed.service, none, 'protection.fear-lifted')).toEqual([{ outcome: 'refused', reason: 'FEAR_NOT_RECORDED GD-08' }]);
      expect((await auditTrail(spec.bed.service, caseId, 'protection.fear-lifted')).map((entry) => entry.reason)).toEqual([
        'CHILD_VIEWS_MISSING INF-04',
        'FEAR_DECISION_PREDATES_FEAR GD-08',
      ]);
    });

    it('lifts fear alone and keeps every other lock reason; publishes the change, opens a duty to tell the child, keeps the child’s words sealed', async () => {
      const caseId = await fearful();
      await setup(spec.bed, spec.officer)(caseId, 'POST', 'protection/claim', claim);
      await expect(status(caseId)).resolves.toMatchObject({ reasons: ['CLAIM_PENDING', 'FEAR_OF_RETURN'] });

      const lifted = await liftFear(caseId, lift());
      expect(lifted.status).toBe(200);
      expect(lifted.body.protection).toMatchObject({
        status: 'CLAIM_PENDING',
        fearOfReturnAt: null,
        fearLifts: [expect.objectContaining({ decisionReference: 'PPNNA/CHP/RES/2026/301', official: 'Lic. Marta Ruiz, Procuraduría Chiapas', childViews: views, liftedBy: 'supervisor-CHP' })],
      });
      await expect(status(caseId)).resolves.toMatchObject({ returnLocked: true, consularContactLocked: true, reasons: ['CLAIM_PENDING'] });
      expect((await outboxEvents(spec.bed.service, 'legal.lock.changed', caseId)).at(-1)?.payload.data).toEqual({
        returnLocked: true,
        consularContactLocked: true,
        reasons: ['CLAIM_PENDING'],
        bestInterestsRecommendsReturn: false,
      });
      expect((await outboxEvents(spec.bed.service, 'legal.protection.changed', caseId)).at(-1)?.payload.data).toMatchObject({ status: 'CLAIM_PENDING', fearOfReturn: false });
      expect(await auditTrail(spec.bed.service, caseId, 'protection.fear-lifted')).toEqual([{ outcome: 'allowed', reason: null }]);
      // The claim's duty to tell the child about their rights is still open: one duty per topic covers both changes.
      expect(await spec.bed.service.dataSource.query(`SELECT cause FROM inform_duty WHERE case_id = $1 AND discharged_at IS NULL AND topic = 'RIGHTS'`, [caseId])).toEqual([
        { cause: 'PROTECTION_CLAIM_PENDING' },
      ]);
      const [stored] = await spec.bed.service.dataSource.query(`SELECT child_views FROM fear_lift WHERE case_id = $1`, [caseId]);
      expect(stored.child_views).not.toContain('miedo');

      // Lifted once, it is not there to lift again.
      expect((await liftFear(caseId, lift())).status).toBe(409);
    });

    it('unlocks a child whose only reason was fear, on a reasoned note that the child cannot give views', async () => {
      const caseId = await fearful();
      const lifted = await liftFear(caseId, lift({ childViews: undefined, childViewsUnavailableReason: 'Tiene tres años; se escuchó a su tía, que la cuida' }));
      expect(lifted.status).toBe(200);
      await expect(status(caseId)).resolves.toMatchObject({ returnLocked: false, consularContactLocked: false, reasons: [] });
      expect((await outboxEvents(spec.bed.service, 'legal.lock.changed', caseId)).map((event) => event.payload.data)).toEqual([
        { returnLocked: true, consularContactLocked: true, reasons: ['FEAR_OF_RETURN'], bestInterestsRecommendsReturn: false },
        { returnLocked: false, consularContactLocked: false, reasons: [], bestInterestsRecommendsReturn: false },
      ]);
      expect(await spec.bed.service.dataSource.query(`SELECT cause FROM inform_duty WHERE case_id = $1 AND discharged_at IS NULL AND topic = 'RIGHTS'`, [caseId])).toEqual([
        { cause: 'FEAR_LIFTED' },
      ]);
    });
  });

  describe('LM-16, GD-04: no PAM resolution while the child is owed an explanation', () => {
    it('refuses while the RIGHTS, Procuraduría-notification and DIF-channelling duties are open, naming them, and resolves once the child was told', async () => {
      const call = setup(spec.bed, spec.officer);
      const caseId = await spec.bed.register();
      const channelled = await spec.bed.publish(channelledToDifV1, caseId, 'CHP', {
        channelledAt: new Date().toISOString(),
        facilityType: 'DIF_SHELTER',
        protectionMeasureIssued: true,
        minutesSinceDetection: 120,
      });
      await waitFor('the hand-over to DIF applied', async () => (await spec.bed.service.dataSource.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [channelled.id])).length === 1);
      await call(caseId, 'POST', 'procedure/open');
      await call(caseId, 'POST', 'best-interests', plan('HUMANITARIAN_REGULARISATION'));
      for (const item of DUE_PROCESS_ITEMS) await call(caseId, 'PUT', `procedure/checklist/${item}`, evidence());
      await call(caseId, 'POST', 'information-sessions', session('MIGRATION_PROCEDURE'));
      const resolve = () =>
        spec.bed.service.request('POST', `/v1/cases/${caseId}/procedure/resolution`, { token: spec.officer, body: { resolution: 'REGULARIZED_HUMANITARIAN', impactAssessment: IMPACT } });

      const refused = await resolve();
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'CHILD_NOT_INFORMED', rule: 'LM-16' });
      expect(refused.body.detail).toContain('DIF_CHANNELLING, PROCURADURIA_NOTIFICATION, RIGHTS');
      expect(refused.body.errors.map((error: { field: string }) => error.field)).toEqual([
        'informationSessions.DIF_CHANNELLING',
        'informationSessions.PROCURADURIA_NOTIFICATION',
        'informationSessions.RIGHTS',
      ]);
      for (const topic of ['DIF_CHANNELLING', 'PROCURADURIA_NOTIFICATION', 'RIGHTS'] as const) await call(caseId, 'POST', 'information-sessions', session(topic));

      // A later change opens a duty again: refused until that one is discharged too.
      await call(caseId, 'POST', 'protection/need', { source: 'OFFICER' });
      const reopened = await resolve();
      expect(reopened.body).toMatchObject({ code: 'CHILD_NOT_INFORMED', rule: 'LM-16', errors: [expect.objectContaining({ field: 'informDuties.RIGHTS', rule: 'discharged' })] });
      await call(caseId, 'POST', 'information-sessions', session('RIGHTS'));
      expect((await resolve()).status).toBe(200);
    });
  });

  describe('INF-02: who was present, how the session was made accessible, whether hearing the child was appropriate', () => {
    const post = (caseId: string, body: unknown) => spec.bed.service.request('POST', `/v1/cases/${caseId}/information-sessions`, { token: spec.officer, body });

    it('refuses a session that does not say who was present or whether a hearing was appropriate, naming the field and INF-02, with nothing written', async () => {
      const caseId = await spec.bed.register();
      const before = [await spec.bed.service.count('information_session'), await spec.bed.service.count('outbox')];
      for (const field of ['personsPresent', 'accessibilityAdaptations', 'hearingAppropriate', 'hearingAppropriatenessReason']) {
        const refused = await post(caseId, session('RIGHTS', { [field]: undefined }));
        expect(refused.status).toBe(400);
        expect(refused.headers.get('content-type')).toContain('application/problem+json');
        expect(refused.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.stringContaining('INF-02') })]));
      }
      const nobody = await post(caseId, session('RIGHTS', { personsPresent: [] }));
      expect(nobody.body.errors).toEqual([expect.objectContaining({ field: 'personsPresent', message: expect.stringContaining('INF-02') })]);
      const unknownRole = await post(caseId, session('RIGHTS', { personsPresent: [{ role: 'SMUGGLER', person: 'x' }] }));
      expect(unknownRole.status).toBe(400);
      expect(unknownRole.body.errors[0].field).toBe('personsPresent.0.role');
      expect([await spec.bed.service.count('information_session'), await spec.bed.service.count('outbox')]).toEqual(before);
    });

    it('keeps who was present, the adaptations and the hearing assessment (its reasons sealed), flags a long session and publishes whether a hearing was appropriate', async () => {
      const caseId = await spec.bed.register({ ageBand: '0-11' });
      const notHeard = {
        personsPresent: [
          { role: 'OPI', person: 'opi-chp-0042' },
          { role: 'CARER', person: 'Tía (cuidadora habitual)' },
        ],
        accessibilityAdaptations: ['PLAY_MATERIALS', 'BREAKS'],
        hearingAppropriate: false,
        hearingAppropriatenessReason: 'Tiene tres años: se le explicó con juegos; se escuchó a su tía',
        durationMinutes: 90,
      };
      const recorded = await post(caseId, session('RIGHTS', notHeard));
      expect(recorded.status).toBe(201);
      expect(recorded.body.informationSessions).toEqual([expect.objectContaining({ ...notHeard, durationAboveLimit: true })]);
      const [row] = await spec.bed.service.dataSource.query(`SELECT hearing_appropriateness_reason FROM information_session WHERE case_id = $1`, [caseId]);
      expect(row.hearing_appropriateness_reason).not.toContain('tres años');
      const [event] = await outboxEvents(spec.bed.service, 'legal.child.informed', caseId);
      expect(event.payload.data).toMatchObject({ topic: 'RIGHTS', hearingAppropriate: false });
      expect(Object.keys(event.payload.data as object).sort()).toEqual(Object.keys(childInformedV1.example).sort());
    });
  });
});
