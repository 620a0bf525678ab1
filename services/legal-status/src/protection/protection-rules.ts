import { AppealOutcome, ProtectionDecision, ProtectionStatus } from '@opis/contracts-legal-status';

import { LegalConflict, LegalErrorCode, LegalRuleViolation } from '../legal.exception';

/** Every refusal names the rule of DOMAIN.md 4.4 (b) that governs the transition asked for. */
function refuse(action: string, status: ProtectionStatus, rule: string): never {
  throw new LegalConflict(LegalErrorCode.PROTECTION_STATE, `Cannot ${action} while the protection case is ${status}.`, rule);
}

const NEED_IDENTIFIABLE: readonly ProtectionStatus[] = ['NOT_ASSESSED', 'FINAL_DENIED', 'WITHDRAWN'];

/** Whether a need can be identified now: not while one is identified already or a claim stands. */
export function canIdentifyNeed(status: ProtectionStatus): boolean {
  return NEED_IDENTIFIABLE.includes(status);
}

/** GD-03, LM-12: a need is identified by screening or later; again after a claim ended. */
export function identifyNeed(status: ProtectionStatus): ProtectionStatus {
  if (!canIdentifyNeed(status)) refuse('identify a need', status, 'GD-03');
  return 'NEED_IDENTIFIED';
}

export interface ClaimFacts {
  representative?: string;
  interpreterId?: string;
  speaksSpanish: string;
  workingDaysSinceEntry: number;
  filingTermWorkingDays: number;
  lateFilingJustification?: string;
}

/**
 * IP-01: past the filing term a justification is asked for, never a refusal (best interests;
 * the Procuraduría represents the child). IP-05, LM-18: a representative, and an interpreter
 * when the child does not fully speak Spanish.
 */
export function fileClaim(status: ProtectionStatus, facts: ClaimFacts): ProtectionStatus {
  if (!['NOT_ASSESSED', 'NEED_IDENTIFIED', 'WITHDRAWN'].includes(status)) refuse('file a claim', status, 'IP-01');
  if (!facts.representative) {
    throw new LegalRuleViolation(
      LegalErrorCode.REPRESENTATIVE_REQUIRED,
      'A child files a protection claim with a legal representative (the Procuraduría or a lawyer).',
      'IP-05',
      [{ field: 'representative', rule: 'required', message: 'representative is required' }],
    );
  }
  if (facts.speaksSpanish !== 'YES' && !facts.interpreterId) {
    throw new LegalRuleViolation(
      LegalErrorCode.INTERPRETER_REQUIRED,
      'The child does not fully speak Spanish: the claim is filed with a free interpreter.',
      'LM-18',
      [{ field: 'interpreterId', rule: 'required', message: 'interpreterId is required when the child does not speak Spanish' }],
    );
  }
  if (facts.workingDaysSinceEntry > facts.filingTermWorkingDays && !facts.lateFilingJustification) {
    throw new LegalRuleViolation(
      LegalErrorCode.LATE_FILING_JUSTIFICATION_REQUIRED,
      `The claim is filed ${facts.workingDaysSinceEntry} working days after entry (term ${facts.filingTermWorkingDays}): ` +
        'it is accepted, with the reasons for the delay recorded.',
      'IP-01',
      [{ field: 'lateFilingJustification', rule: 'requiredWhenLate', message: 'lateFilingJustification is required past the filing term' }],
    );
  }
  return 'CLAIM_PENDING';
}

/** IP-03: COMAR may extend once, by an equal term. */
export function grantExtension(status: ProtectionStatus, alreadyExtended: boolean): void {
  if (status !== 'CLAIM_PENDING') refuse('extend the decision term', status, 'IP-03');
  if (alreadyExtended) {
    throw new LegalConflict(LegalErrorCode.EXTENSION_ALREADY_GRANTED, 'COMAR extends the decision term only once.', 'IP-03');
  }
}

export function assertClaimExists(status: ProtectionStatus, action: string): void {
  if (!['CLAIM_PENDING', 'RECOGNIZED_REFUGEE', 'COMPLEMENTARY_PROTECTION', 'DENIED', 'APPEAL_PENDING'].includes(status)) {
    refuse(action, status, 'IP-04');
  }
}

const DECISION_STATUS: Readonly<Record<ProtectionDecision, ProtectionStatus>> = {
  REFUGEE: 'RECOGNIZED_REFUGEE',
  COMPLEMENTARY_PROTECTION: 'COMPLEMENTARY_PROTECTION',
  DENIED: 'DENIED',
};

/** IP-02, IP-06: COMAR's decision. */
export function decide(status: ProtectionStatus, decision: ProtectionDecision): ProtectionStatus {
  if (status !== 'CLAIM_PENDING') refuse('record a decision', status, 'IP-02');
  return DECISION_STATUS[decision];
}

/** IP-07: a denial is appealed (recurso de revisión, then amparo). */
export function appeal(status: ProtectionStatus): ProtectionStatus {
  if (status !== 'DENIED') refuse('appeal', status, 'IP-07');
  return 'APPEAL_PENDING';
}

const APPEAL_STATUS: Readonly<Record<AppealOutcome, ProtectionStatus>> = {
  REFUGEE: 'RECOGNIZED_REFUGEE',
  COMPLEMENTARY_PROTECTION: 'COMPLEMENTARY_PROTECTION',
  UPHELD_DENIAL: 'FINAL_DENIED',
};

export function decideAppeal(status: ProtectionStatus, outcome: AppealOutcome): ProtectionStatus {
  if (status !== 'APPEAL_PENDING') refuse('record an appeal decision', status, 'IP-07');
  return APPEAL_STATUS[outcome];
}

/** IP-07: a denial becomes final only once the appeal window has passed unused. */
export function closeAppealWindow(status: ProtectionStatus, today: string, windowEnds: string): ProtectionStatus {
  if (status !== 'DENIED') refuse('close the appeal window', status, 'IP-07');
  if (today <= windowEnds) {
    throw new LegalRuleViolation(
      LegalErrorCode.APPEAL_WINDOW_OPEN,
      `The denial can still be appealed until ${windowEnds}; it is not final before then.`,
      'IP-07',
    );
  }
  return 'FINAL_DENIED';
}

/** INV-13: a child's withdrawal counts only with the Procuraduría representative and the child's views. */
export function withdraw(status: ProtectionStatus, facts: { procuraduriaRepresentative?: string; childViews?: string }): ProtectionStatus {
  if (!['CLAIM_PENDING', 'DENIED', 'APPEAL_PENDING'].includes(status)) refuse('withdraw the claim', status, 'INV-13');
  const missing = [
    ...(facts.procuraduriaRepresentative ? [] : [{ field: 'procuraduriaRepresentative', rule: 'required', message: 'the Procuraduría representative present' }]),
    ...(facts.childViews ? [] : [{ field: 'childViews', rule: 'required', message: 'the child’s own views on withdrawing' }]),
  ];
  if (missing.length > 0) {
    throw new LegalRuleViolation(
      LegalErrorCode.WITHDRAWAL_SAFEGUARDS_MISSING,
      'A child’s withdrawal of a protection claim is valid only with the Procuraduría representative present and the child’s views recorded.',
      'INV-13',
      missing,
    );
  }
  return 'WITHDRAWN';
}

/** One statement of fear of return: when the child said it, and when legal-status recorded it. */
export interface FearStatement {
  statedAt: Date;
  receivedAt: Date;
}

/**
 * GD-08: the statements no lift has covered. A lift covers what legal-status had received when
 * the Procuraduría decided, so a statement stands when it was received after the latest decision
 * that lifted fear (a lift recorded before that decision is impossible: every lift was refused
 * while a statement received after its decision stood).
 */
export function standingFear(statements: readonly FearStatement[], liftDecisions: readonly Date[]): FearStatement[] {
  const latest = Math.max(-Infinity, ...liftDecisions.map((decidedAt) => decidedAt.getTime()));
  return statements.filter((statement) => statement.receivedAt.getTime() > latest);
}

export interface FearLiftFacts {
  /** The record's fear of return (the earliest standing statement), or null. */
  fearOfReturnAt: Date | null;
  /** The statements no earlier lift covered (standingFear). */
  standing: readonly FearStatement[];
  /** When the decision was taken; for a reference lifted before, the date it was lifted on then. */
  decidedAt: Date;
  childViews?: string;
  childViewsUnavailableReason?: string;
}

/**
 * GD-08, INF-04: fear of return is lifted only by a decision of the Procuraduría that heard the
 * child (the child's views, or the reasons the child cannot give them), and that weighed every
 * statement of fear: one said, or received by legal-status, after the decision was taken stands.
 */
export function assertCanLiftFear(facts: FearLiftFacts): void {
  const stated = [...(facts.fearOfReturnAt ? [facts.fearOfReturnAt] : []), ...facts.standing.map((statement) => statement.statedAt)];
  if (stated.length === 0) {
    throw new LegalConflict(LegalErrorCode.FEAR_NOT_RECORDED, 'No fear of return is recorded for this child: there is nothing to lift.', 'GD-08');
  }
  if (!facts.childViews?.trim() && !facts.childViewsUnavailableReason?.trim()) {
    throw new LegalRuleViolation(
      LegalErrorCode.CHILD_VIEWS_MISSING,
      'Fear of return is lifted only with the child heard: the child’s views, or the reasons the child cannot give them.',
      'INF-04',
      [{ field: 'childViews', rule: 'requiredUnlessUnavailable', message: 'the child’s views, or childViewsUnavailableReason' }],
    );
  }
  const earliest = new Date(Math.min(...stated.map((at) => at.getTime())));
  if (facts.decidedAt.getTime() < earliest.getTime()) {
    throw new LegalRuleViolation(
      LegalErrorCode.FEAR_DECISION_PREDATES_FEAR,
      'The Procuraduría’s decision predates the fear it would lift, so it cannot have weighed it.',
      'GD-08',
      [{ field: 'decidedAt', rule: 'afterFearRecorded', message: `decidedAt must not be before ${earliest.toISOString()}` }],
    );
  }
  const decided = facts.decidedAt.getTime();
  const unweighed = facts.standing.filter((statement) => statement.receivedAt.getTime() > decided || statement.statedAt.getTime() > decided);
  if (unweighed.length > 0) {
    const latest = new Date(Math.max(...unweighed.map((statement) => Math.max(statement.receivedAt.getTime(), statement.statedAt.getTime()))));
    throw new LegalConflict(
      LegalErrorCode.FEAR_STATED_AFTER_DECISION,
      `The child stated fear of return again after the Procuraduría’s decision of ${facts.decidedAt.toISOString()} ` +
        `(recorded ${latest.toISOString()}): that decision did not weigh it, and fear stands until a decision that did.`,
      'GD-08',
    );
  }
}
