import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  Matches,
  Min,
} from 'class-validator';

import { defineEvent, EventContract } from '@opis/contracts-envelope';
import { CaseCategories } from '@opis/contracts-intake';

import { MOVE_STEPS, MoveStep } from '../requests/move-clearance.request';
import {
  BEST_INTERESTS_TYPES,
  BestInterestsType,
  INFORM_TOPICS,
  InformTopic,
  LEGAL_DEADLINE_LEVELS,
  LEGAL_DEADLINES,
  LegalDeadline,
  LegalDeadlineLevel,
  LOCK_REASONS,
  LockReason,
  PROCEDURE_RESOLUTIONS,
  PROCEDURE_STATUSES,
  ProcedureResolution,
  ProcedureStatus,
  RECOMMENDED_MEASURES,
  RecommendedMeasure,
  RESIDENCE_TASK_STATUSES,
  ResidenceTaskStatus,
  REVIEW_REASONS,
  ReviewReason,
  STAY_STATUSES,
  StayStatus,
  VRH_TYPES,
  VrhType,
} from '../vocabulary/legal-vocabulary';
import { PROTECTION_STATUSES, ProtectionStatus } from '../vocabulary/protection-vocabulary';

/** The legal record opened for a registered case, with the VRH-cautelar every migrant child holds. */
export class LegalRecordOpenedV1 extends CaseCategories {
  @IsIn(STAY_STATUSES)
  public stayStatus!: StayStatus;

  @IsIn(PROCEDURE_STATUSES)
  public procedureStatus!: ProcedureStatus;
}

export const recordOpenedV1 = defineEvent({
  name: { service: 'legal-status', aggregate: 'record', event: 'opened', version: 1 },
  dataClass: LegalRecordOpenedV1,
  semantics: 'snapshot',
  description: 'Legal-status opened the record of a registered case, with VRH-cautelar (LM-03, LM-07, INV-12).',
  example: {
    ageBand: '12-17',
    sex: 'F',
    nationality: 'GT',
    accompaniment: 'UNACCOMPANIED',
    stayStatus: 'VRH_CAUTELAR',
    procedureStatus: 'VRH_CAUTELAR',
  },
});

export class ProcedureChangedV1 {
  @IsIn(PROCEDURE_STATUSES)
  public status!: ProcedureStatus;

  @IsIn(PROCEDURE_STATUSES)
  public previousStatus!: ProcedureStatus;

  @IsOptional()
  @IsIn(PROCEDURE_RESOLUTIONS)
  public resolution?: ProcedureResolution;

  /** The resolution departs from the plan's measure by a supervisor's reasoned override (LM-06). */
  @IsOptional()
  @IsBoolean()
  public overridden?: boolean;

  @IsIn(STAY_STATUSES)
  public stayStatus!: StayStatus;
}

export const procedureChangedV1 = defineEvent({
  name: { service: 'legal-status', aggregate: 'procedure', event: 'changed', version: 1 },
  dataClass: ProcedureChangedV1,
  semantics: 'snapshot',
  description: 'The migration procedure (PAM) moved (DOMAIN.md 4.4 a). ASSISTED_RETURN_APPROVED is what repatriation starts from.',
  example: { status: 'RESOLVED', previousStatus: 'PLAN_RECEIVED', resolution: 'REGULARIZED_HUMANITARIAN', stayStatus: 'VRH_REGULARIZED' },
});

/** Whether a protection claim exists and where it stands; never the claim's content. */
export class ProtectionChangedV1 {
  @IsBoolean()
  public protectionClaimed!: boolean;

  @IsIn(PROTECTION_STATUSES)
  public status!: ProtectionStatus;

  @IsOptional()
  @IsIn(PROTECTION_STATUSES)
  public previousStatus?: ProtectionStatus;

  /** COMAR's decision deadline (IP-02, IP-03, IP-08) while a claim is pending. */
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  public decisionDueDate?: string;

  /** The last day to appeal a denial (IP-07). */
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  public appealWindowEndsDate?: string;

  /**
   * Whether fear of return stands for the child (INV-01, GD-08): recorded from a session or a
   * concern another service reported, lifted only by a Procuraduría decision. Sent since issue 18;
   * an event without it says nothing about fear.
   */
  @IsOptional()
  @IsBoolean()
  public fearOfReturn?: boolean;
}

export const protectionChangedV1 = defineEvent({
  name: { service: 'legal-status', aggregate: 'protection', event: 'changed', version: 1 },
  dataClass: ProtectionChangedV1,
  semantics: 'snapshot',
  description:
    'A child’s international protection need or claim changed (COMAR, DOMAIN.md 4.4 b). Family-contact and repatriation lock consular contact and return on it (INV-01, INV-06).',
  example: { protectionClaimed: true, status: 'CLAIM_PENDING', previousStatus: 'NEED_IDENTIFIED', decisionDueDate: '2027-02-05', fearOfReturn: false },
});

export class BestInterestsRecordedV1 {
  @IsIn(BEST_INTERESTS_TYPES)
  public recordType!: BestInterestsType;

  @IsOptional()
  @IsIn(RECOMMENDED_MEASURES)
  public recommendedMeasure?: RecommendedMeasure;

  @IsInt()
  @Min(0)
  public urgentMeasures!: number;

  @IsISO8601({ strict: true })
  public decidedAt!: string;
}

export const bestInterestsRecordedV1 = defineEvent({
  name: { service: 'legal-status', aggregate: 'best-interests', event: 'recorded', version: 1 },
  dataClass: BestInterestsRecordedV1,
  semantics: 'change',
  description: 'A plan de restitución (GD-13) or a UNHCR BIA/BID (IP-09) was recorded; its content stays in legal-status.',
  example: { recordType: 'PLAN', recommendedMeasure: 'HUMANITARIAN_REGULARISATION', urgentMeasures: 1, decidedAt: '2026-12-03T17:00:00.000Z' },
});

export class ChildInformedV1 {
  @IsIn(INFORM_TOPICS)
  public topic!: InformTopic;

  /** ISO 639-3 code of the language the session was held in. */
  @Matches(/^[a-z]{3}$/)
  public language!: string;

  @IsBoolean()
  public interpreterUsed!: boolean;

  @IsISO8601({ strict: true })
  public heldAt!: string;

  /** How many open duties to inform on this topic the session discharged. */
  @IsInt()
  @Min(0)
  public dutiesDischarged!: number;

  /** INF-02: whether hearing the child was judged appropriate to their age and maturity (sent since issue 18). */
  @IsOptional()
  @IsBoolean()
  public hearingAppropriate?: boolean;
}

export const childInformedV1 = defineEvent({
  name: { service: 'legal-status', aggregate: 'child', event: 'informed', version: 1 },
  dataClass: ChildInformedV1,
  semantics: 'change',
  description: 'The child was informed and heard on one LM-16 topic (INF-01..04); what the child said stays in legal-status.',
  example: { topic: 'MIGRATION_PROCEDURE', language: 'quc', interpreterUsed: true, heldAt: '2026-12-01T16:00:00.000Z', dutiesDischarged: 1, hearingAppropriate: true },
});

export class InformOverdueV1 {
  @IsIn(INFORM_TOPICS)
  public topic!: InformTopic;

  @IsISO8601({ strict: true })
  public openedAt!: string;

  @IsISO8601({ strict: true })
  public dueAt!: string;
}

export const informOverdueV1 = defineEvent({
  name: { service: 'legal-status', aggregate: 'inform', event: 'overdue', version: 1 },
  dataClass: InformOverdueV1,
  semantics: 'change',
  description: 'A status change was not explained to the child by its deadline (LM-16, INV-11). Raised once per duty.',
  example: { topic: 'MIGRATION_PROCEDURE', openedAt: '2026-12-01T10:00:00.000Z', dueAt: '2026-12-02T10:00:00.000Z' },
});

export class LockChangedV1 {
  @IsBoolean()
  public returnLocked!: boolean;

  @IsBoolean()
  public consularContactLocked!: boolean;

  @IsArray()
  @ArrayMaxSize(LOCK_REASONS.length)
  @IsIn(LOCK_REASONS, { each: true })
  public reasons!: LockReason[];

  @IsBoolean()
  public bestInterestsRecommendsReturn!: boolean;
}

export const lockChangedV1 = defineEvent({
  name: { service: 'legal-status', aggregate: 'lock', event: 'changed', version: 1 },
  dataClass: LockChangedV1,
  semantics: 'snapshot',
  description:
    'The protection lock of a case changed (INV-01, INV-06): the same facts `opis.legal-status.q.case-status` answers, for services that keep a copy.',
  example: { returnLocked: true, consularContactLocked: true, reasons: ['CLAIM_PENDING'], bestInterestsRecommendsReturn: false },
});

export class MoveDecidedV1 {
  @IsIn(MOVE_STEPS)
  public step!: MoveStep;

  @IsBoolean()
  public cleared!: boolean;

  @IsArray()
  @ArrayMaxSize(LOCK_REASONS.length)
  @IsIn(LOCK_REASONS, { each: true })
  public reasons!: LockReason[];
}

export const moveDecidedV1 = defineEvent({
  name: { service: 'legal-status', aggregate: 'move', event: 'decided', version: 1 },
  dataClass: MoveDecidedV1,
  semantics: 'change',
  description:
    'legal-status cleared or refused a step that moves the child across a border or to someone abroad (INV-01, GD-08), or a contact with the consulate of the country of origin (CONSULAR_CONTACT: INV-06, RP-05), under the case lock: in caseVersion order with the lock changes. A refusal is a blocked attempt (DOMAIN.md 7.2).',
  example: { step: 'RETURN_DEPARTURE', cleared: false, reasons: ['CLAIM_PENDING'] },
});

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class DeadlineAlertedV1 {
  @IsIn(LEGAL_DEADLINES)
  public deadline!: LegalDeadline;

  @IsIn(LEGAL_DEADLINE_LEVELS)
  public level!: LegalDeadlineLevel;

  /** CLAIM_DECISION: the working day of the claim's term reached (30, 40, 45; 75, 85, 90 once extended). */
  @IsOptional()
  @IsInt()
  @Min(1)
  public workingDay?: number;

  /** The last day, for deadlines counted in (working) days. */
  @IsOptional()
  @Matches(CALENDAR_DATE)
  public dueDate?: string;

  /** The moment, for deadlines counted in hours (IP-04). */
  @IsOptional()
  @IsISO8601({ strict: true })
  public dueAt?: string;
}

export const deadlineAlertedV1 = defineEvent({
  name: { service: 'legal-status', aggregate: 'deadline', event: 'alerted', version: 1 },
  dataClass: DeadlineAlertedV1,
  semantics: 'change',
  description:
    'A legal deadline reached an alert: COMAR’s decision at working days 30, 40 and 45 of its term (IP-02, IP-03), COMAR’s 72-hour notice to INM missed (IP-04), the permanent-residence task overdue (LM-17, IP-06). Raised once per deadline and level.',
  example: { deadline: 'CLAIM_DECISION', level: 'APPROACHING', workingDay: 30, dueDate: '2027-02-05' },
});

export class ResidenceTaskChangedV1 {
  @IsIn(RESIDENCE_TASK_STATUSES)
  public status!: ResidenceTaskStatus;

  @Matches(CALENDAR_DATE)
  public dueDate!: string;

  /** The officer responsible (a pseudonymous subject, never a name). */
  @Matches(/^\S{1,200}$/)
  public owner!: string;
}

export const residenceTaskChangedV1 = defineEvent({
  name: { service: 'legal-status', aggregate: 'residence-task', event: 'changed', version: 1 },
  dataClass: ResidenceTaskChangedV1,
  semantics: 'snapshot',
  description:
    'The permanent-residence task a positive protection decision opens (LM-17, IP-06): opened, reassigned or completed, with its owner and due date.',
  example: { status: 'OPEN', dueDate: '2027-01-20', owner: 'opi-chp-0042' },
});

export class VrhChangedV1 {
  @IsIn(VRH_TYPES)
  public vrhType!: VrhType;

  /** Whether the child holds the stay on this ground now. */
  @IsBoolean()
  public active!: boolean;

  @IsISO8601({ strict: true })
  public since!: string;
}

export const vrhChangedV1 = defineEvent({
  name: { service: 'legal-status', aggregate: 'vrh', event: 'changed', version: 1 },
  dataClass: VrhChangedV1,
  semantics: 'snapshot',
  description:
    'A ground of the child’s humanitarian stay (VRH, LM-17) began or ended: a claimant until the claim is resolved, a victim or witness of crime such as trafficking (RLM-05).',
  example: { vrhType: 'VICTIMA_TESTIGO', active: true, since: '2026-11-29T14:05:00.000Z' },
});

/** Never the date that led to it: a date of birth stays out of events. */
export class RecordReviewFlaggedV1 {
  @IsIn(REVIEW_REASONS)
  public reason!: ReviewReason;
}

export const recordReviewFlaggedV1 = defineEvent({
  name: { service: 'legal-status', aggregate: 'record', event: 'review-flagged', version: 1 },
  dataClass: RecordReviewFlaggedV1,
  semantics: 'change',
  description:
    'The legal record is flagged for an officer’s review: the child turned 18 during the case (DOMAIN.md 3.4, GD-12). Protections already triggered (a claim, a lock) stay. Raised once per reason.',
  example: { reason: 'TURNED_EIGHTEEN' },
});

/** Every legal-status event contract, for catalogs, consumers and tests. */
export const LEGAL_STATUS_EVENTS: readonly EventContract[] = [
  recordOpenedV1,
  procedureChangedV1,
  protectionChangedV1,
  bestInterestsRecordedV1,
  childInformedV1,
  informOverdueV1,
  lockChangedV1,
  moveDecidedV1,
  deadlineAlertedV1,
  residenceTaskChangedV1,
  vrhChangedV1,
  recordReviewFlaggedV1,
];
