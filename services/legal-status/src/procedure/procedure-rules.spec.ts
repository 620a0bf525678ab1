import { DUE_PROCESS_ITEMS, DueProcessItem, InformTopic } from '@opis/contracts-legal-status';

import {
  assertCanOpen,
  assertCanRequestPlan,
  assertCanResolve,
  assertCanSeekReview,
  assertChecklistEntry,
  CUSTODIAL_STATES,
  ResolutionFacts,
  statusOnPlanRecorded,
} from './procedure-rules';

const notified = new Date('2026-11-29T15:00:00Z');

function resolution(overrides: Partial<ResolutionFacts> = {}): ResolutionFacts {
  return {
    status: 'PLAN_RECEIVED',
    resolution: 'REGULARIZED_HUMANITARIAN',
    plan: { recommendedMeasure: 'HUMANITARIAN_REGULARISATION', decidedAt: new Date('2026-12-01T10:00:00Z') },
    checklist: new Set<DueProcessItem>(DUE_PROCESS_ITEMS),
    informedTopics: new Set<InformTopic>(['RIGHTS', 'PROCURADURIA_NOTIFICATION', 'MIGRATION_PROCEDURE']),
    duties: { open: new Set<InformTopic>(), ever: new Set<InformTopic>(['RIGHTS', 'PROCURADURIA_NOTIFICATION', 'MIGRATION_PROCEDURE']) },
    returnLocked: false,
    impactAssessment: 'Regularizarse le permite estudiar y seguir con su tía; sin riesgo de separación',
    ...overrides,
  };
}

describe('PAM state machine (DOMAIN.md 4.4 a)', () => {
  it('opens only after the Procuraduría notification (LM-05)', () => {
    expect(() => assertCanOpen('VRH_CAUTELAR', null, new Date())).toThrow(expect.objectContaining({ rule: 'LM-05', code: 'PROCURADURIA_NOT_NOTIFIED' }));
    expect(() => assertCanOpen('VRH_CAUTELAR', notified, new Date('2026-11-29T14:00:00Z'))).toThrow(expect.objectContaining({ rule: 'LM-05' }));
    expect(assertCanOpen('VRH_CAUTELAR', notified, new Date('2026-11-29T16:00:00Z'))).toBe('PAM_OPEN');
    expect(() => assertCanOpen('PAM_OPEN', notified, new Date())).toThrow(expect.objectContaining({ kind: 'CONFLICT', rule: 'LM-05' }));
  });

  it('asks for the plan and moves on when it arrives', () => {
    expect(assertCanRequestPlan('PAM_OPEN')).toBe('AWAITING_PLAN');
    expect(() => assertCanRequestPlan('VRH_CAUTELAR')).toThrow(expect.objectContaining({ kind: 'CONFLICT', rule: 'GD-13' }));
    expect(statusOnPlanRecorded('AWAITING_PLAN')).toBe('PLAN_RECEIVED');
    expect(statusOnPlanRecorded('VRH_CAUTELAR')).toBe('VRH_CAUTELAR');
  });

  it('resolves only with a plan, a complete checklist and the child informed (LM-06, GD-04, LM-16)', () => {
    expect(() => assertCanResolve(resolution({ plan: null }))).toThrow(expect.objectContaining({ rule: 'LM-06', code: 'PLAN_MISSING' }));
    expect(() => assertCanResolve(resolution({ checklist: new Set(['LAWYER']) }))).toThrow(expect.objectContaining({ rule: 'GD-04' }));
    expect(() => assertCanResolve(resolution({ informedTopics: new Set() }))).toThrow(expect.objectContaining({ rule: 'LM-16' }));
    expect(() => assertCanResolve(resolution({ status: 'VRH_CAUTELAR' }))).toThrow(expect.objectContaining({ kind: 'CONFLICT', rule: 'LM-06' }));
    expect(assertCanResolve(resolution())).toEqual({ status: 'RESOLVED', resolution: 'REGULARIZED_HUMANITARIAN', stayStatus: 'VRH_REGULARIZED', overridden: false });
  });

  it('is not resolved while any duty to inform is open or a relevant topic was never told, naming them (LM-16, GD-04)', () => {
    const refused = (facts: Partial<ResolutionFacts>) => {
      try {
        assertCanResolve(resolution(facts));
      } catch (error) {
        return error as { rule: string; code: string; detail: string; violations: Array<{ field: string }> };
      }
      throw new Error('resolved');
    };
    const open = refused({ duties: { open: new Set<InformTopic>(['RIGHTS', 'PROCURADURIA_NOTIFICATION']), ever: new Set<InformTopic>(['RIGHTS', 'PROCURADURIA_NOTIFICATION']) } });
    expect(open).toMatchObject({ rule: 'LM-16', code: 'CHILD_NOT_INFORMED' });
    expect(open.detail).toContain('PROCURADURIA_NOTIFICATION, RIGHTS');
    expect(open.violations.map((violation) => violation.field)).toEqual(['informDuties.PROCURADURIA_NOTIFICATION', 'informDuties.RIGHTS']);

    // The child was channelled to DIF (a duty on it was opened once) but never told: relevant, though discharged duties are none open.
    const untold = refused({ duties: { open: new Set<InformTopic>(), ever: new Set<InformTopic>(['DIF_CHANNELLING']) } });
    expect(untold.violations.map((violation) => violation.field)).toEqual(['informationSessions.DIF_CHANNELLING']);
    expect(refused({ informedTopics: new Set<InformTopic>(['MIGRATION_PROCEDURE']) }).violations.map((violation) => violation.field)).toEqual([
      'informationSessions.PROCURADURIA_NOTIFICATION',
      'informationSessions.RIGHTS',
    ]);
  });

  it('never ends in a custodial state, whatever else holds (LM-10, INV-04)', () => {
    for (const custodial of CUSTODIAL_STATES) {
      expect(() => assertCanResolve(resolution({ resolution: custodial }))).toThrow(expect.objectContaining({ code: 'CUSTODIAL_STATE_REFUSED', rule: 'LM-10' }));
      expect(() => assertCanResolve(resolution({ resolution: custodial, status: 'VRH_CAUTELAR', plan: null }))).toThrow(expect.objectContaining({ rule: 'LM-10' }));
    }
  });

  it('needs the plan’s measure, or a supervisor’s reasoned override (LM-06)', () => {
    const mismatch = resolution({ resolution: 'REUNIFICATION_IN_MEXICO' });
    expect(() => assertCanResolve(mismatch)).toThrow(expect.objectContaining({ code: 'RESOLUTION_DOES_NOT_MATCH_PLAN', rule: 'LM-06' }));
    expect(() => assertCanResolve({ ...mismatch, override: { reason: 'x'.repeat(30), roles: ['officer'] } })).toThrow(
      expect.objectContaining({ code: 'OVERRIDE_NOT_SUPERVISOR' }),
    );
    expect(assertCanResolve({ ...mismatch, override: { reason: 'x'.repeat(30), roles: ['supervisor'] } })).toMatchObject({ overridden: true, stayStatus: null });
  });

  it('never approves a return under the protection lock, nor without the child told about return (INV-01, LM-16)', () => {
    const plan = { recommendedMeasure: 'ASSISTED_RETURN' as const, decidedAt: new Date('2026-12-01T10:00:00Z') };
    const informed = new Set<InformTopic>(['RIGHTS', 'PROCURADURIA_NOTIFICATION', 'MIGRATION_PROCEDURE', 'RETURN_PROCESS']);
    expect(() => assertCanResolve(resolution({ resolution: 'ASSISTED_RETURN_APPROVED', plan }))).toThrow(expect.objectContaining({ rule: 'LM-16' }));
    expect(() => assertCanResolve(resolution({ resolution: 'ASSISTED_RETURN_APPROVED', plan, informedTopics: informed, returnLocked: true }))).toThrow(
      expect.objectContaining({ rule: 'INV-01' }),
    );
    expect(assertCanResolve(resolution({ resolution: 'ASSISTED_RETURN_APPROVED', plan, informedTopics: informed }))).toMatchObject({ status: 'RESOLVED' });
  });

  it('records the consequences weighed for the child, or refuses as GD-02', () => {
    expect(() => assertCanResolve(resolution({ impactAssessment: undefined }))).toThrow(
      expect.objectContaining({ code: 'IMPACT_ASSESSMENT_MISSING', rule: 'GD-02', violations: [expect.objectContaining({ field: 'impactAssessment' })] }),
    );
    expect(() => assertCanResolve(resolution({ impactAssessment: '   ' }))).toThrow(expect.objectContaining({ rule: 'GD-02' }));
  });

  it('after an aborted return, resolves again only on a plan made after the abort (LM-06, DOMAIN.md 4.5 a)', () => {
    const reopenedAt = new Date('2026-12-05T10:00:00Z');
    const stale = { recommendedMeasure: 'HUMANITARIAN_REGULARISATION' as const, decidedAt: new Date('2026-12-01T10:00:00Z') };
    expect(() => assertCanResolve(resolution({ status: 'AWAITING_PLAN', plan: stale, reopenedAt }))).toThrow(
      expect.objectContaining({ code: 'FRESH_PLAN_REQUIRED', rule: 'LM-06' }),
    );
    const fresh = { ...stale, decidedAt: new Date('2026-12-06T10:00:00Z') };
    expect(assertCanResolve(resolution({ status: 'PLAN_RECEIVED', plan: fresh, reopenedAt }))).toMatchObject({ status: 'RESOLVED' });
  });

  it('lets only the interpreter (for a Spanish speaker) and consular access be not applicable', () => {
    const facts = { speaksSpanish: 'PARTIAL', consularContactLocked: false };
    expect(() => assertChecklistEntry('INTERPRETER', true, facts)).toThrow(expect.objectContaining({ rule: 'LM-18' }));
    expect(() => assertChecklistEntry('LAWYER', true, facts)).toThrow(expect.objectContaining({ rule: 'GD-04' }));
    expect(() => assertChecklistEntry('INTERPRETER', true, { ...facts, speaksSpanish: 'YES' })).not.toThrow();
    expect(() => assertChecklistEntry('CONSULAR_ACCESS', false, { ...facts, consularContactLocked: true })).toThrow(expect.objectContaining({ rule: 'INV-06' }));
    expect(() => assertChecklistEntry('CONSULAR_ACCESS', true, { ...facts, consularContactLocked: true })).not.toThrow();
  });

  it('goes under review only once resolved', () => {
    expect(assertCanSeekReview('RESOLVED')).toBe('UNDER_REVIEW');
    expect(() => assertCanSeekReview('PAM_OPEN')).toThrow(expect.objectContaining({ kind: 'CONFLICT', rule: 'GD-04' }));
  });
});
