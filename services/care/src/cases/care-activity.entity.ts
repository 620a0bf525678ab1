import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One thing given to the child for one need (meals repeat: each is a row). LM-11 evidence. */
@Entity({ name: 'care_delivery' })
export class CareDeliveryEntity {
  @PrimaryColumn('uuid')
  public id!: string;

  @Column('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('text')
  public need!: string;

  @Column('timestamptz', { name: 'delivered_at' })
  public deliveredAt!: Date;

  @Column('text', { name: 'delivered_by' })
  public deliveredBy!: string;

  /** Sealed at rest (CareTextCipher): for psychological first aid it tells what the child went through. */
  @Column('text')
  public provided!: string;

  @Column('text', { nullable: true })
  public meal!: string | null;

  @Column('text', { nullable: true })
  public diet!: string | null;

  /** Free text: sealed at rest (CareTextCipher), never in an event or a log. */
  @Column('text', { nullable: true })
  public notes!: string | null;

  @Column('uuid', { name: 'placement_id', nullable: true })
  public placementId!: string | null;

  @Column('uuid', { name: 'screening_id', nullable: true })
  public screeningId!: string | null;

  @Column('timestamptz', { name: 'recorded_at' })
  public recordedAt!: Date;
}

/** What a health screening found the child needs medically, as structured fields. */
@Entity({ name: 'health_screening' })
export class HealthScreeningEntity {
  @PrimaryColumn('uuid')
  public id!: string;

  @Column('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('timestamptz', { name: 'screened_at' })
  public screenedAt!: Date;

  @Column('text', { name: 'screened_by' })
  public screenedBy!: string;

  @Column('boolean', { name: 'urgent_referral' })
  public urgentReferral!: boolean;

  @Column('boolean', { name: 'chronic_condition' })
  public chronicCondition!: boolean;

  @Column('boolean', { name: 'pregnancy_follow_up' })
  public pregnancyFollowUp!: boolean;

  @Column('boolean', { name: 'disability_support' })
  public disabilitySupport!: boolean;

  /** Free text about the child's health: sealed at rest (CareTextCipher), never in an event or a log. */
  @Column('text', { nullable: true })
  public notes!: string | null;

  @Column('timestamptz', { name: 'recorded_at' })
  public recordedAt!: Date;
}

@Entity({ name: 'medical_referral' })
export class MedicalReferralEntity {
  @PrimaryColumn('uuid')
  public id!: string;

  @Column('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('boolean')
  public urgent!: boolean;

  @Column('text')
  public reason!: string;

  @Column('uuid', { name: 'screening_id', nullable: true })
  public screeningId!: string | null;

  @Column('timestamptz', { name: 'opened_at' })
  public openedAt!: Date;

  @Column('text', { name: 'opened_by' })
  public openedBy!: string;
}

@Entity({ name: 'incident' })
export class IncidentEntity {
  @PrimaryColumn('uuid')
  public id!: string;

  @Column('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('text')
  public type!: string;

  @Column('text')
  public severity!: string;

  @Column('boolean')
  public serious!: boolean;

  @Column('timestamptz', { name: 'occurred_at' })
  public occurredAt!: Date;

  @Column('text', { name: 'reported_by' })
  public reportedBy!: string;

  /** The account (an abuse disclosure, a threat): sealed at rest (CareTextCipher), never in an event or a log. */
  @Column('text', { nullable: true })
  public notes!: string | null;

  /** FEAR_OF_RETURN or PROTECTION_NEED when the child disclosed one; the code travels, the account stays. */
  @Column('text', { name: 'protection_concern', nullable: true })
  public protectionConcern!: string | null;

  @Column('timestamptz', { name: 'recorded_at' })
  public recordedAt!: Date;
}
