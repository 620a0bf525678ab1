import 'reflect-metadata';

import { DUE_PROCESS_ITEMS } from '@opis/contracts-legal-status';

import { participation } from './legal-fixtures';
import { LegalTestBed, registeredSample, startLegalStatus } from './legal-harness';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const evidence = { completedAt: minutesAgo(1), documentReference: 'INM/CHP/2026/0042', person: 'opi-chp-0042' };
const representative = 'Lic. R. Pérez (PPNNA)';
const claim = { filedAt: minutesAgo(1), representative, interpreterId: 'int-quc-7' };
const plan = (measure: string, extra: Record<string, unknown> = {}) => ({
  type: 'PLAN',
  author: 'Lic. Procuraduría Chiapas',
  decidedAt: minutesAgo(1),
  optionsConsidered: ['HUMANITARIAN_REGULARISATION', 'ASSISTED_RETURN', 'REFUGE'],
  childViews: 'Quiero quedarme en México y estudiar',
  recommendedMeasure: measure,
  documentReference: 'PPNNA/CHP/PR/2026/77',
  ...extra,
});
const session = (topic: string, extra: Record<string, unknown> = {}) => ({
  topic,
  heldAt: minutesAgo(1),
  language: 'quc',
  interpreterId: 'int-quc-7',
  materialUsed: 'Texto 12-17 leído en voz alta',
  understanding: 'Entendió que puede quedarse mientras se decide',
  ...participation,
  ...extra,
});

type Fixture =
  | 'notNotified'
  | 'notified'
  | 'flaggedPamOpen'
  | 'pamOpen'
  | 'planReceived'
  | 'checklistDone'
  | 'readyToResolve'
  | 'dutyOpenReady'
  | 'returnLockedReady'
  | 'lateEntry'
  | 'claimPending'
  | 'extended'
  | 'denied';

interface Refusal {
  guard: string;
  fixture: Fixture;
  method?: 'POST' | 'PUT';
  path: string;
  body?: Record<string, unknown>;
  asSupervisor?: boolean;
  status: 409 | 422;
  code: string;
  rule: string;
  action: string;
}

/** Every guard of DOMAIN.md 4.4 (a), (b), best interests and informing, refused as its rule. */
const REFUSALS: Refusal[] = [
  // The migration procedure (PAM)
  { guard: 'PAM open before the Procuraduría notification', fixture: 'notNotified', path: 'procedure/open', status: 422, code: 'PROCURADURIA_NOT_NOTIFIED', rule: 'LM-05', action: 'procedure.open' },
  { guard: 'PAM opened at a time before the notification', fixture: 'notified', path: 'procedure/open', body: { openedAt: minutesAgo(90) }, status: 422, code: 'OPENED_BEFORE_NOTIFICATION', rule: 'LM-05', action: 'procedure.open' },
  { guard: 'PAM opened twice', fixture: 'pamOpen', path: 'procedure/open', status: 409, code: 'PROCEDURE_STATE', rule: 'LM-05', action: 'procedure.open' },
  { guard: 'plan requested before the PAM opens', fixture: 'notified', path: 'procedure/plan-request', status: 409, code: 'PROCEDURE_STATE', rule: 'GD-13', action: 'procedure.request-plan' },
  { guard: 'checklist evidence before the PAM opens', fixture: 'notified', method: 'PUT', path: 'procedure/checklist/LAWYER', body: evidence, status: 409, code: 'PROCEDURE_STATE', rule: 'GD-04', action: 'procedure.checklist' },
  { guard: 'a guarantee every child has waived', fixture: 'pamOpen', method: 'PUT', path: 'procedure/checklist/LAWYER', body: { ...evidence, notApplicable: true, notApplicableReason: 'No se consiguió abogado' }, status: 422, code: 'NOT_APPLICABLE_REFUSED', rule: 'GD-04', action: 'procedure.checklist' },
  { guard: 'the interpreter waived for a child who does not speak Spanish', fixture: 'pamOpen', method: 'PUT', path: 'procedure/checklist/INTERPRETER', body: { ...evidence, notApplicable: true, notApplicableReason: 'Habla algo de español' }, status: 422, code: 'NOT_APPLICABLE_REFUSED', rule: 'LM-18', action: 'procedure.checklist' },
  { guard: 'consular access met while the protection lock holds', fixture: 'flaggedPamOpen', method: 'PUT', path: 'procedure/checklist/CONSULAR_ACCESS', body: evidence, status: 422, code: 'CONSULAR_ACCESS_LOCKED', rule: 'INV-06', action: 'procedure.checklist' },
  { guard: 'resolution of a procedure that is not open', fixture: 'notified', path: 'procedure/resolution', body: { resolution: 'REGULARIZED_HUMANITARIAN' }, status: 409, code: 'PROCEDURE_STATE', rule: 'LM-06', action: 'procedure.resolve' },
  { guard: 'resolution without a plan de restitución', fixture: 'pamOpen', path: 'procedure/resolution', body: { resolution: 'REGULARIZED_HUMANITARIAN' }, status: 422, code: 'PLAN_MISSING', rule: 'LM-06', action: 'procedure.resolve' },
  { guard: 'resolution with the GD-04 checklist incomplete', fixture: 'planReceived', path: 'procedure/resolution', body: { resolution: 'REGULARIZED_HUMANITARIAN' }, status: 422, code: 'DUE_PROCESS_INCOMPLETE', rule: 'GD-04', action: 'procedure.resolve' },
  { guard: 'resolution before the child was informed', fixture: 'checklistDone', path: 'procedure/resolution', body: { resolution: 'REGULARIZED_HUMANITARIAN' }, status: 422, code: 'CHILD_NOT_INFORMED', rule: 'LM-16', action: 'procedure.resolve' },
  { guard: 'resolution while a duty to inform the child is open', fixture: 'dutyOpenReady', path: 'procedure/resolution', body: { resolution: 'REGULARIZED_HUMANITARIAN' }, status: 422, code: 'CHILD_NOT_INFORMED', rule: 'LM-16', action: 'procedure.resolve' },
  { guard: 'resolution other than the plan’s, without override', fixture: 'readyToResolve', path: 'procedure/resolution', body: { resolution: 'REUNIFICATION_IN_MEXICO' }, status: 422, code: 'RESOLUTION_DOES_NOT_MATCH_PLAN', rule: 'LM-06', action: 'procedure.resolve' },
  { guard: 'an override signed by an officer', fixture: 'readyToResolve', path: 'procedure/resolution', body: { resolution: 'REUNIFICATION_IN_MEXICO', override: { reason: 'La tía en Tapachula fue verificada por DIF' } }, status: 422, code: 'OVERRIDE_NOT_SUPERVISOR', rule: 'LM-06', action: 'procedure.resolve' },
  { guard: 'a resolution without its impact assessment', fixture: 'readyToResolve', path: 'procedure/resolution', body: { resolution: 'REGULARIZED_HUMANITARIAN' }, status: 422, code: 'IMPACT_ASSESSMENT_MISSING', rule: 'GD-02', action: 'procedure.resolve' },
  { guard: 'a custodial resolution (presented)', fixture: 'readyToResolve', path: 'procedure/resolution', body: { resolution: 'PRESENTED' }, asSupervisor: true, status: 422, code: 'CUSTODIAL_STATE_REFUSED', rule: 'LM-10', action: 'procedure.resolve' },
  { guard: 'a custodial resolution (detenido)', fixture: 'notified', path: 'procedure/resolution', body: { resolution: 'DETENIDO' }, status: 422, code: 'CUSTODIAL_STATE_REFUSED', rule: 'LM-10', action: 'procedure.resolve' },
  { guard: 'assisted return while the return lock holds', fixture: 'returnLockedReady', path: 'procedure/resolution', body: { resolution: 'ASSISTED_RETURN_APPROVED' }, status: 422, code: 'RETURN_LOCKED', rule: 'INV-01', action: 'procedure.resolve' },
  { guard: 'review of a procedure not resolved', fixture: 'pamOpen', path: 'procedure/review', body: { kind: 'REVISION', filedAt: minutesAgo(1) }, status: 409, code: 'PROCEDURE_STATE', rule: 'GD-04', action: 'procedure.review' },
  // International protection (COMAR)
  { guard: 'a need identified while a claim is pending', fixture: 'claimPending', path: 'protection/need', body: { source: 'OFFICER' }, status: 409, code: 'PROTECTION_STATE', rule: 'GD-03', action: 'protection.need' },
  { guard: 'a claim without a representative', fixture: 'notified', path: 'protection/claim', body: { ...claim, representative: undefined }, status: 422, code: 'REPRESENTATIVE_REQUIRED', rule: 'IP-05', action: 'protection.claim' },
  { guard: 'a claim without an interpreter', fixture: 'notified', path: 'protection/claim', body: { ...claim, interpreterId: undefined }, status: 422, code: 'INTERPRETER_REQUIRED', rule: 'LM-18', action: 'protection.claim' },
  { guard: 'a late claim without the reasons for the delay', fixture: 'lateEntry', path: 'protection/claim', body: claim, status: 422, code: 'LATE_FILING_JUSTIFICATION_REQUIRED', rule: 'IP-01', action: 'protection.claim' },
  { guard: 'a second claim while one is pending', fixture: 'claimPending', path: 'protection/claim', body: claim, status: 409, code: 'PROTECTION_STATE', rule: 'IP-01', action: 'protection.claim' },
  { guard: 'COMAR’s notice without a claim', fixture: 'notified', path: 'protection/comar-notice', body: { at: minutesAgo(1) }, status: 409, code: 'PROTECTION_STATE', rule: 'IP-04', action: 'protection.comar-notice' },
  { guard: 'an extension without a claim', fixture: 'notified', path: 'protection/extension', body: { at: minutesAgo(1) }, status: 409, code: 'PROTECTION_STATE', rule: 'IP-03', action: 'protection.extension' },
  { guard: 'a second extension', fixture: 'extended', path: 'protection/extension', body: { at: minutesAgo(1) }, status: 409, code: 'EXTENSION_ALREADY_GRANTED', rule: 'IP-03', action: 'protection.extension' },
  { guard: 'a decision without a claim', fixture: 'notified', path: 'protection/decision', body: { decision: 'REFUGEE', decidedAt: minutesAgo(1) }, status: 409, code: 'PROTECTION_STATE', rule: 'IP-02', action: 'protection.decision' },
  { guard: 'an appeal of a claim not denied', fixture: 'claimPending', path: 'protection/appeal', body: { kind: 'REVISION', filedAt: minutesAgo(1) }, status: 409, code: 'PROTECTION_STATE', rule: 'IP-07', action: 'protection.appeal' },
  { guard: 'an appeal decision without an appeal', fixture: 'denied', path: 'protection/appeal-decision', body: { outcome: 'REFUGEE', decidedAt: minutesAgo(1) }, status: 409, code: 'PROTECTION_STATE', rule: 'IP-07', action: 'protection.appeal-decision' },
  { guard: 'the appeal window closed early', fixture: 'denied', path: 'protection/appeal-window-closed', status: 422, code: 'APPEAL_WINDOW_OPEN', rule: 'IP-07', action: 'protection.appeal-window-closed' },
  { guard: 'a withdrawal without the Procuraduría representative', fixture: 'claimPending', path: 'protection/withdrawal', body: { withdrawnAt: minutesAgo(1), childViews: 'Quiero volver con mi abuela' }, status: 422, code: 'WITHDRAWAL_SAFEGUARDS_MISSING', rule: 'INV-13', action: 'protection.withdrawal' },
  { guard: 'a withdrawal without the child’s views', fixture: 'claimPending', path: 'protection/withdrawal', body: { withdrawnAt: minutesAgo(1), procuraduriaRepresentative: representative }, status: 422, code: 'WITHDRAWAL_SAFEGUARDS_MISSING', rule: 'INV-13', action: 'protection.withdrawal' },
  { guard: 'a withdrawal with no claim', fixture: 'notified', path: 'protection/withdrawal', body: { withdrawnAt: minutesAgo(1), procuraduriaRepresentative: representative, childViews: 'Quiero volver' }, status: 409, code: 'PROTECTION_STATE', rule: 'INV-13', action: 'protection.withdrawal' },
  // Best interests and informing the child
  { guard: 'a plan without its document', fixture: 'notified', path: 'best-interests', body: plan('REFUGE', { documentReference: undefined }), status: 422, code: 'PLAN_INCOMPLETE', rule: 'LM-06', action: 'best-interests.record' },
  { guard: 'a BID without a panel', fixture: 'notified', path: 'best-interests', body: { ...plan('REFUGE'), type: 'BID' }, status: 422, code: 'PANEL_REQUIRED', rule: 'IP-09', action: 'best-interests.record' },
  { guard: 'a recommended measure not among the options', fixture: 'notified', path: 'best-interests', body: plan('REUNIFICATION_IN_MEXICO'), status: 422, code: 'OPTIONS_MISSING_RECOMMENDATION', rule: 'IP-09', action: 'best-interests.record' },
  { guard: 'a best-interests record without the child’s views', fixture: 'notified', path: 'best-interests', body: { ...plan('REFUGE'), type: 'BIA', childViews: undefined }, status: 422, code: 'CHILD_VIEWS_MISSING', rule: 'INF-04', action: 'best-interests.record' },
  { guard: 'a session without an interpreter', fixture: 'notified', path: 'information-sessions', body: session('RIGHTS', { interpreterId: undefined }), status: 422, code: 'INTERPRETER_REQUIRED', rule: 'LM-18', action: 'information-session.record' },
];

describe('legal-status refuses every guarded transition as its rule, audited, with nothing written', () => {
  let bed: LegalTestBed;
  let officer: string;
  let supervisor: string;
  const fixtures = new Map<Fixture, Promise<string>>();

  beforeAll(async () => {
    bed = await startLegalStatus('legal-refusals');
    officer = await bed.service.token(['officer'], ['CHP']);
    supervisor = await bed.service.token(['supervisor'], ['CHP'], 'supervisor-CHP');
  });

  afterAll(async () => {
    await bed?.close();
  });

  const post = async (caseId: string, path: string, body: unknown = {}, method: 'POST' | 'PUT' = 'POST') => {
    const response = await bed.service.request(method, `/v1/cases/${caseId}/${path}`, { token: officer, body });
    if (response.status >= 300) throw new Error(`setup ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return caseId;
  };
  const completeChecklist = async (caseId: string, consularNotApplicable = false) => {
    for (const item of DUE_PROCESS_ITEMS) {
      const waived = consularNotApplicable && item === 'CONSULAR_ACCESS';
      await post(caseId, `procedure/checklist/${item}`, waived ? { ...evidence, notApplicable: true, notApplicableReason: 'Contrario a su interés superior: necesidad de protección' } : evidence, 'PUT');
    }
    return caseId;
  };

  /** Sessions on every topic a resolution needs told (LM-16), after the procedure's own changes. */
  const informed = async (caseId: string) => {
    for (const topic of ['RIGHTS', 'PROCURADURIA_NOTIFICATION', 'MIGRATION_PROCEDURE']) await post(caseId, 'information-sessions', session(topic));
    return caseId;
  };

  /** Each refusal leaves its case as it was, so refusals share the cases they start from. */
  const arrange = (fixture: Fixture): Promise<string> => {
    const known = fixtures.get(fixture);
    if (known) return known;
    const made = (async (): Promise<string> => {
      switch (fixture) {
        case 'notNotified':
          return bed.register({ notified: false });
        case 'notified':
          return bed.register();
        case 'pamOpen':
          return post(await bed.register(), 'procedure/open');
        case 'flaggedPamOpen':
          return post(await bed.register({ screening: { ...registeredSample().screening, protectionNeedIndicated: true } }), 'procedure/open');
        case 'planReceived':
          return post(await post(await bed.register(), 'procedure/open'), 'best-interests', plan('HUMANITARIAN_REGULARISATION'));
        case 'checklistDone':
          return completeChecklist(await post(await post(await bed.register(), 'procedure/open'), 'best-interests', plan('HUMANITARIAN_REGULARISATION')));
        case 'readyToResolve': {
          const caseId = await post(await post(await bed.register(), 'procedure/open'), 'best-interests', plan('HUMANITARIAN_REGULARISATION'));
          return completeChecklist(await informed(caseId));
        }
        case 'dutyOpenReady': {
          const caseId = await post(await post(await bed.register(), 'procedure/open'), 'best-interests', plan('HUMANITARIAN_REGULARISATION'));
          await completeChecklist(await informed(caseId));
          // A need identified after the sessions: the child is to be told about their rights again (LM-16).
          return post(caseId, 'protection/need', { source: 'OFFICER' });
        }
        case 'returnLockedReady': {
          const caseId = await post(await bed.register(), 'procedure/open');
          await post(caseId, 'best-interests', plan('ASSISTED_RETURN'));
          await informed(caseId);
          await post(caseId, 'information-sessions', session('RETURN_PROCESS', { fearOfReturnExpressed: true }));
          return completeChecklist(caseId, true);
        }
        case 'lateEntry':
          return bed.register({ detectedAt: new Date(Date.now() - 90 * 86_400_000).toISOString() });
        case 'claimPending':
          return post(await bed.register(), 'protection/claim', claim);
        case 'extended':
          return post(await post(await bed.register(), 'protection/claim', claim), 'protection/extension', { at: minutesAgo(1) });
        case 'denied':
          return post(await post(await bed.register(), 'protection/claim', claim), 'protection/decision', { decision: 'DENIED', decidedAt: minutesAgo(1) });
      }
    })();
    fixtures.set(fixture, made);
    return made;
  };

  /** What a refusal must not change: the case's row, its related rows and the events. */
  const stateOf = async (caseId: string) => ({
    record: (await bed.service.dataSource.query(`SELECT row_to_json(r)::text AS row FROM legal_record r WHERE case_id = $1`, [caseId]))[0].row as string,
    counts: await Promise.all(
      ['outbox', 'due_process_item', 'best_interests_record', 'information_session', 'inform_duty'].map(async (table) => bed.service.count(table)),
    ),
  });
  const refusalsOf = async (caseId: string, action: string): Promise<Array<{ outcome: string; reason: string }>> =>
    bed.service.dataSource.query(`SELECT outcome, reason FROM audit_log WHERE case_id = $1 AND action = $2 AND outcome = 'refused' ORDER BY occurred_at, id`, [
      caseId,
      action,
    ]);

  it.each(REFUSALS)('$rule: $guard → $status $code', async (refusal) => {
    const caseId = await arrange(refusal.fixture);
    const before = await stateOf(caseId);
    const refusedBefore = await refusalsOf(caseId, refusal.action);

    const response = await bed.service.request(refusal.method ?? 'POST', `/v1/cases/${caseId}/${refusal.path}`, {
      token: refusal.asSupervisor ? supervisor : officer,
      body: refusal.body ?? {},
    });

    expect(response.status).toBe(refusal.status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: refusal.status, code: refusal.code, rule: refusal.rule });
    expect(await refusalsOf(caseId, refusal.action)).toEqual([...refusedBefore, { outcome: 'refused', reason: `${refusal.code} ${refusal.rule}` }]);
    expect(await stateOf(caseId)).toEqual(before);
  });
});
