import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

import { ReceptionStatus } from '@opis/contracts-repatriation';

/** A Mexican child returned from the USA (DOMAIN.md 4.5 b): notice, arrival, DIF, hand-over. */
@Entity({ name: 'reception' })
@Index('reception_office_idx', ['officeCode', 'status'])
export class ReceptionEntity {
  @PrimaryColumn('uuid')
  public id!: string;

  @Column('char', { name: 'office_code', length: 3 })
  public officeCode!: string;

  @Column('text')
  public status!: ReceptionStatus;

  @Column('text', { name: 'us_agency' })
  public usAgency!: string;

  @Column('text', { name: 'us_station' })
  public usStation!: string;

  @Column('text', { name: 'us_reference' })
  public usReference!: string;

  @Column('text', { name: 'expected_point_code' })
  public expectedPointCode!: string;

  @Column('timestamptz', { name: 'expected_at' })
  public expectedAt!: Date;

  @Column('boolean', { name: 'consulate_notified' })
  public consulateNotified!: boolean;

  @Column('boolean', { name: 'us_screening_record' })
  public usScreeningRecord!: boolean;

  @Column('text', { name: 'point_code', nullable: true })
  public pointCode!: string | null;

  @Column('timestamptz', { name: 'arrived_at', nullable: true })
  public arrivedAt!: Date | null;

  @Column('text', { nullable: true })
  public accompaniment!: string | null;

  @Column('uuid', { name: 'case_id', nullable: true, unique: true })
  public caseId!: string | null;

  @Column('timestamptz', { name: 'risk_screened_at', nullable: true })
  public riskScreenedAt!: Date | null;

  @Column('text', { name: 'risk_findings', array: true, nullable: true })
  public riskFindings!: string[] | null;

  @Column('text', { name: 'measure_reference', nullable: true })
  public measureReference!: string | null;

  @Column('timestamptz', { name: 'measure_issued_at', nullable: true })
  public measureIssuedAt!: Date | null;

  /** LM-15: why the child had migrated (multi-select); null until recorded. */
  @Column('text', { name: 'causes_of_migration', array: true, nullable: true })
  public causesOfMigration!: string[] | null;

  @Column('timestamptz', { name: 'causes_recorded_at', nullable: true })
  public causesRecordedAt!: Date | null;

  /** When the reception went to PROCURADURIA_MEASURE (once). */
  @Column('timestamptz', { name: 'procuraduria_referred_at', nullable: true })
  public procuraduriaReferredAt!: Date | null;

  @Column('uuid', { name: 'family_contact_id', nullable: true })
  public familyContactId!: string | null;

  @Column('timestamptz', { name: 'family_contacted_at', nullable: true })
  public familyContactedAt!: Date | null;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  public closedAt!: Date | null;

  @Column('text', { name: 'closed_by', nullable: true })
  public closedBy!: string | null;

  @Column('text', { name: 'dif_platform_id', nullable: true })
  public difPlatformId!: string | null;

  @Column('timestamptz', { name: 'channelled_at', nullable: true })
  public channelledAt!: Date | null;

  @Column('timestamptz', { name: 'handed_over_at', nullable: true })
  public handedOverAt!: Date | null;

  @Column('timestamptz', { name: 'opened_at' })
  public openedAt!: Date;

  @Column('text', { name: 'opened_by' })
  public openedBy!: string;
}

/** To a verified family member or escorted to the home state's DIF (US-05, LM-14); one per reception. */
@Entity({ name: 'reception_handover' })
export class ReceptionHandoverEntity {
  @PrimaryColumn('uuid')
  public id!: string;

  @Column('uuid', { name: 'reception_id', unique: true })
  public receptionId!: string;

  @Column('text')
  public kind!: string;

  @Column('uuid', { name: 'family_contact_id', nullable: true })
  public familyContactId!: string | null;

  @Column('text', { name: 'identity_evidence', array: true })
  public identityEvidence!: string[];

  @Column('text', { name: 'kinship_evidence', array: true })
  public kinshipEvidence!: string[];

  @Column('char', { name: 'home_state', length: 3, nullable: true })
  public homeState!: string | null;

  @Column('text', { name: 'escort_officer_ids', array: true })
  public escortOfficerIds!: string[];

  @Column('timestamptz', { name: 'handed_over_at' })
  public handedOverAt!: Date;

  @Column('text', { name: 'recorded_by' })
  public recordedBy!: string;
}

/** Something recorded against a reception, once per kind (US-03: an arrival out of hours). */
@Entity({ name: 'incident' })
@Unique(['receptionId', 'kind'])
export class IncidentEntity {
  @PrimaryColumn('uuid')
  public id!: string;

  @Column('text')
  public kind!: string;

  @Column('uuid', { name: 'reception_id' })
  public receptionId!: string;

  @Column('text', { name: 'point_code' })
  public pointCode!: string;

  @Column('timestamptz', { name: 'occurred_at' })
  public occurredAt!: Date;

  @Column('timestamptz', { name: 'recorded_at', default: () => 'clock_timestamp()' })
  public recordedAt!: Date;
}
