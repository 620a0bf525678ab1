import 'reflect-metadata';

import { memberFlaggedV1 } from '@opis/contracts-family-contact';
import { caseUpdatedV1, CaseUpdatedV1 } from '@opis/contracts-intake';
import { addCalendarDays, mexicoCityDate } from '@opis/platform';
import { waitFor } from '@opis/testing';

import { DeadlineScanner } from '../../src/deadlines/deadline-scanner.service';
import { plan, resolvedForReturn, session, setup } from './legal-fixtures';
import { auditTrail, legalStatusSpec, outboxEvents, registeredSample } from './legal-harness';

/** Issue 18: the child's standing as legal-status holds it: the humanitarian stay, coming of age, and case status as the one answer. */
describe('legal-status: the legal flow (issue 18), the child’s standing', () => {
  const spec = legalStatusSpec('legal-standing');

  const status = (caseId: string) => spec.bed.caseStatus(caseId, spec.service) as Promise<Record<string, unknown>>;
  const claim = { filedAt: new Date(Date.now() - 60_000).toISOString(), representative: 'Lic. R. Pérez', interpreterId: 'int-quc-7' };

  describe('LM-17, RLM-05: the grounds of a foreign child’s humanitarian stay (VRH)', () => {
    const screening = (traffickingIndicators: boolean) => ({ ...registeredSample().screening, traffickingIndicators });
    const grounds = async (caseId: string) =>
      ((await spec.bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: spec.officer })).body.vrh as Array<{ type: string; source: string; endedAt: string | null }>).map(
        (ground) => [ground.type, ground.source, ground.endedAt === null],
      ).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    const vrhEvents = async (caseId: string) => (await outboxEvents(spec.bed.service, 'legal.vrh.changed', caseId)).map((event) => event.payload.data as { vrhType: string; active: boolean });

    it('holds a possible victim of trafficking as VICTIMA_TESTIGO from intake’s screening, at registration or in a later correction, and keeps it when the flag is cleared', async () => {
      const atRegistration = await spec.bed.register({ screening: screening(true) });
      expect(await grounds(atRegistration)).toEqual([
        ['NNA', 'REGISTRATION', true],
        ['VICTIMA_TESTIGO', 'SCREENING', true],
      ]);
      expect(await vrhEvents(atRegistration)).toEqual([expect.objectContaining({ vrhType: 'VICTIMA_TESTIGO', active: true })]);

      const later = await spec.bed.register();
      expect(await grounds(later)).toEqual([['NNA', 'REGISTRATION', true]]);
      const correction = (traffickingIndicators: boolean): CaseUpdatedV1 => ({
        ...caseUpdatedV1.example,
        ageBand: '12-17',
        screening: { ...caseUpdatedV1.example.screening, protectionNeedIndicated: false, traffickingIndicators },
        changedFields: ['screening.traffickingIndicators'],
      });
      const flagged = await spec.bed.publish(caseUpdatedV1, later, 'CHP', correction(true));
      const cleared = await spec.bed.publish(caseUpdatedV1, later, 'CHP', correction(false));
      await waitFor('both corrections applied', async () => (await spec.bed.service.dataSource.query(`SELECT 1 FROM inbox WHERE event_id = ANY($1::uuid[])`, [[flagged.id, cleared.id]])).length === 2);
      expect(await grounds(later)).toEqual([
        ['NNA', 'REGISTRATION', true],
        ['VICTIMA_TESTIGO', 'SCREENING', true],
      ]);
      expect(await vrhEvents(later)).toHaveLength(1);
    });

    it('holds a claimant as SOLICITANTE until the claim is resolved, and gives a Mexican child no visitor’s grounds', async () => {
      const call = setup(spec.bed, spec.officer);
      const caseId = await spec.bed.register();
      await call(caseId, 'POST', 'protection/claim', claim);
      expect(await grounds(caseId)).toEqual([
        ['NNA', 'REGISTRATION', true],
        ['SOLICITANTE', 'CLAIM', true],
      ]);
      await call(caseId, 'POST', 'protection/withdrawal', { withdrawnAt: new Date().toISOString(), procuraduriaRepresentative: 'Lic. R. Pérez', childViews: 'Quiero volver con mi abuela' });
      expect(await grounds(caseId)).toEqual([
        ['NNA', 'REGISTRATION', true],
        ['SOLICITANTE', 'CLAIM', false],
      ]);
      expect(await vrhEvents(caseId)).toEqual([expect.objectContaining({ vrhType: 'SOLICITANTE', active: true }), expect.objectContaining({ vrhType: 'SOLICITANTE', active: false })]);

      const mexican = await spec.bed.register({ nationality: 'MX', countryOfResidence: 'MX', entryPath: 'RETURNED_FROM_USA', screening: screening(true) });
      expect(await grounds(mexican)).toEqual([]);
      expect(await vrhEvents(mexican)).toEqual([]);
    });
  });

  describe('DOMAIN.md 3.4, GD-12: a child who turns 18 during the case', () => {
    const comingOfAge = (caseId: string, body: unknown) => spec.bed.service.request('PUT', `/v1/cases/${caseId}/coming-of-age`, { token: spec.officer, body });
    const reviewEvents = async (caseId: string) => (await outboxEvents(spec.bed.service, 'legal.record.review-flagged', caseId)).map((event) => event.payload.data);

    it('flags the record for review on the 18th birthday, once, and every protection already triggered stays', async () => {
      const caseId = await spec.bed.register();
      await setup(spec.bed, spec.officer)(caseId, 'POST', 'protection/claim', claim);
      const birthday = addCalendarDays(mexicoCityDate(new Date()), 10);
      const recorded = await comingOfAge(caseId, { turnsEighteenOn: birthday, basis: 'DOCUMENTED' });
      expect(recorded.status).toBe(200);
      expect(recorded.body.ageReview).toEqual({ turnsEighteenOn: birthday, basis: 'DOCUMENTED', flaggedAt: null });

      const scanner = spec.bed.service.app.get(DeadlineScanner);
      await scanner.runOnce(new Date(`${addCalendarDays(birthday, -1)}T18:00:00Z`));
      expect(await reviewEvents(caseId)).toEqual([]);
      await scanner.runOnce(new Date(`${birthday}T18:00:00Z`));
      await scanner.runOnce(new Date(`${birthday}T19:00:00Z`));
      // Never the date in the event: it is a date of birth.
      expect(await reviewEvents(caseId)).toEqual([{ reason: 'TURNED_EIGHTEEN' }]);
      const view = (await spec.bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: spec.officer })).body;
      expect(view.ageReview.flaggedAt).toEqual(expect.any(String));
      expect(view).toMatchObject({ protection: { status: 'CLAIM_PENDING' }, lock: { returnLocked: true, reasons: ['CLAIM_PENDING'] } });
      expect(view.vrh.map((ground: { type: string; endedAt: string | null }) => [ground.type, ground.endedAt])).toEqual(
        expect.arrayContaining([
          ['NNA', null],
          ['SOLICITANTE', null],
        ]),
      );
      await expect(status(caseId)).resolves.toMatchObject({ returnLocked: true, consularContactLocked: true, protectionClaimed: true });
    });

    it('flags at once a birthday already passed, and refuses one before detection as GD-12 and a malformed one as 400', async () => {
      const caseId = await spec.bed.register({ detectedAt: new Date(Date.now() - 20 * 86_400_000).toISOString() });
      const today = await comingOfAge(caseId, { turnsEighteenOn: mexicoCityDate(new Date(Date.now() - 3 * 86_400_000)), basis: 'DECLARED' });
      expect(today.body.ageReview.flaggedAt).toEqual(expect.any(String));
      expect(await reviewEvents(caseId)).toEqual([{ reason: 'TURNED_EIGHTEEN' }]);
      expect(await auditTrail(spec.bed.service, caseId, 'coming-of-age.record')).toEqual([{ outcome: 'allowed', reason: null }]);

      const other = await spec.bed.register();
      const before = await spec.bed.service.count('outbox');
      const adult = await comingOfAge(other, { turnsEighteenOn: '2020-01-01', basis: 'DOCUMENTED' });
      expect(adult.body).toMatchObject({ status: 422, code: 'COMING_OF_AGE_IMPOSSIBLE', rule: 'GD-12', errors: [expect.objectContaining({ field: 'turnsEighteenOn' })] });
      const malformed = await comingOfAge(other, { turnsEighteenOn: 'next year', basis: 'GUESSED' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['basis', 'turnsEighteenOn']);
      expect(await spec.bed.service.count('outbox')).toBe(before);
      expect((await spec.bed.service.request('GET', `/v1/cases/${other}/legal`, { token: spec.officer })).body.ageReview).toBeNull();
    });
  });

  describe('issue 18 item 12: case status is the one answer, and legal-status’s own record shows the same values', () => {
    type Summary = { id: string; type: string; documentReference: string | null; recommendedMeasure: string | null; decidedAt: string };
    /** The case-status reply, checked field by field against the record's HTTP view read at the same state. */
    const sameAnswer = async (caseId: string) => {
      const reply = await status(caseId);
      const view = (await spec.bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: spec.officer })).body;
      expect(reply).toEqual({
        caseId,
        returnLocked: view.lock.returnLocked,
        consularContactLocked: view.lock.consularContactLocked,
        reasons: view.lock.reasons,
        protectionStatus: view.protection.status,
        protectionClaimed: view.lock.protectionClaimed,
        bestInterestsRecommendsReturn: view.lock.bestInterestsRecommendsReturn,
        assistedReturnResolved: view.lock.assistedReturnResolved,
        // The PAM's standing resolution, while it stands (not under review).
        ...(view.procedure.status === 'RESOLVED' && view.procedure.resolution ? { procedureResolution: view.procedure.resolution } : {}),
        bestInterests: (view.bestInterests as Summary[])
          .slice()
          .reverse()
          .map((bi) => ({
            id: bi.id,
            type: bi.type,
            ...(bi.documentReference ? { documentReference: bi.documentReference } : {}),
            ...(bi.recommendedMeasure ? { recommendedMeasure: bi.recommendedMeasure } : {}),
            decidedAt: bi.decidedAt,
          })),
        asOf: view.lock.asOf,
      });
      return reply;
    };

    it('agrees through a need, a claim with fear, a withdrawal awaiting a fresh determination and a fresh plan for return', async () => {
      const call = setup(spec.bed, spec.officer);
      const caseId = await spec.bed.register();
      expect(await sameAnswer(caseId)).toMatchObject({ protectionStatus: 'NOT_ASSESSED', reasons: [], bestInterests: [] });

      const flagged = await spec.bed.publish(memberFlaggedV1, caseId, 'CHP', { ...memberFlaggedV1.example, flaggedAt: new Date().toISOString(), protectionConcern: 'PROTECTION_NEED' });
      await waitFor('the flag applied', async () => (await spec.bed.service.dataSource.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [flagged.id])).length === 1);
      expect(await sameAnswer(caseId)).toMatchObject({ protectionStatus: 'NEED_IDENTIFIED', reasons: ['NEED_FLAGGED'], consularContactLocked: true });

      await call(caseId, 'POST', 'protection/claim', claim);
      await call(caseId, 'POST', 'information-sessions', session('RIGHTS', { fearOfReturnExpressed: true }));
      await call(caseId, 'POST', 'best-interests', { ...plan('REFUGE'), type: 'BIA', documentReference: undefined });
      expect(await sameAnswer(caseId)).toMatchObject({ protectionStatus: 'CLAIM_PENDING', protectionClaimed: true, reasons: ['CLAIM_PENDING', 'FEAR_OF_RETURN'] });

      await spec.bed.service.request('POST', `/v1/cases/${caseId}/protection/fear-lifted`, {
        token: spec.supervisor,
        body: { decisionReference: 'PPNNA/CHP/RES/2026/302', decidedAt: new Date().toISOString(), official: 'Lic. Marta Ruiz', childViews: 'Ya no tengo miedo' },
      });
      await call(caseId, 'POST', 'protection/withdrawal', { withdrawnAt: new Date().toISOString(), procuraduriaRepresentative: 'Lic. R. Pérez', childViews: 'Quiero volver con mi abuela' });
      expect(await sameAnswer(caseId)).toMatchObject({ protectionStatus: 'WITHDRAWN', consularContactLocked: true, reasons: ['AWAITING_FRESH_BEST_INTERESTS'] });

      await call(caseId, 'POST', 'best-interests', plan('ASSISTED_RETURN', new Date()));
      const fresh = await sameAnswer(caseId);
      expect(fresh).toMatchObject({ returnLocked: false, consularContactLocked: false, bestInterestsRecommendsReturn: true });
      expect((fresh.bestInterests as Array<{ type: string }>).map((bi) => bi.type)).toEqual(['PLAN', 'BIA']);
    });

    it('agrees on a PAM resolved for return, and on the same PAM under review', async () => {
      const caseId = await spec.bed.register();
      await resolvedForReturn(spec.bed, spec.officer, caseId);
      expect(await sameAnswer(caseId)).toMatchObject({ assistedReturnResolved: true, returnLocked: false });
      await setup(spec.bed, spec.officer)(caseId, 'POST', 'procedure/review', { kind: 'AMPARO', filedAt: new Date().toISOString() });
      expect(await sameAnswer(caseId)).toMatchObject({ assistedReturnResolved: false });
    });
  });
});
