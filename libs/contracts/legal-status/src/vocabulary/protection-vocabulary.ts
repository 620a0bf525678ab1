/**
 * International protection states (DOMAIN.md 4.4 b). Values are stable API: add, never rename.
 * `DENIED` is inside the appeal window (IP-07); only `FINAL_DENIED` and `WITHDRAWN` end a claim.
 */
export const PROTECTION_STATUSES = [
  'NOT_ASSESSED',
  'NEED_IDENTIFIED',
  'CLAIM_PENDING',
  'RECOGNIZED_REFUGEE',
  'COMPLEMENTARY_PROTECTION',
  'DENIED',
  'APPEAL_PENDING',
  'FINAL_DENIED',
  'WITHDRAWN',
] as const;
export type ProtectionStatus = (typeof PROTECTION_STATUSES)[number];

/** States in which no return and no consular contact may happen (INV-01, INV-06, RP-05, IP-04). */
export const PROTECTION_LOCK_STATUSES: readonly ProtectionStatus[] = [
  'NEED_IDENTIFIED',
  'CLAIM_PENDING',
  'RECOGNIZED_REFUGEE',
  'COMPLEMENTARY_PROTECTION',
  'DENIED',
  'APPEAL_PENDING',
];

export interface ProtectionFacts {
  protectionClaimed: boolean;
  protectionNeedIndicated?: boolean;
  status: ProtectionStatus;
}

/** True while the protection condition of INV-01 holds: consulates are not contacted (INV-06). */
export function protectionLockHolds(facts: ProtectionFacts): boolean {
  return facts.protectionClaimed || facts.protectionNeedIndicated === true || PROTECTION_LOCK_STATUSES.includes(facts.status);
}

/** States in which a claim exists (filed, decided in the child's favour, or open to appeal). */
export const PROTECTION_CLAIM_STATUSES: readonly ProtectionStatus[] = [
  'CLAIM_PENDING',
  'RECOGNIZED_REFUGEE',
  'COMPLEMENTARY_PROTECTION',
  'DENIED',
  'APPEAL_PENDING',
];

export function protectionClaimedIn(status: ProtectionStatus): boolean {
  return PROTECTION_CLAIM_STATUSES.includes(status);
}

/**
 * What another service heard that legal-status must act on (issue 18, INV-01, GD-08): fear of
 * return stated by the child, or signs of an international-protection need. Carried as an
 * optional `protectionConcern` on the producer's own event (a care incident, a family risk flag)
 * or implied by a return aborted for fear or a claim; legal-status alone turns it into a lock.
 */
export const PROTECTION_CONCERNS = ['FEAR_OF_RETURN', 'PROTECTION_NEED'] as const;
export type ProtectionConcern = (typeof PROTECTION_CONCERNS)[number];
