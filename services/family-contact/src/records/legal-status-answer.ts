import { CaseStatusReply, LockReason, MoveClearanceReply, protectionClaimedIn, ProtectionStatus } from '@opis/contracts-legal-status';

import { CaseProtectionEntity, LegalLockCopyEntity } from './family-record.entity';

/**
 * Where family-contact's picture of a case's protection comes from (issue 18, item 12): legal-status
 * asked now, legal-status's own events (when it cannot be asked), or nothing yet. Family-contact
 * never computes a lock of its own; it only says whose answer it shows and of when.
 */
export const PROTECTION_SOURCES = ['LEGAL_STATUS', 'LEGAL_STATUS_EVENTS', 'NOT_YET_KNOWN'] as const;
export type ProtectionSource = (typeof PROTECTION_SOURCES)[number];

export interface LegalStatusAnswer {
  source: ProtectionSource;
  /** legal-status's time of this state (its `asOf`, or the time of its event); null only when nothing is known. */
  asOf: Date | null;
  /**
   * legal-status's version of the case at this state (a clearance's, or its lock event's), when
   * known: the order of its facts, which its clocks only approximate.
   */
  caseVersion: number | null;
  status: ProtectionStatus | null;
  claimed: boolean | null;
  /** True also while legal-status's lock is not known: no answer means no (INV-06). */
  consularContactLocked: boolean;
  returnLocked: boolean;
  reasons: LockReason[];
}

export const NOT_YET_KNOWN: LegalStatusAnswer = {
  source: 'NOT_YET_KNOWN',
  asOf: null,
  caseVersion: null,
  status: null,
  claimed: null,
  consularContactLocked: true,
  returnLocked: true,
  reasons: [],
};

/** legal-status's reply to `opis.legal-status.q.case-status`, as it said it. */
export function answerOfReply(reply: CaseStatusReply): LegalStatusAnswer {
  return {
    source: 'LEGAL_STATUS',
    asOf: new Date(reply.asOf),
    caseVersion: null,
    status: reply.protectionStatus,
    claimed: reply.protectionClaimed,
    consularContactLocked: reply.consularContactLocked,
    returnLocked: reply.returnLocked,
    reasons: [...reply.reasons],
  };
}

/**
 * legal-status's CONSULAR_CONTACT clearance, as it decided it under its case lock. What the reply
 * leaves out (a legal-status of an older version) is read as unknown, hence locked.
 */
export function answerOfClearance(reply: MoveClearanceReply): LegalStatusAnswer {
  const status = reply.protectionStatus ?? null;
  return {
    source: 'LEGAL_STATUS',
    asOf: new Date(reply.decidedAt),
    caseVersion: reply.caseVersion,
    status,
    claimed: status ? protectionClaimedIn(status) : null,
    consularContactLocked: !reply.cleared,
    returnLocked: reply.returnLocked ?? true,
    reasons: [...reply.reasons],
  };
}

/**
 * legal-status's last events as applied here. legal-status publishes the lock whenever it moves
 * (and opens every record unlocked), so a missing lock means it is not known, hence locked.
 */
export function answerOfEvents(protection: CaseProtectionEntity | null, lock: LegalLockCopyEntity | null): LegalStatusAnswer {
  if (!protection && !lock) return NOT_YET_KNOWN;
  const times = [protection?.asOf, lock?.asOf].filter((time): time is Date => time !== undefined);
  return {
    source: 'LEGAL_STATUS_EVENTS',
    asOf: new Date(Math.max(...times.map((time) => time.getTime()))),
    caseVersion: lock?.caseVersion ?? null,
    status: (protection?.status as ProtectionStatus | undefined) ?? null,
    claimed: protection?.protectionClaimed ?? null,
    consularContactLocked: lock?.consularContactLocked ?? true,
    returnLocked: lock?.returnLocked ?? true,
    reasons: (lock?.reasons as LockReason[] | undefined) ?? [],
  };
}

/**
 * The later of two of legal-status's answers; an answer asked now wins a tie with the events it
 * already includes. By legal-status's case version when both carry one (a clearance against its
 * lock events), else by its time.
 */
export function newestAnswer(asked: LegalStatusAnswer, events: LegalStatusAnswer): LegalStatusAnswer {
  if (asked.caseVersion !== null && events.caseVersion !== null) return events.caseVersion > asked.caseVersion ? events : asked;
  if (!events.asOf) return asked;
  if (!asked.asOf) return events;
  return events.asOf.getTime() > asked.asOf.getTime() ? events : asked;
}
