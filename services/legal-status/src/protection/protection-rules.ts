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

export interface FearLiftFacts {
  fearOfReturnAt: Date | null;
  decidedAt: Date;
  childViews?: string;
  childViewsUnavailableReason?: string;
}

/**
 * GD-08, INF-04: fear of return is lifted only by a decision of the Procuraduría that heard the
 * child (the child's views, or the reasons the child cannot give them), taken after the fear it lifts.
 */
export function assertCanLiftFear(facts: FearLiftFacts): void {
  if (!facts.fearOfReturnAt) {
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
  if (facts.decidedAt.getTime() < facts.fearOfReturnAt.getTime()) {
    throw new LegalRuleViolation(
      LegalErrorCode.FEAR_DECISION_PREDATES_FEAR,
      'The Procuraduría’s decision predates the fear it would lift, so it cannot have weighed it.',
      'GD-08',
      [{ field: 'decidedAt', rule: 'afterFearRecorded', message: `decidedAt must not be before ${facts.fearOfReturnAt.toISOString()}` }],
    );
  }
}
