import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A registered case as legal-status knows it (a copy of intake's summary) and its two machines. */
@Entity({ name: 'legal_record' })
@Index('legal_record_office_idx', ['officeCode', 'openedAt'])
export class LegalRecordEntity {
  @PrimaryColumn('uuid', { name: 'case_id' }) public caseId!: string;
  @Column('text', { name: 'case_number' }) public caseNumber!: string;
  @Column('char', { name: 'office_code', length: 3 }) public officeCode!: string;
  @Column('text', { name: 'age_band' }) public ageBand!: string;
  @Column('text') public sex!: string;
  @Column('char', { length: 2 }) public nationality!: string;
  @Column('text') public accompaniment!: string;
  @Column('text', { name: 'speaks_spanish' }) public speaksSpanish!: string;
  @Column('timestamptz', { name: 'detected_at' }) public detectedAt!: Date;
  /** The intake caseVersion last applied to the copy (@opis/case-copy): an older event never overwrites a newer one. */
  @Column('integer', { name: 'intake_case_version' }) public intakeCaseVersion!: number;
  @Column('timestamptz', { name: 'procuraduria_notified_at', nullable: true }) public procuraduriaNotifiedAt!: Date | null;
  /** DOMAIN.md 3.4: the child's 18th birthday as an officer read it in intake's identity record, and how it is known. */
  @Column('date', { name: 'turns_eighteen_on', nullable: true }) public turnsEighteenOn!: string | null;
  @Column('text', { name: 'turns_eighteen_basis', nullable: true }) public turnsEighteenBasis!: string | null;
  @Column('timestamptz', { name: 'age_review_flagged_at', nullable: true }) public ageReviewFlaggedAt!: Date | null;

  @Column('text', { name: 'stay_status' }) public stayStatus!: string;
  @Column('text', { name: 'procedure_status' }) public procedureStatus!: string;
  @Column('timestamptz', { name: 'procedure_opened_at', nullable: true }) public procedureOpenedAt!: Date | null;
  @Column('text', { name: 'procedure_resolution', nullable: true }) public procedureResolution!: string | null;
  @Column('timestamptz', { name: 'procedure_resolved_at', nullable: true }) public procedureResolvedAt!: Date | null;
  @Column('text', { name: 'procedure_override_reason', nullable: true }) public procedureOverrideReason!: string | null;
  @Column('text', { name: 'procedure_override_by', nullable: true }) public procedureOverrideBy!: string | null;
  @Column('text', { name: 'procedure_review_kind', nullable: true }) public procedureReviewKind!: string | null;
  /** GD-02: the consequences of the resolution for the child, weighed (sealed). */
  @Column('text', { name: 'procedure_impact_assessment', nullable: true }) public procedureImpactAssessment!: string | null;
  /** GD-02, LM-06: the plan de restitución the resolution rests on. */
  @Column('uuid', { name: 'procedure_plan_id', nullable: true }) public procedurePlanId!: string | null;
  /** The assisted return was aborted after the PAM resolved for it: the procedure went back to await a fresh plan. */
  @Column('timestamptz', { name: 'procedure_reopened_at', nullable: true }) public procedureReopenedAt!: Date | null;
  @Column('text', { name: 'procedure_reopen_cause', nullable: true }) public procedureReopenCause!: string | null;

  @Column('text', { name: 'protection_status' }) public protectionStatus!: string;
  @Column('timestamptz', { name: 'need_identified_at', nullable: true }) public needIdentifiedAt!: Date | null;
  @Column('text', { name: 'need_source', nullable: true }) public needSource!: string | null;
  @Column('timestamptz', { name: 'claim_filed_at', nullable: true }) public claimFiledAt!: Date | null;
  @Column('text', { name: 'claim_representative', nullable: true }) public claimRepresentative!: string | null;
  @Column('text', { name: 'claim_interpreter_id', nullable: true }) public claimInterpreterId!: string | null;
  @Column('text', { name: 'claim_late_justification', nullable: true }) public claimLateJustification!: string | null;
  @Column('timestamptz', { name: 'comar_notice_due_at', nullable: true }) public comarNoticeDueAt!: Date | null;
  @Column('timestamptz', { name: 'comar_notice_received_at', nullable: true }) public comarNoticeReceivedAt!: Date | null;
  @Column('timestamptz', { name: 'extension_granted_at', nullable: true }) public extensionGrantedAt!: Date | null;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) public decidedAt!: Date | null;
  @Column('text', { name: 'appeal_kind', nullable: true }) public appealKind!: string | null;
  @Column('timestamptz', { name: 'appeal_filed_at', nullable: true }) public appealFiledAt!: Date | null;
  @Column('text', { name: 'withdrawal_representative', nullable: true }) public withdrawalRepresentative!: string | null;
  @Column('text', { name: 'withdrawal_child_views', nullable: true }) public withdrawalChildViews!: string | null;
  @Column('timestamptz', { name: 'protection_ended_at', nullable: true }) public protectionEndedAt!: Date | null;
  @Column('timestamptz', { name: 'residence_task_opened_at', nullable: true }) public residenceTaskOpenedAt!: Date | null;
  /** LM-17, IP-06: who is to obtain the permanent residence, by when, and when it was done. */
  @Column('text', { name: 'residence_task_owner', nullable: true }) public residenceTaskOwner!: string | null;
  @Column('date', { name: 'residence_task_due_on', nullable: true }) public residenceTaskDueOn!: string | null;
  @Column('timestamptz', { name: 'residence_task_completed_at', nullable: true }) public residenceTaskCompletedAt!: Date | null;
  @Column('text', { name: 'residence_task_completed_by', nullable: true }) public residenceTaskCompletedBy!: string | null;
  @Column('text', { name: 'residence_task_document_reference', nullable: true }) public residenceTaskDocumentReference!: string | null;
  @Column('timestamptz', { name: 'fear_of_return_at', nullable: true }) public fearOfReturnAt!: Date | null;

  @Column('boolean', { name: 'return_locked' }) public returnLocked!: boolean;
  @Column('boolean', { name: 'consular_locked' }) public consularLocked!: boolean;
  @Column('text', { name: 'lock_reasons', array: true }) public lockReasons!: string[];
  @Column('boolean', { name: 'bi_recommends_return' }) public biRecommendsReturn!: boolean;
  /** When the lock or the protection state last changed: the `asOf` of case-status. */
  @Column('timestamptz', { name: 'status_as_of' }) public statusAsOf!: Date;
  @Column('timestamptz', { name: 'opened_at' }) public openedAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) public updatedAt!: Date;
}

/** One GD-04 guarantee with its evidence (date, document, person). */
@Entity({ name: 'due_process_item' })
export class DueProcessItemEntity {
  @PrimaryColumn('uuid', { name: 'case_id' }) public caseId!: string;
  @PrimaryColumn('text') public item!: string;
  @Column('timestamptz', { name: 'completed_at' }) public completedAt!: Date;
  @Column('text', { name: 'document_reference' }) public documentReference!: string;
  @Column('text') public person!: string;
  @Column('text', { name: 'not_applicable_reason', nullable: true }) public notApplicableReason!: string | null;
  @Column('text', { name: 'recorded_by' }) public recordedBy!: string;
  @Column('timestamptz', { name: 'recorded_at' }) public recordedAt!: Date;
}

@Entity({ name: 'best_interests_record' })
export class BestInterestsRecordEntity {
  @PrimaryColumn('uuid') public id!: string;
  @Column('uuid', { name: 'case_id' }) public caseId!: string;
  @Column('text', { name: 'record_type' }) public recordType!: string;
  @Column('text') public author!: string;
  @Column('text', { name: 'panel_members', array: true }) public panelMembers!: string[];
  @Column('timestamptz', { name: 'decided_at' }) public decidedAt!: Date;
  @Column('text', { name: 'options_considered', array: true }) public optionsConsidered!: string[];
  @Column('text', { name: 'child_views' }) public childViews!: string;
  @Column('text', { name: 'recommended_measure', nullable: true }) public recommendedMeasure!: string | null;
  @Column('text', { name: 'urgent_measures', array: true }) public urgentMeasures!: string[];
  @Column('text', { name: 'document_reference', nullable: true }) public documentReference!: string | null;
  @Column('text', { name: 'recorded_by' }) public recordedBy!: string;
  @Column('timestamptz', { name: 'recorded_at' }) public recordedAt!: Date;
}

@Entity({ name: 'information_session' })
export class InformationSessionEntity {
  @PrimaryColumn('uuid') public id!: string;
  @Column('uuid', { name: 'case_id' }) public caseId!: string;
  @Column('text') public topic!: string;
  @Column('timestamptz', { name: 'held_at' }) public heldAt!: Date;
  @Column('char', { length: 3 }) public language!: string;
  @Column('text', { name: 'interpreter_id', nullable: true }) public interpreterId!: string | null;
  @Column('text', { name: 'material_used' }) public materialUsed!: string;
  @Column('text') public understanding!: string;
  @Column('text', { name: 'child_views', nullable: true }) public childViews!: string | null;
  @Column('boolean', { name: 'fear_of_return_expressed' }) public fearOfReturnExpressed!: boolean;
  @Column('int', { name: 'duration_minutes', nullable: true }) public durationMinutes!: number | null;
  /** INF-02 (NULL on sessions recorded before it was asked): who was there, in which role. */
  @Column('jsonb', { name: 'persons_present', nullable: true }) public personsPresent!: Array<{ role: string; person: string }> | null;
  @Column('text', { name: 'accessibility_adaptations', array: true, nullable: true }) public accessibilityAdaptations!: string[] | null;
  @Column('boolean', { name: 'hearing_appropriate', nullable: true }) public hearingAppropriate!: boolean | null;
  @Column('text', { name: 'hearing_appropriateness_reason', nullable: true }) public hearingAppropriatenessReason!: string | null;
  @Column('text', { name: 'recorded_by' }) public recordedBy!: string;
  @Column('timestamptz', { name: 'recorded_at' }) public recordedAt!: Date;
}

@Entity({ name: 'inform_duty' })
export class InformDutyEntity {
  @PrimaryColumn('uuid') public id!: string;
  @Column('uuid', { name: 'case_id' }) public caseId!: string;
  @Column('text') public topic!: string;
  @Column('text') public cause!: string;
  @Column('timestamptz', { name: 'opened_at' }) public openedAt!: Date;
  @Column('timestamptz', { name: 'due_at' }) public dueAt!: Date;
  @Column('timestamptz', { name: 'discharged_at', nullable: true }) public dischargedAt!: Date | null;
  @Column('uuid', { name: 'session_id', nullable: true }) public sessionId!: string | null;
  @Column('timestamptz', { name: 'overdue_raised_at', nullable: true }) public overdueRaisedAt!: Date | null;
}

@Entity({ name: 'explanation_text' })
export class ExplanationTextEntity {
  @PrimaryColumn('text') public topic!: string;
  @PrimaryColumn('text', { name: 'age_band' }) public ageBand!: string;
  @PrimaryColumn('char', { length: 3 }) public language!: string;
  @Column('text') public title!: string;
  @Column('text') public body!: string;
  @Column('text', { name: 'updated_by' }) public updatedBy!: string;
  @Column('timestamptz', { name: 'updated_at' }) public updatedAt!: Date;
}

@Entity({ name: 'calendar_holiday' })
export class CalendarHolidayEntity {
  @PrimaryColumn('date') public day!: string;
  @Column('text') public description!: string;
  @Column('text', { name: 'created_by' }) public createdBy!: string;
  @Column('timestamptz', { name: 'created_at' }) public createdAt!: Date;
}

@Entity({ name: 'clock_suspension' })
export class ClockSuspensionEntity {
  @PrimaryColumn('uuid') public id!: string;
  @Column('date', { name: 'starts_on' }) public startsOn!: string;
  @Column('date', { name: 'ends_on' }) public endsOn!: string;
  @Column('text', { name: 'legal_basis' }) public legalBasis!: string;
  @Column('text', { name: 'created_by' }) public createdBy!: string;
  @Column('timestamptz', { name: 'created_at' }) public createdAt!: Date;
}

/** A concern another service reported (issue 18): once per source event, applied when the record exists. */
@Entity({ name: 'protection_concern' })
export class ProtectionConcernEntity {
  @PrimaryColumn('uuid', { name: 'event_id' }) public eventId!: string;
  @Column('uuid', { name: 'case_id' }) public caseId!: string;
  @Column('text', { name: 'source_service' }) public sourceService!: string;
  @Column('text', { name: 'source_event_type' }) public sourceEventType!: string;
  /** The source event's actor (a pseudonymous officer id, or a service): who reported it. */
  @Column('text', { name: 'reported_by' }) public reportedBy!: string;
  @Column('text', { nullable: true }) public concern!: string | null;
  @Column('boolean', { name: 'return_aborted' }) public returnAborted!: boolean;
  @Column('timestamptz', { name: 'reported_at' }) public reportedAt!: Date;
  @Column('timestamptz', { name: 'received_at' }) public receivedAt!: Date;
  @Column('timestamptz', { name: 'applied_at', nullable: true }) public appliedAt!: Date | null;
  @Column('text', { array: true, nullable: true }) public outcomes!: string[] | null;
}

/** Fear of return lifted by a Procuraduría decision, with the child heard (GD-08, INF-04). */
@Entity({ name: 'fear_lift' })
export class FearLiftEntity {
  @PrimaryColumn('uuid') public id!: string;
  @Column('uuid', { name: 'case_id' }) public caseId!: string;
  @Column('timestamptz', { name: 'fear_recorded_at' }) public fearRecordedAt!: Date;
  @Column('text', { name: 'decision_reference' }) public decisionReference!: string;
  @Column('timestamptz', { name: 'decided_at' }) public decidedAt!: Date;
  @Column('text') public official!: string;
  @Column('text', { name: 'child_views', nullable: true }) public childViews!: string | null;
  @Column('text', { name: 'child_views_unavailable_reason', nullable: true }) public childViewsUnavailableReason!: string | null;
  @Column('text', { name: 'lifted_by' }) public liftedBy!: string;
  @Column('timestamptz', { name: 'lifted_at' }) public liftedAt!: Date;
}

/** An alert raised once per deadline occurrence (`alertKey`) and level (IP-02, IP-04, LM-17). */
@Entity({ name: 'legal_alert' })
export class LegalAlertEntity {
  @PrimaryColumn('uuid', { name: 'case_id' }) public caseId!: string;
  @PrimaryColumn('text') public deadline!: string;
  @PrimaryColumn('text', { name: 'alert_key' }) public alertKey!: string;
  @Column('text') public level!: string;
  @Column('timestamptz', { name: 'raised_at' }) public raisedAt!: Date;
}

/** A ground of a foreign child's humanitarian stay (VRH, LM-17): since when, from what, until when. */
@Entity({ name: 'vrh_ground' })
export class VrhGroundEntity {
  @PrimaryColumn('uuid', { name: 'case_id' }) public caseId!: string;
  @PrimaryColumn('text', { name: 'vrh_type' }) public vrhType!: string;
  @Column('timestamptz') public since!: Date;
  @Column('text') public source!: string;
  @Column('timestamptz', { name: 'ended_at', nullable: true }) public endedAt!: Date | null;
}
