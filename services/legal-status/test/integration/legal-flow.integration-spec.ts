import 'reflect-metadata';

import { evidence, plan, setup } from './legal-fixtures';
import { LegalTestBed, outboxEvents, startLegalStatus } from './legal-harness';

/** Issue 18: the legal flow joined up, as legal-status holds it. */
describe('legal-status: the legal flow (issue 18)', () => {
  let bed: LegalTestBed;
  let officer: string;
  let service: string;

  beforeAll(async () => {
    bed = await startLegalStatus('legal-flow');
    officer = await bed.service.token(['officer'], ['CHP']);
    service = await bed.service.token(['integration'], ['CHP'], 'svc-family-contact');
  });

  afterAll(async () => {
    await bed?.close();
  });

  const status = (caseId: string) => bed.caseStatus(caseId, service) as Promise<Record<string, unknown>>;
  const claim = { filedAt: new Date(Date.now() - 60_000).toISOString(), representative: 'Lic. R. Pérez', interpreterId: 'int-quc-7' };

  describe('RP-05, DOMAIN.md 4.4 b: no consulate after a final denial or a withdrawal until a fresh determination recommends return', () => {
    it('keeps consular contact locked after FINAL_DENIED, refuses consular access on the checklist, and unlocks only on a fresh plan for return', async () => {
      const call = setup(bed, officer);
      const caseId = await bed.register();
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

      const consular = await bed.service.request('PUT', `/v1/cases/${caseId}/procedure/checklist/CONSULAR_ACCESS`, {
        token: officer,
        body: { ...evidence(), person: 'Cónsul de Guatemala' },
      });
      expect(consular.status).toBe(422);
      expect(consular.body).toMatchObject({ code: 'CONSULAR_ACCESS_LOCKED', rule: 'INV-06' });

      // A fresh plan that does not recommend return leaves both locks.
      await call(caseId, 'POST', 'best-interests', plan('HUMANITARIAN_REGULARISATION', new Date()));
      await expect(status(caseId)).resolves.toMatchObject({ returnLocked: true, consularContactLocked: true, reasons: ['AWAITING_FRESH_BEST_INTERESTS'] });
      await call(caseId, 'POST', 'best-interests', plan('ASSISTED_RETURN', new Date()));
      await expect(status(caseId)).resolves.toMatchObject({ returnLocked: false, consularContactLocked: false, reasons: [], bestInterestsRecommendsReturn: true });
      expect((await outboxEvents(bed.service, 'legal.lock.changed', caseId)).map((event) => event.payload.data)).toEqual([
        { returnLocked: true, consularContactLocked: true, reasons: ['CLAIM_PENDING'], bestInterestsRecommendsReturn: false },
        { returnLocked: true, consularContactLocked: true, reasons: ['APPEAL_WINDOW'], bestInterestsRecommendsReturn: false },
        { returnLocked: true, consularContactLocked: true, reasons: ['APPEAL_PENDING'], bestInterestsRecommendsReturn: false },
        { returnLocked: true, consularContactLocked: true, reasons: ['AWAITING_FRESH_BEST_INTERESTS'], bestInterestsRecommendsReturn: false },
        { returnLocked: false, consularContactLocked: false, reasons: [], bestInterestsRecommendsReturn: true },
      ]);
    });
  });
});
