import { CalendarDate, mexicoCityDate, WorkingDayCalendar } from '@opis/platform';

import { LegalStatusConfig } from '../legal-status.config';
import { residenceTaskOverdue } from '../deadlines/deadline-rules';
import { caseStatusOf } from '../lock/case-status';
import { protectionClock } from '../protection/protection-clock';
import {
  BestInterestsRecordEntity,
  DueProcessItemEntity,
  FearLiftEntity,
  InformationSessionEntity,
  InformDutyEntity,
  LegalRecordEntity,
  VrhGroundEntity,
} from './legal-record.entity';

/** A plan de restitución (PLAN), a BIA or a BID, as recorded (IP-09, INF-04). */
export interface BestInterestsRecordView {
  id: string;
  type: string;
  author: string;
  panelMembers: string[];
  decidedAt: string;
  optionsConsidered: string[];
  /** The child's views, or why they could not be given; sealed at rest. */
  childViews: string;
  recommendedMeasure: string | null;
  urgentMeasures: string[];
  documentReference: string | null;
}

/** A session informing and hearing the child (LM-16, INF-01..04). */
export interface InformationSessionView {
  id: string;
  topic: string;
  heldAt: string;
  /** ISO 639-3 code of the language used. */
  language: string;
  interpreterId: string | null;
  materialUsed: string;
  understanding: string;
  childViews: string | null;
  fearOfReturnExpressed: boolean;
  durationMinutes: number | null;
  /** INF-02: a long session is shown, not refused. */
  durationAboveLimit: boolean;
  /** INF-02; null on sessions recorded before it was asked. */
  personsPresent: Array<{ role: string; person: string }> | null;
  accessibilityAdaptations: string[] | null;
  hearingAppropriate: boolean | null;
  hearingAppropriatenessReason: string | null;
}

export interface LegalRecordView {
  caseId: string;
  caseNumber: string;
  officeCode: string;
  ageBand: string;
  stayStatus: string;
  /** LM-17: the grounds of the humanitarian stay (NNA, SOLICITANTE, VICTIMA_TESTIGO). */
  vrh: Array<{ type: string; since: string; source: string; endedAt: string | null }>;
  procuraduriaNotifiedAt: string | null;
  /** DOMAIN.md 3.4: when the child turns 18 and when the record was flagged for review; protections stay. */
  ageReview: { turnsEighteenOn: CalendarDate; basis: string; flaggedAt: string | null } | null;
  procedure: {
    status: string;
    openedAt: string | null;
    resolution: string | null;
    resolvedAt: string | null;
    overriddenBy: string | null;
    /** LM-06: why a supervisor resolved otherwise than the plan's recommended measure. */
    overrideReason: string | null;
    /** An aborted return sent the resolved procedure back to await a fresh plan (DOMAIN.md 4.5 a). */
    reopenedAt: string | null;
    /** GD-02: the consequences weighed, and the plan the resolution rests on. */
    impactAssessment: string | null;
    planId: string | null;
    checklist: Array<{ item: string; completedAt: string; documentReference: string; person: string; notApplicableReason: string | null }>;
  };
  protection: {
    status: string;
    needSource: string | null;
    claimFiledAt: string | null;
    workingDaysSinceEntryAtFiling: number | null;
    /** IP-01: why the claim came after the filing term, opened for a reader allowed the record; sealed at rest. */
    lateFilingJustification: string | null;
    decisionDueDate: CalendarDate | null;
    extensionGranted: boolean;
    comarNoticeDueAt: string | null;
    comarNoticeReceivedAt: string | null;
    comarNoticeOverdue: boolean;
    appealWindowEndsDate: CalendarDate | null;
    residenceTaskOpenedAt: string | null;
    /** LM-17, IP-06: the permanent-residence task a positive decision opened. */
    residenceTask: {
      openedAt: string;
      owner: string;
      dueDate: CalendarDate;
      overdue: boolean;
      completedAt: string | null;
      completedBy: string | null;
      documentReference: string | null;
    } | null;
    /** Since when fear of return stands (INV-01), or null; a Procuraduría decision lifts it (GD-08). */
    fearOfReturnAt: string | null;
    fearLifts: Array<{
      fearRecordedAt: string;
      decisionReference: string;
      decidedAt: string;
      official: string;
      childViews: string | null;
      childViewsUnavailableReason: string | null;
      liftedBy: string;
      liftedAt: string;
    }>;
  };
  /** The same values `opis.legal-status.q.case-status` answers (lock/case-status.ts), whoever asks. */
  lock: {
    returnLocked: boolean;
    consularContactLocked: boolean;
    reasons: string[];
    protectionStatus: string;
    protectionClaimed: boolean;
    bestInterestsRecommendsReturn: boolean;
    assistedReturnResolved: boolean;
    asOf: string;
  };
  bestInterests: BestInterestsRecordView[];
  informationSessions: InformationSessionView[];
  informDuties: Array<{ id: string; topic: string; cause: string; openedAt: string; dueAt: string; dischargedAt: string | null; overdue: boolean }>;
}

/** Where a case's legal record is read: what a session or a best-interests record adds is listed there. */
export const legalRecordLocation = (caseId: string): string => `/v1/cases/${caseId}/legal`;

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function toRecordView(
  record: LegalRecordEntity,
  related: {
    checklist: DueProcessItemEntity[];
    bestInterests: BestInterestsRecordEntity[];
    sessions: InformationSessionEntity[];
    duties: InformDutyEntity[];
    fearLifts: FearLiftEntity[];
    vrh: VrhGroundEntity[];
    calendar: WorkingDayCalendar;
    config: LegalStatusConfig;
  },
  now = new Date(),
): LegalRecordView {
  const clock = protectionClock(record, related.calendar, related.config);
  const status = caseStatusOf(record, related.bestInterests);
  return {
    caseId: record.caseId,
    caseNumber: record.caseNumber,
    officeCode: record.officeCode,
    ageBand: record.ageBand,
    stayStatus: record.stayStatus,
    vrh: related.vrh.map((ground) => ({ type: ground.vrhType, since: ground.since.toISOString(), source: ground.source, endedAt: iso(ground.endedAt) })),
    procuraduriaNotifiedAt: iso(record.procuraduriaNotifiedAt),
    ageReview: record.turnsEighteenOn
      ? { turnsEighteenOn: record.turnsEighteenOn, basis: record.turnsEighteenBasis as string, flaggedAt: iso(record.ageReviewFlaggedAt) }
      : null,
    procedure: {
      status: record.procedureStatus,
      openedAt: iso(record.procedureOpenedAt),
      resolution: record.procedureResolution,
      resolvedAt: iso(record.procedureResolvedAt),
      overriddenBy: record.procedureOverrideBy,
      overrideReason: record.procedureOverrideReason,
      reopenedAt: iso(record.procedureReopenedAt),
      impactAssessment: record.procedureImpactAssessment,
      planId: record.procedurePlanId,
      checklist: related.checklist.map((item) => ({
        item: item.item,
        completedAt: item.completedAt.toISOString(),
        documentReference: item.documentReference,
        person: item.person,
        notApplicableReason: item.notApplicableReason,
      })),
    },
    protection: {
      status: record.protectionStatus,
      needSource: record.needSource,
      claimFiledAt: iso(record.claimFiledAt),
      workingDaysSinceEntryAtFiling: record.claimFiledAt
        ? related.calendar.workingDaysBetween(mexicoCityDate(record.detectedAt), mexicoCityDate(record.claimFiledAt))
        : null,
      lateFilingJustification: record.claimLateJustification,
      decisionDueDate: clock.decisionDueDate,
      extensionGranted: record.extensionGrantedAt !== null,
      comarNoticeDueAt: iso(record.comarNoticeDueAt),
      comarNoticeReceivedAt: iso(record.comarNoticeReceivedAt),
      comarNoticeOverdue: record.comarNoticeDueAt !== null && record.comarNoticeReceivedAt === null && record.comarNoticeDueAt <= now,
      appealWindowEndsDate: clock.appealWindowEndsDate,
      residenceTaskOpenedAt: iso(record.residenceTaskOpenedAt),
      residenceTask: record.residenceTaskOpenedAt
        ? {
            openedAt: record.residenceTaskOpenedAt.toISOString(),
            owner: record.residenceTaskOwner as string,
            dueDate: record.residenceTaskDueOn as CalendarDate,
            overdue: residenceTaskOverdue(record, now),
            completedAt: iso(record.residenceTaskCompletedAt),
            completedBy: record.residenceTaskCompletedBy,
            documentReference: record.residenceTaskDocumentReference,
          }
        : null,
      fearOfReturnAt: iso(record.fearOfReturnAt),
      fearLifts: related.fearLifts.map((lift) => ({
        fearRecordedAt: lift.fearRecordedAt.toISOString(),
        decisionReference: lift.decisionReference,
        decidedAt: lift.decidedAt.toISOString(),
        official: lift.official,
        childViews: lift.childViews,
        childViewsUnavailableReason: lift.childViewsUnavailableReason,
        liftedBy: lift.liftedBy,
        liftedAt: lift.liftedAt.toISOString(),
      })),
    },
    lock: {
      returnLocked: status.returnLocked,
      consularContactLocked: status.consularContactLocked,
      reasons: status.reasons,
      protectionStatus: status.protectionStatus,
      protectionClaimed: status.protectionClaimed,
      bestInterestsRecommendsReturn: status.bestInterestsRecommendsReturn,
      assistedReturnResolved: status.assistedReturnResolved,
      asOf: status.asOf,
    },
    bestInterests: related.bestInterests.map((bi) => ({
      id: bi.id,
      type: bi.recordType,
      author: bi.author,
      panelMembers: bi.panelMembers,
      decidedAt: bi.decidedAt.toISOString(),
      optionsConsidered: bi.optionsConsidered,
      childViews: bi.childViews,
      recommendedMeasure: bi.recommendedMeasure,
      urgentMeasures: bi.urgentMeasures,
      documentReference: bi.documentReference,
    })),
    informationSessions: related.sessions.map((session) => ({
      id: session.id,
      topic: session.topic,
      heldAt: session.heldAt.toISOString(),
      language: session.language,
      interpreterId: session.interpreterId,
      materialUsed: session.materialUsed,
      understanding: session.understanding,
      childViews: session.childViews,
      fearOfReturnExpressed: session.fearOfReturnExpressed,
      durationMinutes: session.durationMinutes,
      // INF-02: a long session is shown, not refused; the threshold is policy.
      durationAboveLimit: session.durationMinutes !== null && session.durationMinutes > related.config.SESSION_DURATION_WARNING_MINUTES,
      personsPresent: session.personsPresent,
      accessibilityAdaptations: session.accessibilityAdaptations,
      hearingAppropriate: session.hearingAppropriate,
      hearingAppropriatenessReason: session.hearingAppropriatenessReason,
    })),
    informDuties: related.duties.map((duty) => ({
      id: duty.id,
      topic: duty.topic,
      cause: duty.cause,
      openedAt: duty.openedAt.toISOString(),
      dueAt: duty.dueAt.toISOString(),
      dischargedAt: iso(duty.dischargedAt),
      overdue: duty.dischargedAt === null && duty.dueAt <= now,
    })),
  };
}
