import {
  DUE_PROCESS_ITEMS,
  DueProcessItem,
  INFORM_TOPICS,
  InformTopic,
  ProcedureResolution,
  ProcedureStatus,
  RecommendedMeasure,
  RESOLUTION_FOR_MEASURE,
  StayStatus,
} from '@opis/contracts-legal-status';
import { Role } from '@opis/platform';

import { LegalConflict, LegalErrorCode, LegalRuleViolation } from '../legal.exception';

/**
 * Words for a custodial outcome that an integrating system might still send. The API names them so
 * that asking for one is refused as the rule it breaks (LM-10, INV-04), audited, rather than as a typo.
 */
export const CUSTODIAL_STATES = ['PRESENTED', 'DETAINED', 'SECURED', 'PRESENTADO', 'PRESENTACION', 'DETENIDO', 'ASEGURADO', 'ASEGURAMIENTO'] as const;
export type CustodialState = (typeof CUSTODIAL_STATES)[number];

/** LM-10, INV-04: no child record ever holds a custodial state. */
export function assertNotCustodial(requested: string): void {
  if ((CUSTODIAL_STATES as readonly string[]).includes(requested)) {
    throw new LegalRuleViolation(
      LegalErrorCode.CUSTODIAL_STATE_REFUSED,
      'No child is ever presented, detained or secured for migration reasons (LM art. 11, art. 99; LGDNNA art. 111).',
      'LM-10',
      [{ field: 'resolution', rule: 'notCustodial', message: `${requested} is a custodial state; a child's procedure never ends in one` }],
    );
  }
}

/** States in which the procedure is open and its checklist can be worked on. */
const OPEN_STATES: readonly ProcedureStatus[] = ['PAM_OPEN', 'AWAITING_PLAN', 'PLAN_RECEIVED', 'UNDER_REVIEW'];

export function procedureIsOpen(status: ProcedureStatus): boolean {
  return OPEN_STATES.includes(status);
}

/** LM-05, INV-05: the PAM opens only after the Procuraduría was notified, and later than it. */
export function assertCanOpen(status: ProcedureStatus, procuraduriaNotifiedAt: Date | null, openedAt: Date): ProcedureStatus {
  if (status !== 'VRH_CAUTELAR') {
    throw new LegalConflict(LegalErrorCode.PROCEDURE_STATE, `The migration procedure is already open (${status}).`, 'LM-05');
  }
  if (!procuraduriaNotifiedAt) {
    throw new LegalRuleViolation(
      LegalErrorCode.PROCURADURIA_NOT_NOTIFIED,
      'No migration procedure opens before INM notified the Procuraduría de Protección, so that it can intervene (LM art. 112 fr. II).',
      'LM-05',
    );
  }
  if (openedAt.getTime() <= procuraduriaNotifiedAt.getTime()) {
    throw new LegalRuleViolation(
      LegalErrorCode.OPENED_BEFORE_NOTIFICATION,
      'The procedure must open after the Procuraduría notification.',
      'LM-05',
      [{ field: 'openedAt', rule: 'afterNotification', message: 'openedAt must be later than the Procuraduría notification' }],
    );
  }
  return 'PAM_OPEN';
}

export function assertCanRequestPlan(status: ProcedureStatus): ProcedureStatus {
  if (status !== 'PAM_OPEN') {
    throw new LegalConflict(LegalErrorCode.PROCEDURE_STATE, `The plan is requested from an open procedure, not from ${status}.`, 'GD-13');
  }
  return 'AWAITING_PLAN';
}

/** A plan recorded while the procedure waits for it moves it on; otherwise the state stays. */
export function statusOnPlanRecorded(status: ProcedureStatus): ProcedureStatus {
  return status === 'PAM_OPEN' || status === 'AWAITING_PLAN' ? 'PLAN_RECEIVED' : status;
}

export function assertChecklistOpen(status: ProcedureStatus): void {
  if (!procedureIsOpen(status)) {
    throw new LegalConflict(LegalErrorCode.PROCEDURE_STATE, `The due-process checklist belongs to an open procedure, not to ${status}.`, 'GD-04');
  }
}

/**
 * GD-04 items are MET with evidence. Only two may be NOT_APPLICABLE: the interpreter when the
 * child speaks Spanish, and consular access where it is contrary to best interests. Consular
 * access is never MET while the protection lock holds (INV-06).
 */
export function assertChecklistEntry(
  item: DueProcessItem,
  notApplicable: boolean,
  facts: { speaksSpanish: string; consularContactLocked: boolean },
): void {
  if (notApplicable && item !== 'CONSULAR_ACCESS' && !(item === 'INTERPRETER' && facts.speaksSpanish === 'YES')) {
    throw new LegalRuleViolation(
      LegalErrorCode.NOT_APPLICABLE_REFUSED,
      item === 'INTERPRETER'
        ? 'An interpreter is required when the child does not fully speak Spanish (LM-18); this guarantee cannot be waived.'
        : `The guarantee ${item} cannot be marked not applicable: every child has it (LGDNNA art. 92).`,
      item === 'INTERPRETER' ? 'LM-18' : 'GD-04',
      [{ field: 'notApplicableReason', rule: 'notWaivable', message: `${item} must be met with evidence` }],
    );
  }
  if (item === 'CONSULAR_ACCESS' && !notApplicable && facts.consularContactLocked) {
    throw new LegalRuleViolation(
      LegalErrorCode.CONSULAR_ACCESS_LOCKED,
      'Consular access is contrary to the child’s best interests while a protection need, claim or fear of return holds; record it as not applicable.',
      'INV-06',
    );
  }
}

export interface ResolutionFacts {
  status: ProcedureStatus;
  resolution: ProcedureResolution | CustodialState;
  plan: { recommendedMeasure: RecommendedMeasure; decidedAt: Date } | null;
  /** When an aborted return sent the resolved procedure back to re-plan (DOMAIN.md 4.5 a). */
  reopenedAt?: Date | null;
  checklist: ReadonlySet<DueProcessItem>;
  /** Topics the child was told about in a session (LM-16). */
  informedTopics: ReadonlySet<InformTopic>;
  /** Topics of the record's duties to inform: `open` not yet discharged, `ever` opened at some time. */
  duties: { open: ReadonlySet<InformTopic>; ever: ReadonlySet<InformTopic> };
  returnLocked: boolean;
  override?: { reason: string; roles: readonly Role[] };
  /** GD-02: the consequences of the decision for the child, weighed. */
  impactAssessment?: string;
}

export interface ResolutionOutcome {
  status: ProcedureStatus;
  resolution: ProcedureResolution;
  stayStatus: StayStatus | null;
  overridden: boolean;
}

/** LM-06, INV-05, GD-04, LM-16, INV-01: what a PAM resolution needs. */
export function assertCanResolve(facts: ResolutionFacts): ResolutionOutcome {
  assertNotCustodial(facts.resolution);
  const resolution = facts.resolution as ProcedureResolution;
  if (!procedureIsOpen(facts.status)) {
    throw new LegalConflict(LegalErrorCode.PROCEDURE_STATE, `Only an open procedure can be resolved, not one in ${facts.status}.`, 'LM-06');
  }
  if (!facts.plan) {
    throw new LegalRuleViolation(
      LegalErrorCode.PLAN_MISSING,
      'INM resolves the procedure according to the Procuraduría’s plan de restitución; record the plan first (LM art. 112 fr. III, INV-05).',
      'LM-06',
    );
  }
  if (facts.reopenedAt && facts.plan.decidedAt.getTime() <= facts.reopenedAt.getTime()) {
    throw new LegalRuleViolation(
      LegalErrorCode.FRESH_PLAN_REQUIRED,
      'The assisted return was aborted after this procedure was resolved: it is resolved again only on a plan de restitución the Procuraduría made after the abort.',
      'LM-06',
      [{ field: 'plan', rule: 'madeAfterAbort', message: `the latest plan predates the abort of ${facts.reopenedAt.toISOString()}` }],
    );
  }
  const missing = DUE_PROCESS_ITEMS.filter((item) => !facts.checklist.has(item));
  if (missing.length > 0) {
    throw new LegalRuleViolation(
      LegalErrorCode.DUE_PROCESS_INCOMPLETE,
      `The procedure cannot be resolved while due-process guarantees are open: ${missing.join(', ')} (LGDNNA art. 92, INV-05).`,
      'GD-04',
      missing.map((item) => ({ field: `checklist.${item}`, rule: 'evidenced', message: `${item} has no evidence` })),
    );
  }
  assertChildInformed(resolution, facts);
  if (resolution === 'ASSISTED_RETURN_APPROVED' && facts.returnLocked) {
    throw new LegalRuleViolation(
      LegalErrorCode.RETURN_LOCKED,
      'No assisted return while a protection need, claim, grant, appeal window, appeal or fear of return holds (non-refoulement).',
      'INV-01',
    );
  }
  const expected = RESOLUTION_FOR_MEASURE[facts.plan.recommendedMeasure];
  let overridden = false;
  if (expected !== resolution) {
    if (!facts.override) {
      throw new LegalRuleViolation(
        LegalErrorCode.RESOLUTION_DOES_NOT_MATCH_PLAN,
        `The plan recommends ${facts.plan.recommendedMeasure} (resolution ${expected}); a different resolution needs a supervisor’s reasoned override.`,
        'LM-06',
        [{ field: 'resolution', rule: 'matchesPlan', message: `must be ${expected} unless overridden` }],
      );
    }
    if (!facts.override.roles.includes('supervisor')) {
      throw new LegalRuleViolation(
        LegalErrorCode.OVERRIDE_NOT_SUPERVISOR,
        'Only a supervisor can sign off a resolution that departs from the plan de restitución.',
        'LM-06',
      );
    }
    overridden = true;
  }
  if (!facts.impactAssessment?.trim()) {
    throw new LegalRuleViolation(
      LegalErrorCode.IMPACT_ASSESSMENT_MISSING,
      'Best interests are weighed throughout the procedure: the resolution records the possible consequences of the decision for the child (LGDNNA art. 89).',
      'GD-02',
      [{ field: 'impactAssessment', rule: 'required', message: 'impactAssessment is required to resolve the procedure' }],
    );
  }
  return {
    status: 'RESOLVED',
    resolution,
    stayStatus: resolution === 'REGULARIZED_HUMANITARIAN' ? 'VRH_REGULARIZED' : null,
    overridden,
  };
}

/** What a PAM resolution needs the child told about, whatever else the record asks (LM-16). */
export function topicsForResolution(resolution: ProcedureResolution): InformTopic[] {
  return ['RIGHTS', 'PROCURADURIA_NOTIFICATION', 'MIGRATION_PROCEDURE', ...(resolution === 'ASSISTED_RETURN_APPROVED' ? (['RETURN_PROCESS'] as const) : [])];
}

/**
 * LM-16, GD-04 (II): no resolution while the child is owed an explanation. Every relevant topic
 * has been told in a session (the procedure's, and every topic a duty of the record was ever
 * opened for, such as the channelling to DIF), and no duty to inform is open on any topic.
 */
function assertChildInformed(resolution: ProcedureResolution, facts: Pick<ResolutionFacts, 'informedTopics' | 'duties'>): void {
  const relevant = new Set<InformTopic>([...topicsForResolution(resolution), ...facts.duties.ever]);
  const untold = INFORM_TOPICS.filter((topic) => relevant.has(topic) && !facts.informedTopics.has(topic));
  const open = INFORM_TOPICS.filter((topic) => facts.duties.open.has(topic) && !untold.includes(topic));
  if (untold.length === 0 && open.length === 0) return;
  const topics = INFORM_TOPICS.filter((topic) => untold.includes(topic) || open.includes(topic));
  throw new LegalRuleViolation(
    LegalErrorCode.CHILD_NOT_INFORMED,
    `The procedure is not resolved while the child is owed an explanation, in words suited to their age, about: ${topics.join(', ')} (LM art. 112 fr. IV).`,
    'LM-16',
    [
      ...untold.map((topic) => ({ field: `informationSessions.${topic}`, rule: 'held', message: `no session on ${topic}` })),
      ...open.map((topic) => ({ field: `informDuties.${topic}`, rule: 'discharged', message: `the duty to inform on ${topic} is open` })),
    ],
  );
}

export function assertCanSeekReview(status: ProcedureStatus): ProcedureStatus {
  if (status !== 'RESOLVED') {
    throw new LegalConflict(LegalErrorCode.PROCEDURE_STATE, `Only a resolved procedure can be appealed, not one in ${status}.`, 'GD-04');
  }
  return 'UNDER_REVIEW';
}
