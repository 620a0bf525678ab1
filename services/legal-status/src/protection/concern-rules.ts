import { EventEnvelope, eventType } from '@opis/contracts-envelope';
import { CareIncidentReportedV1, careIncidentReportedV1 } from '@opis/contracts-care';
import { ChildConcernStatedV1, childConcernStatedV1, MemberFlaggedV1, memberFlaggedV1 } from '@opis/contracts-family-contact';
import { ProcedureResolution, ProcedureStatus, ProtectionConcern, ProtectionStatus } from '@opis/contracts-legal-status';
import { PlanAbortedV1, planAbortedV1 } from '@opis/contracts-repatriation';

import { canIdentifyNeed } from './protection-rules';

/** Where a concern was heard: also the record's `needSource` when it identifies a need. */
export const CONCERN_SOURCES = ['CARE_INCIDENT', 'FAMILY_FLAG', 'FAMILY_STATEMENT', 'RETURN_ABORTED'] as const;
export type ConcernSource = (typeof CONCERN_SOURCES)[number];

/** The producing service and the kind of source of each event type legal-status acts on. */
const SOURCES: Readonly<Record<string, { service: string; source: ConcernSource }>> = {
  [eventType(careIncidentReportedV1.name)]: { service: careIncidentReportedV1.name.service, source: 'CARE_INCIDENT' },
  [eventType(memberFlaggedV1.name)]: { service: memberFlaggedV1.name.service, source: 'FAMILY_FLAG' },
  [eventType(childConcernStatedV1.name)]: { service: childConcernStatedV1.name.service, source: 'FAMILY_STATEMENT' },
  [eventType(planAbortedV1.name)]: { service: planAbortedV1.name.service, source: 'RETURN_ABORTED' },
};

export function sourceOf(type: string): { service: string; source: ConcernSource } {
  const known = SOURCES[type];
  if (!known) throw new Error(`no protection concern comes from ${type}`);
  return known;
}

/** What another service's event tells legal-status, or null when it tells it nothing to act on. */
export interface ReportedConcern {
  source: ConcernSource;
  concern: ProtectionConcern | null;
  /** The return was aborted: the procedure goes back to re-plan (DOMAIN.md 4.5 a). */
  returnAborted: boolean;
  /** When the child said it (the incident, the flag) or the return stopped. */
  reportedAt: Date;
}

const INCIDENT = eventType(careIncidentReportedV1.name);
const FLAG = eventType(memberFlaggedV1.name);
const STATEMENT = eventType(childConcernStatedV1.name);
const ABORT = eventType(planAbortedV1.name);

/** An abort names why the return stopped; two of its reasons are a concern in themselves. */
const ABORT_CONCERN: Partial<Record<PlanAbortedV1['reason'], ProtectionConcern>> = {
  FEAR_EXPRESSED: 'FEAR_OF_RETURN',
  PROTECTION_CLAIM: 'PROTECTION_NEED',
};

export function reportedConcern(envelope: EventEnvelope): ReportedConcern | null {
  switch (envelope.type) {
    case INCIDENT: {
      const data = envelope.data as CareIncidentReportedV1;
      return data.protectionConcern ? { source: 'CARE_INCIDENT', concern: data.protectionConcern, returnAborted: false, reportedAt: new Date(data.occurredAt) } : null;
    }
    case FLAG: {
      const data = envelope.data as MemberFlaggedV1;
      return data.protectionConcern ? { source: 'FAMILY_FLAG', concern: data.protectionConcern, returnAborted: false, reportedAt: new Date(data.flaggedAt) } : null;
    }
    case STATEMENT: {
      const data = envelope.data as ChildConcernStatedV1;
      return { source: 'FAMILY_STATEMENT', concern: data.protectionConcern, returnAborted: false, reportedAt: new Date(data.statedAt) };
    }
    case ABORT: {
      const data = envelope.data as PlanAbortedV1;
      return { source: 'RETURN_ABORTED', concern: ABORT_CONCERN[data.reason] ?? null, returnAborted: true, reportedAt: new Date(envelope.occurredAt) };
    }
    default:
      return null;
  }
}

/** What legal-status made of a concern; stored with it and named in the audit trail. */
export type ConcernOutcome =
  | 'FEAR_RECORDED'
  | 'FEAR_ALREADY_RECORDED'
  | 'NEED_IDENTIFIED'
  | 'NEED_ALREADY_FURTHER'
  | 'NATIONAL_CHILD_NOT_LOCKED'
  | 'PROCEDURE_REOPENED'
  /** The abort is older than the PAM's resolution: it stopped a plan the resolution does not stand on. */
  | 'ABORT_BEFORE_RESOLUTION'
  /** Applied again when intake corrected a child taken for Mexican to a foreign nationality. */
  | 'NATIONALITY_CORRECTED'
  | 'NOTHING_TO_CHANGE';

export interface ConcernRecordFacts {
  nationality: string;
  protectionStatus: ProtectionStatus;
  fearOfReturn: boolean;
  procedureStatus: ProcedureStatus;
  procedureResolution: ProcedureResolution | null;
  procedureResolvedAt: Date | null;
}

export interface ConcernDecision {
  fearOfReturn: boolean;
  needIdentified: boolean;
  reopenProcedure: boolean;
  outcomes: ConcernOutcome[];
}

/** The procedure an aborted return sends back to re-plan: it awaits a fresh plan de restitución. */
export const REOPENED_PROCEDURE_STATUS: ProcedureStatus = 'AWAITING_PLAN';

/**
 * INV-01, GD-08: fear of return or a protection need said anywhere locks a foreign child's return.
 * A Mexican child is not returned abroad (non-refoulement protects from return to the country of
 * origin): the concern is kept for the audit and US-06's route to the Procuraduría stays repatriation's.
 * Every aborted return goes back to legal-status to re-plan (DOMAIN.md 4.5 a): a PAM resolved as
 * ASSISTED_RETURN_APPROVED leaves that resolution and awaits a fresh plan, when the abort concerns a
 * plan standing on that resolution: one that stopped after it. An abort older than the resolution
 * (a stream replayed from its start, a late delivery) stopped a plan of an earlier resolution, one
 * a re-plan already followed; it does not reopen the current one. Its fear or need still counts:
 * what the child said is a statement whenever it arrives.
 */
export function decideConcern(record: ConcernRecordFacts, reported: Pick<ReportedConcern, 'concern' | 'returnAborted' | 'reportedAt'>): ConcernDecision {
  const decision: ConcernDecision = { fearOfReturn: false, needIdentified: false, reopenProcedure: false, outcomes: [] };
  if (reported.concern && record.nationality === 'MX') {
    decision.outcomes.push('NATIONAL_CHILD_NOT_LOCKED');
  } else if (reported.concern === 'FEAR_OF_RETURN') {
    decision.fearOfReturn = !record.fearOfReturn;
    decision.outcomes.push(record.fearOfReturn ? 'FEAR_ALREADY_RECORDED' : 'FEAR_RECORDED');
  } else if (reported.concern === 'PROTECTION_NEED') {
    decision.needIdentified = canIdentifyNeed(record.protectionStatus);
    decision.outcomes.push(decision.needIdentified ? 'NEED_IDENTIFIED' : 'NEED_ALREADY_FURTHER');
  }
  if (reported.returnAborted && record.procedureResolution === 'ASSISTED_RETURN_APPROVED') {
    // Without a resolution time (none is written without one) the abort is taken as current: reopening stops the return.
    const current = record.procedureResolvedAt === null || reported.reportedAt.getTime() > record.procedureResolvedAt.getTime();
    decision.reopenProcedure = current;
    decision.outcomes.push(current ? 'PROCEDURE_REOPENED' : 'ABORT_BEFORE_RESOLUTION');
  }
  if (decision.outcomes.length === 0) decision.outcomes.push('NOTHING_TO_CHANGE');
  return decision;
}
