import { PROTECTION_LOCK_STATUSES, ProtectionStatus } from '@opis/contracts-legal-status';
import { RETURN_PRECONDITIONS, ReturnPrecondition } from '@opis/contracts-repatriation';

import { insideWindow, WeeklyWindow } from '../countries/weekly-window';

export interface UnmetPrecondition {
  precondition: ReturnPrecondition;
  rule: string;
  message: string;
}

/** The copies repatriation keeps from legal-status events (null: no event seen for the case yet). */
export interface LegalFacts {
  returnLocked: boolean;
  lockReasons: readonly string[];
  /** The legal-status caseVersion of the lock held; null until legal-status has published a lock for this case. */
  lockVersion: number | null;
  protectionStatus: string | null;
  biRecommendsReturn: boolean;
  returnInformedAt: Date | null;
  /** The PAM as legal-status last published it: resolved as ASSISTED_RETURN_APPROVED (null: no procedure event seen). */
  assistedReturnResolved: boolean | null;
  /** When legal-status resolved the PAM, as its event dated it (null: not resolved, or at a time this copy never saw). */
  procedureResolvedAt: Date | null;
}

/** What legal-status answered when asked now (approval, scheduling, departure); absent when not asked. */
export type LiveLegalStatus =
  | { kind: 'answered'; returnLocked: boolean; reasons: readonly string[]; bestInterestsRecommendsReturn: boolean; assistedReturnResolved: boolean }
  | { kind: 'silent'; why: string };

export interface ReturnFacts {
  /** Intake's screening flag: holds until legal-status has spoken about the lock. */
  protectionNeedIndicatedAtIntake: boolean;
  legal: LegalFacts | null;
  live?: LiveLegalStatus;
  /** When the case's last return plan was aborted (null: none was). */
  lastAbortAt: Date | null;
  /** Intake's trafficking flag: RP-09 adds its checklist. */
  traffickingIndicated: boolean;
  family: ReadonlyArray<{ contactId: string; status: 'LOCATED' | 'VERIFIED' | 'FLAGGED'; country: string | null }>;
  plan: {
    receivingCountry: string;
    familyContactId: string | null;
    authorityConfirmed: boolean;
    takesGuardianship: boolean;
    fitToTravel: boolean | null;
    /** RP-09: what the assessment in the country of origin found (null: none recorded). */
    originReturnSafe: boolean | null;
    protectionPlanConfirmed: boolean;
  };
}

function unmet(precondition: ReturnPrecondition, message: string): UnmetPrecondition {
  return { precondition, rule: RETURN_PRECONDITIONS[precondition], message };
}

/** LM-06, DOMAIN.md 4.5 a: the plan's required precondition, at proposal and at every step after. */
export function unmetProcedure(): UnmetPrecondition {
  return unmet(
    'PROCEDURE_RESOLVED_FOR_RETURN',
    'The migration procedure (PAM) is not resolved as ASSISTED_RETURN_APPROVED in legal-status: a return follows the procedure and the Procuraduría’s plan (LM-06, GD-04, DOMAIN.md 4.5 a).',
  );
}

/**
 * INV-01, GD-08, LM-06: legal-status learns of an abort only by `repatriation.plan.aborted` and
 * answers the PAM resolved until it has applied it (then it sends the PAM back to re-plan). A
 * resolution this copy dates after the case's last abort is one legal-status made knowing of it;
 * any other waits. The copy may lag: it only holds back, the live answer is still asked.
 */
export function awaitsReplan(lastAbortAt: Date | null, procedureResolvedAt: Date | null | undefined): boolean {
  if (!lastAbortAt) return false;
  return !procedureResolvedAt || new Date(procedureResolvedAt).getTime() <= new Date(lastAbortAt).getTime();
}

export function unmetReplan(lastAbortAt: Date): UnmetPrecondition {
  return unmet(
    'PROCEDURE_RESOLVED_FOR_RETURN',
    `A return plan of this child was aborted (${new Date(lastAbortAt).toISOString()}): the return waits for legal-status to re-plan after the abort and resolve the PAM again as ASSISTED_RETURN_APPROVED (LM-06, INV-01, GD-08).`,
  );
}

/** The silent answer of legal-status is fail safe on its own precondition (LEGAL_STATUS_CONFIRMED). */
export function unmetLegalStatusSilent(why: string): UnmetPrecondition {
  return unmet('LEGAL_STATUS_CONFIRMED', `legal-status did not confirm the case status in time (${why}): no answer means no (fail safe, INV-01).`);
}

/**
 * legal-status's live answer decides, as it is given under the case's row lock; without one (a
 * view, or silence, already refused on its own) the copy of `legal.procedure.changed` says.
 */
function procedureResolvedForReturn({ live, legal }: ReturnFacts): boolean {
  if (live?.kind === 'answered') return live.assistedReturnResolved;
  return legal?.assistedReturnResolved ?? false;
}

/**
 * Every unmet precondition of an assisted return (DOMAIN.md 4.5 a; INV-01, INV-02, LM-06, LM-13,
 * RP-01..06, RP-09, LM-16): all of them, so one refusal names them all. Pure.
 */
export function unmetReturnPreconditions(facts: ReturnFacts): UnmetPrecondition[] {
  const found: UnmetPrecondition[] = [];
  const { legal, live, plan } = facts;

  const localLock =
    (legal?.returnLocked ?? false) ||
    (legal?.protectionStatus ? PROTECTION_LOCK_STATUSES.includes(legal.protectionStatus as ProtectionStatus) : false) ||
    (facts.protectionNeedIndicatedAtIntake && (legal?.lockVersion ?? null) === null);
  const liveLock = live?.kind === 'answered' && live.returnLocked;
  if (localLock || liveLock) {
    const reasons = [...new Set([...(legal?.returnLocked ? legal.lockReasons : []), ...(live?.kind === 'answered' ? live.reasons : [])])];
    found.push(
      unmet(
        'NO_PROTECTION_LOCK',
        `Return is locked by an international protection need, claim or fear of return${reasons.length ? ` (${reasons.join(', ')})` : ''} (INV-01, RP-02, GD-08).`,
      ),
    );
  }
  if (live?.kind === 'silent') found.push(unmetLegalStatusSilent(live.why));

  if (!procedureResolvedForReturn(facts)) found.push(unmetProcedure());
  else if (facts.lastAbortAt && awaitsReplan(facts.lastAbortAt, legal?.procedureResolvedAt)) found.push(unmetReplan(facts.lastAbortAt));

  const liveBestInterests = live?.kind === 'answered' ? live.bestInterestsRecommendsReturn : true;
  if (!(legal?.biRecommendsReturn ?? false) || !liveBestInterests) {
    found.push(unmet('BEST_INTERESTS_RECOMMENDS_RETURN', 'No best-interests determination (Procuraduría plan) recommends assisted return (RP-01, INV-02, GD-09).'));
  }

  const flagged = new Set(facts.family.filter((member) => member.status === 'FLAGGED').map((member) => member.contactId));
  if (plan.familyContactId && flagged.has(plan.familyContactId)) {
    found.push(unmet('NO_FLAGGED_RECEIVER', 'The family member the child would return to is flagged as a risk (RP-06, GD-05).'));
  }
  // The receivers: the member the plan names, or any verified member when it names none.
  const receivers = facts.family.filter((member) => member.status === 'VERIFIED' && (!plan.familyContactId || member.contactId === plan.familyContactId));
  if (!plan.takesGuardianship) {
    if (receivers.length === 0) {
      found.push(
        unmet(
          'FAMILY_OR_GUARDIAN_VERIFIED',
          'No family member is located and verified, and the receiving authority has not taken guardianship (RP-06, INV-02).',
        ),
      );
    } else if (!receivers.some((member) => member.country === plan.receivingCountry)) {
      const where = [...new Set(receivers.map((member) => member.country ?? 'an unknown country'))].join(', ');
      found.push(
        unmet(
          'FAMILY_IN_COUNTRY_OF_RETURN',
          `The verified family lives in ${where}, not in ${plan.receivingCountry}, the country of return, and the receiving authority has not taken guardianship (RP-06).`,
        ),
      );
    }
  }
  if (!plan.authorityConfirmed) {
    found.push(
      unmet(
        'RECEIVING_AUTHORITY_CONFIRMED',
        'No receiving child-protection authority has confirmed it takes part, with the receiving official’s name and contact (LM-13, RP-03).',
      ),
    );
  }
  if (facts.traffickingIndicated) {
    if (plan.originReturnSafe !== true) {
      found.push(
        unmet(
          'ORIGIN_RISK_ASSESSED',
          plan.originReturnSafe === false
            ? 'The risk assessment in the country of origin found the return unsafe for a child with trafficking indicators (RP-09).'
            : 'The child has trafficking indicators: no risk assessment in the country of origin is recorded (RP-09).',
        ),
      );
    }
    if (!plan.protectionPlanConfirmed) {
      found.push(unmet('RECEIVING_PROTECTION_PLAN_CONFIRMED', 'The child has trafficking indicators: the receiving authority’s protection plan is not confirmed (RP-09).'));
    }
  }
  if (!legal?.returnInformedAt) {
    found.push(unmet('CHILD_INFORMED_AND_HEARD', 'The child has not been informed of the return process and heard (LM-16, INF-04).'));
  }
  if (plan.fitToTravel !== true) {
    found.push(unmet('FIT_TO_TRAVEL', 'No health check has found the child fit to travel (DOMAIN.md 4.5 a).'));
  }
  return found;
}

export interface ReceivingArrangement extends WeeklyWindow {
  noticeHours: number;
  exitPointCodes: readonly string[];
}

export interface ScheduleRequest {
  exitPointCode: string;
  handoverAt: Date;
  legs: ReadonlyArray<{ escortOfficerIds: readonly string[] }>;
  withAdultReturns: boolean;
  /** The child travels with the adults of the family unit. */
  withFamilyAdults: boolean;
  /** The plan holds the Procuraduría plan's endorsement of a family-unit return (RP-10). */
  familyUnitEndorsed: boolean;
}

const HOUR_MS = 3_600_000;

/** The scheduling rules (RP-07, RP-08, RP-10, LM-14, INV-08, INV-09), all of them at once. Pure. */
export function unmetScheduleRules(request: ScheduleRequest, arrangement: ReceivingArrangement, now: Date): UnmetPrecondition[] {
  const found: UnmetPrecondition[] = [];
  if (!arrangement.exitPointCodes.includes(request.exitPointCode)) {
    found.push(unmet('EXIT_POINT_AGREED', `Point ${request.exitPointCode} is not an agreed point for this country (RP-07).`));
  }
  if (!insideWindow(request.handoverAt, arrangement)) {
    found.push(
      unmet(
        'HANDOVER_IN_WINDOW',
        `The hand-over time is outside the receiving country's window (${arrangement.opensAt}–${arrangement.closesAt} ${arrangement.timeZone}, weekdays ${arrangement.weekdays.join(',')}) (RP-08).`,
      ),
    );
  }
  if (request.handoverAt.getTime() < now.getTime() + arrangement.noticeHours * HOUR_MS) {
    found.push(unmet('NOTICE_PERIOD', `The receiving country needs ${arrangement.noticeHours} h notice before the hand-over (RP-07).`));
  }
  if (request.legs.length === 0 || request.legs.some((leg) => leg.escortOfficerIds.length === 0)) {
    found.push(unmet('ESCORT_ON_EVERY_LEG', 'Every leg needs at least one escort officer specialised in childhood (LM-14, RP-04, INV-08).'));
  }
  if (request.withAdultReturns) {
    found.push(unmet('NOT_WITH_ADULT_RETURNS', 'Children are returned separately from adult returns (RP-08).'));
  }
  if (request.withFamilyAdults && !request.familyUnitEndorsed) {
    found.push(
      unmet(
        'FAMILY_UNIT_RETURN_ENDORSED',
        'The child is not returned with an adult unless the Procuraduría’s plan endorses a family-unit return, recorded on the plan (RP-10, INV-09).',
      ),
    );
  }
  return found;
}
