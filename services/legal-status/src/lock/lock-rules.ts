import { CONSULAR_LOCK_REASONS, LockReason, ProtectionStatus, RecommendedMeasure } from '@opis/contracts-legal-status';

export interface LockFacts {
  protectionStatus: ProtectionStatus;
  fearOfReturn: boolean;
  /** When the protection case last ended (FINAL_DENIED, WITHDRAWN). */
  protectionEndedAt: Date | null;
  /** The latest plan de restitución (the binding best-interests determination in Mexico). */
  latestPlan: { recommendedMeasure: RecommendedMeasure; decidedAt: Date } | null;
}

export interface Lock {
  returnLocked: boolean;
  consularContactLocked: boolean;
  reasons: LockReason[];
  bestInterestsRecommendsReturn: boolean;
}

const STATUS_REASON: Partial<Record<ProtectionStatus, LockReason>> = {
  NEED_IDENTIFIED: 'NEED_FLAGGED',
  CLAIM_PENDING: 'CLAIM_PENDING',
  RECOGNIZED_REFUGEE: 'PROTECTION_GRANTED',
  COMPLEMENTARY_PROTECTION: 'PROTECTION_GRANTED',
  DENIED: 'APPEAL_WINDOW',
  APPEAL_PENDING: 'APPEAL_PENDING',
};

/**
 * INV-01, INV-06, DOMAIN.md 4.4 (b): return and consular contact are locked while protection
 * is needed, claimed, granted, appealable or under appeal, or the child expressed fear of
 * return. After FINAL_DENIED or WITHDRAWN, return stays locked until a plan made after that
 * recommends return.
 */
export function computeLock(facts: LockFacts): Lock {
  const reasons: LockReason[] = [];
  const statusReason = STATUS_REASON[facts.protectionStatus];
  if (statusReason) reasons.push(statusReason);
  if (facts.fearOfReturn) reasons.push('FEAR_OF_RETURN');
  const recommendsReturn = facts.latestPlan?.recommendedMeasure === 'ASSISTED_RETURN';
  if (facts.protectionStatus === 'FINAL_DENIED' || facts.protectionStatus === 'WITHDRAWN') {
    const fresh =
      recommendsReturn &&
      facts.latestPlan !== null &&
      (facts.protectionEndedAt === null || facts.latestPlan.decidedAt.getTime() > facts.protectionEndedAt.getTime());
    if (!fresh) reasons.push('AWAITING_FRESH_BEST_INTERESTS');
  }
  return {
    returnLocked: reasons.length > 0,
    consularContactLocked: reasons.some((reason) => CONSULAR_LOCK_REASONS.includes(reason)),
    reasons,
    bestInterestsRecommendsReturn: recommendsReturn,
  };
}

export function sameLock(a: Lock, b: Lock): boolean {
  return (
    a.returnLocked === b.returnLocked &&
    a.consularContactLocked === b.consularContactLocked &&
    a.bestInterestsRecommendsReturn === b.bestInterestsRecommendsReturn &&
    a.reasons.length === b.reasons.length &&
    a.reasons.every((reason, i) => reason === b.reasons[i])
  );
}

/**
 * DOMAIN.md 4.5 a: a return stands on a PAM resolved as ASSISTED_RETURN_APPROVED. Under review
 * (an appeal or amparo), the resolution is kept on the record but no longer stands.
 */
export function assistedReturnResolved(record: { procedureStatus: string; procedureResolution: string | null }): boolean {
  return record.procedureStatus === 'RESOLVED' && record.procedureResolution === 'ASSISTED_RETURN_APPROVED';
}
