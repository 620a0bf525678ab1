import 'reflect-metadata';

import { DUE_PROCESS_ITEMS } from '@opis/contracts-legal-status';

import { InformOverdueScanner } from '../../src/informing/inform-overdue-scanner.service';
import { evidence, plan, session } from './legal-fixtures';
import { auditTrail, legalStatusSpec, outboxEvents } from './legal-harness';

/** The best-interests event counts the plan's urgent measures. */
const planWithUrgentMeasure = () => ({ ...plan('HUMANITARIAN_REGULARISATION'), urgentMeasures: ['Atención psicológica'] });

describe('legal-status: the migration procedure and informing the child', () => {
  const spec = legalStatusSpec('legal-procedure');

  const post = (caseId: string, path: string, body: unknown = {}, token = spec.officer) =>
    spec.bed.service.request('POST', `/v1/cases/${caseId}/${path}`, { token, body });
  const written = async () => [await spec.bed.service.count('outbox'), await spec.bed.service.count('due_process_item'), await spec.bed.service.count('best_interests_record')];

  describe('the migration procedure (DOMAIN.md 4.4 a)', () => {
    it('refuses to open before the Procuraduría notification (LM-05), audited, nothing written', async () => {
      const caseId = await spec.bed.register({ notified: false });
      const before = await written();
      const refused = await post(caseId, 'procedure/open');
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'PROCURADURIA_NOT_NOTIFIED', rule: 'LM-05' });
      expect(await written()).toEqual(before);
      expect(await auditTrail(spec.bed.service, caseId, 'procedure.open')).toEqual([{ outcome: 'refused', reason: 'PROCURADURIA_NOT_NOTIFIED LM-05' }]);
    });

    it('resolves only with the plan, the GD-04 checklist, the child informed, and the plan’s measure or a supervisor’s override', async () => {
      const caseId = await spec.bed.register();
      expect((await post(caseId, 'procedure/open')).body.procedure.status).toBe('PAM_OPEN');
      expect((await post(caseId, 'procedure/open')).status).toBe(409);
      expect((await post(caseId, 'procedure/plan-request')).body.procedure.status).toBe('AWAITING_PLAN');

      const noPlan = await post(caseId, 'procedure/resolution', { resolution: 'REGULARIZED_HUMANITARIAN' });
      expect(noPlan.status).toBe(422);
      expect(noPlan.body.rule).toBe('LM-06');

      const incompletePlan = await post(caseId, 'best-interests', { ...planWithUrgentMeasure(), documentReference: undefined });
      expect(incompletePlan.status).toBe(422);
      expect(incompletePlan.body).toMatchObject({ code: 'PLAN_INCOMPLETE', rule: 'LM-06' });
      const recorded = await post(caseId, 'best-interests', planWithUrgentMeasure());
      expect(recorded.status).toBe(201);
      expect(recorded.body.procedure.status).toBe('PLAN_RECEIVED');
      expect((await outboxEvents(spec.bed.service, 'legal.best-interests.recorded', caseId))[0].payload.data).toEqual({
        recordType: 'PLAN',
        recommendedMeasure: 'HUMANITARIAN_REGULARISATION',
        urgentMeasures: 1,
        decidedAt: expect.any(String),
      });

      const open = await post(caseId, 'procedure/resolution', { resolution: 'REGULARIZED_HUMANITARIAN' });
      expect(open.status).toBe(422);
      expect(open.body).toMatchObject({ code: 'DUE_PROCESS_INCOMPLETE', rule: 'GD-04' });
      expect(open.body.errors).toHaveLength(DUE_PROCESS_ITEMS.length);

      const waiver = await spec.bed.service.request('PUT', `/v1/cases/${caseId}/procedure/checklist/INTERPRETER`, {
        token: spec.officer,
        body: { ...evidence(), notApplicable: true, notApplicableReason: 'Habla algo de español' },
      });
      expect(waiver.status).toBe(422);
      expect(waiver.body.rule).toBe('LM-18');
      for (const item of DUE_PROCESS_ITEMS) {
        const put = await spec.bed.service.request('PUT', `/v1/cases/${caseId}/procedure/checklist/${item}`, { token: spec.officer, body: evidence() });
        expect(put.status).toBe(200);
      }
      const uninformed = await post(caseId, 'procedure/resolution', { resolution: 'REGULARIZED_HUMANITARIAN' });
      expect(uninformed.body).toMatchObject({ code: 'CHILD_NOT_INFORMED', rule: 'LM-16' });

      const noInterpreter = await post(caseId, 'information-sessions', session('MIGRATION_PROCEDURE', { interpreterId: undefined }));
      expect(noInterpreter.status).toBe(422);
      expect(noInterpreter.body.rule).toBe('LM-18');
      expect((await post(caseId, 'information-sessions', session('MIGRATION_PROCEDURE'))).status).toBe(201);
      const owed = await post(caseId, 'procedure/resolution', { resolution: 'REGULARIZED_HUMANITARIAN' });
      expect(owed.body).toMatchObject({ code: 'CHILD_NOT_INFORMED', rule: 'LM-16' });
      expect(owed.body.detail).toContain('PROCURADURIA_NOTIFICATION, RIGHTS');
      for (const topic of ['RIGHTS', 'PROCURADURIA_NOTIFICATION'] as const) expect((await post(caseId, 'information-sessions', session(topic))).status).toBe(201);

      const detained = await post(caseId, 'procedure/resolution', { resolution: 'DETAINED' });
      expect(detained.status).toBe(422);
      expect(detained.body).toMatchObject({ code: 'CUSTODIAL_STATE_REFUSED', rule: 'LM-10' });
      const unknown = await post(caseId, 'procedure/resolution', { resolution: 'SOMETHING_ELSE' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors[0].message).toContain('LM-10');

      const mismatch = await post(caseId, 'procedure/resolution', { resolution: 'REUNIFICATION_IN_MEXICO' });
      expect(mismatch.body).toMatchObject({ code: 'RESOLUTION_DOES_NOT_MATCH_PLAN', rule: 'LM-06' });
      const notSupervisor = await post(caseId, 'procedure/resolution', { resolution: 'REUNIFICATION_IN_MEXICO', override: { reason: 'La tía en Tapachula fue verificada por DIF' } });
      expect(notSupervisor.body.code).toBe('OVERRIDE_NOT_SUPERVISOR');
      const override = { reason: 'La tía en Tapachula fue verificada por DIF' };
      const unweighed = await post(caseId, 'procedure/resolution', { resolution: 'REUNIFICATION_IN_MEXICO', override }, spec.supervisor);
      expect(unweighed.body).toMatchObject({ status: 422, code: 'IMPACT_ASSESSMENT_MISSING', rule: 'GD-02', errors: [expect.objectContaining({ field: 'impactAssessment' })] });
      const before = await written();
      const impactAssessment = 'Vivir con su tía en Tapachula la mantiene en la escuela; se revisa en tres meses';
      const overridden = await post(caseId, 'procedure/resolution', { resolution: 'REUNIFICATION_IN_MEXICO', override, impactAssessment }, spec.supervisor);
      expect(overridden.status).toBe(200);
      expect(overridden.body.procedure).toMatchObject({
        status: 'RESOLVED',
        resolution: 'REUNIFICATION_IN_MEXICO',
        overriddenBy: 'supervisor-CHP',
        overrideReason: override.reason,
        impactAssessment,
        planId: expect.any(String),
      });
      // The office's supervisors list it, with who and why; another office's do not; an spec.officer may not list.
      const listed = await spec.bed.service.request('GET', '/v1/procedure-overrides', { token: spec.supervisor });
      expect(listed.status).toBe(200);
      expect(listed.body.items).toContainEqual(
        expect.objectContaining({ caseId, resolution: 'REUNIFICATION_IN_MEXICO', overriddenBy: 'supervisor-CHP', overrideReason: override.reason }),
      );
      const elsewhere = await spec.bed.service.request('GET', '/v1/procedure-overrides', { token: await spec.bed.service.token(['supervisor'], ['TAB']) });
      expect(elsewhere.body.items.map((item: { caseId: string }) => item.caseId)).not.toContain(caseId);
      expect((await spec.bed.service.request('GET', '/v1/procedure-overrides', { token: spec.officer })).status).toBe(403);
      const [sealed] = await spec.bed.service.dataSource.query(`SELECT procedure_impact_assessment FROM legal_record WHERE case_id = $1`, [caseId]);
      expect(sealed.procedure_impact_assessment).not.toContain('Tapachula');
      expect(await written()).not.toEqual(before);
      const changes = await outboxEvents(spec.bed.service, 'legal.procedure.changed', caseId);
      expect(changes.at(-1)?.payload.data).toEqual({ status: 'RESOLVED', previousStatus: 'PLAN_RECEIVED', resolution: 'REUNIFICATION_IN_MEXICO', overridden: true, stayStatus: 'VRH_CAUTELAR' });
      expect((await auditTrail(spec.bed.service, caseId, 'procedure.resolve')).map((entry) => entry.reason)).toEqual([
        'PLAN_MISSING LM-06',
        'DUE_PROCESS_INCOMPLETE GD-04',
        'CHILD_NOT_INFORMED LM-16',
        'CHILD_NOT_INFORMED LM-16',
        'CUSTODIAL_STATE_REFUSED LM-10',
        'RESOLUTION_DOES_NOT_MATCH_PLAN LM-06',
        'OVERRIDE_NOT_SUPERVISOR LM-06',
        'IMPACT_ASSESSMENT_MISSING GD-02',
        null,
      ]);
    });
  });


  describe('informing the child (LM-16, INF-01, INV-11)', () => {
    it('raises one overdue event per duty to inform, and a session on the topic discharges it', async () => {
      const caseId = await spec.bed.register();
      const duties = (await spec.bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: spec.officer })).body.informDuties;
      expect(duties.map((duty: { topic: string }) => duty.topic).sort()).toEqual(['PROCURADURIA_NOTIFICATION', 'RIGHTS']);
      await post(caseId, 'information-sessions', session('RIGHTS'));
      const scanner = spec.bed.service.app.get(InformOverdueScanner);
      const later = new Date(Date.now() + 25 * 3_600_000);
      await scanner.runOnce(later);
      await scanner.runOnce(later);
      const overdue = await outboxEvents(spec.bed.service, 'legal.inform.overdue', caseId);
      expect(overdue.map((event) => (event.payload.data as { topic: string }).topic)).toEqual(['PROCURADURIA_NOTIFICATION']);
      expect((await outboxEvents(spec.bed.service, 'legal.child.informed', caseId))[0].payload.data).toMatchObject({ topic: 'RIGHTS', language: 'quc', interpreterUsed: true, dutiesDischarged: 1 });
    });

    it('serves the age-banded texts in Spanish and English, and an administrator adds a language', async () => {
      const all = await spec.bed.service.request('GET', '/v1/explanations', { token: spec.officer });
      expect(all.body).toMatchObject({ nextCursor: null });
      expect(all.body.items).toHaveLength(30);
      const one = await spec.bed.service.request('GET', '/v1/explanations?topic=MIGRATION_PROCEDURE&ageBand=6-11&lang=spa', { token: spec.officer });
      expect(one.body).toEqual({ items: [expect.objectContaining({ topic: 'MIGRATION_PROCEDURE', ageBand: '6-11', lang: 'spa', title: 'Papeles para estar en México' })], nextCursor: null });
      expect((await spec.bed.service.request('GET', '/v1/explanations?lang=spanish', { token: spec.officer })).status).toBe(400);
      const body = { title: 'Ri awujil', body: 'Xa jun kʼutbʼal: ri kʼaslemal rech ri akʼal, kʼo uchuqʼabʼ.' };
      expect((await spec.bed.service.request('PUT', '/v1/explanations/RIGHTS/6-11/quc', { token: spec.officer, body })).status).toBe(403);
      expect((await spec.bed.service.request('PUT', '/v1/explanations/RIGHTS/6-11/quc', { token: await spec.bed.service.token(['office-admin'], ['CHP']), body })).status).toBe(403);
      const put = await spec.bed.service.request('PUT', '/v1/explanations/RIGHTS/6-11/quc', { token: await spec.bed.service.token(['national-admin'], []), body });
      expect(put.status).toBe(200);
      expect((await spec.bed.service.request('GET', '/v1/explanations?lang=quc', { token: spec.officer })).body.items).toHaveLength(1);
    });
  });
});
