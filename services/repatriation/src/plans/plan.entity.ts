import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { PlanStatus } from '@opis/contracts-repatriation';

/** An outbound assisted return (DOMAIN.md 4.5 a); one open plan at a time per child. */
@Entity({ name: 'return_plan' })
export class ReturnPlanEntity {
  @PrimaryColumn('uuid')
  public id!: string;

  /** Partial indexes, kept by the migrations: one open plan per case; the case's last abort. */
  @Index('return_plan_one_open_idx', { synchronize: false })
  @Index('return_plan_aborted_idx', { synchronize: false })
  @Column('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('char', { name: 'office_code', length: 3 })
  public officeCode!: string;

  @Column('char', { name: 'receiving_country', length: 2 })
  public receivingCountry!: string;

  @Column('text')
  public status!: PlanStatus;

  @Column('uuid', { name: 'family_contact_id', nullable: true })
  public familyContactId!: string | null;

  @Column('text', { name: 'authority_code', nullable: true })
  public authorityCode!: string | null;

  @Column('text', { name: 'authority_official_position', nullable: true })
  public authorityOfficialPosition!: string | null;

  /** LM-13: the receiving official's name and contact; personal data, never in an event. */
  @Column('text', { name: 'authority_official_name', nullable: true })
  public authorityOfficialName!: string | null;

  @Column('text', { name: 'authority_official_contact', nullable: true })
  public authorityOfficialContact!: string | null;

  @Column('timestamptz', { name: 'authority_accepted_at', nullable: true })
  public authorityAcceptedAt!: Date | null;

  @Column('boolean', { name: 'takes_guardianship', default: false })
  public takesGuardianship!: boolean;

  /** RP-09's checklist. */
  @Column('text', { name: 'origin_risk_reference', nullable: true })
  public originRiskReference!: string | null;

  @Column('timestamptz', { name: 'origin_risk_assessed_at', nullable: true })
  public originRiskAssessedAt!: Date | null;

  @Column('boolean', { name: 'origin_return_safe', nullable: true })
  public originReturnSafe!: boolean | null;

  @Column('text', { name: 'protection_plan_reference', nullable: true })
  public protectionPlanReference!: string | null;

  @Column('timestamptz', { name: 'protection_plan_confirmed_at', nullable: true })
  public protectionPlanConfirmedAt!: Date | null;

  /** RP-10, INV-09: the Procuraduría plan (legal-status's determination) endorsing a family-unit return. */
  @Column('uuid', { name: 'family_unit_best_interests_id', nullable: true })
  public familyUnitBestInterestsId!: string | null;

  @Column('text', { name: 'family_unit_adult_relationship', nullable: true })
  public familyUnitAdultRelationship!: string | null;

  @Column('timestamptz', { name: 'family_unit_endorsed_at', nullable: true })
  public familyUnitEndorsedAt!: Date | null;

  @Column('text', { name: 'family_unit_recorded_by', nullable: true })
  public familyUnitRecordedBy!: string | null;

  @Column('boolean', { name: 'with_family_adults', default: false })
  public withFamilyAdults!: boolean;

  @Column('boolean', { name: 'fit_to_travel', nullable: true })
  public fitToTravel!: boolean | null;

  @Column('timestamptz', { name: 'fitness_assessed_at', nullable: true })
  public fitnessAssessedAt!: Date | null;

  @Column('text', { name: 'exit_point_code', nullable: true })
  public exitPointCode!: string | null;

  @Column('timestamptz', { name: 'handover_at', nullable: true })
  public handoverAt!: Date | null;

  @Column('timestamptz', { name: 'approved_at', nullable: true })
  public approvedAt!: Date | null;

  @Column('text', { name: 'approved_by', nullable: true })
  public approvedBy!: string | null;

  @Column('timestamptz', { name: 'departed_at', nullable: true })
  public departedAt!: Date | null;

  @Column('timestamptz', { name: 'handed_over_at', nullable: true })
  public handedOverAt!: Date | null;

  @Column('timestamptz', { name: 'aborted_at', nullable: true })
  public abortedAt!: Date | null;

  @Column('text', { name: 'abort_reason', nullable: true })
  public abortReason!: string | null;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  public closedAt!: Date | null;

  @Column('text', { name: 'closed_by', nullable: true })
  public closedBy!: string | null;

  /** Free text (follow-up, reintegration): kept here sealed (PlanTextCipher), never in an event. */
  @Column('text', { name: 'follow_up_note', nullable: true })
  public followUpNote!: string | null;

  @Column('timestamptz', { name: 'proposed_at' })
  public proposedAt!: Date;

  @Column('text', { name: 'proposed_by' })
  public proposedBy!: string;
}

/** One leg of a scheduled return, in order, each with its escorts (LM-14, INV-08). */
@Entity({ name: 'plan_leg' })
export class PlanLegEntity {
  @PrimaryColumn('uuid', { name: 'plan_id' })
  public planId!: string;

  @PrimaryColumn('smallint')
  public seq!: number;

  @Column('text')
  public mode!: string;

  @Column('text')
  public origin!: string;

  @Column('text')
  public destination!: string;

  @Column('timestamptz', { name: 'departs_at' })
  public departsAt!: Date;

  @Column('text', { name: 'escort_officer_ids', array: true })
  public escortOfficerIds!: string[];
}

/** The acta de entrega to the receiving authority abroad (RP-03, INV-08); one per plan. */
@Entity({ name: 'plan_handover' })
export class PlanHandoverEntity {
  @PrimaryColumn('uuid')
  public id!: string;

  @Column('uuid', { name: 'plan_id', unique: true })
  public planId!: string;

  @Column('text', { name: 'authority_code' })
  public authorityCode!: string;

  @Column('text', { name: 'official_name' })
  public officialName!: string;

  @Column('text', { name: 'official_position' })
  public officialPosition!: string;

  @Column('text')
  public place!: string;

  @Column('timestamptz', { name: 'handed_over_at' })
  public handedOverAt!: Date;

  @Column('text', { name: 'recorded_by' })
  public recordedBy!: string;

  @Column('timestamptz', { name: 'recorded_at', default: () => 'clock_timestamp()' })
  public recordedAt!: Date;
}
