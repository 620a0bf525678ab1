import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Relation, VersionColumn } from 'typeorm';

import { PersonEntity } from '../people/person.entity';

export interface AccompanimentEvidence {
  basis: string;
  relationship: string;
  documentReference?: string;
  statementBy?: string;
}

/** One encounter of a child at a migration point: the case other services key by `id`. */
@Entity({ name: 'intake_case' })
@Index('intake_case_office_registered_idx', ['officeCode', 'registeredAt', 'id'])
export class CaseEntity {
  @PrimaryColumn('uuid')
  public id!: string;

  @Column('text', { name: 'case_number', unique: true })
  public caseNumber!: string;

  @Column('uuid', { name: 'person_id' })
  public personId!: string;

  @ManyToOne(() => PersonEntity, { nullable: false })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'intake_case_person_fk' })
  public person?: Relation<PersonEntity>;

  @Column('char', { name: 'office_code', length: 3 })
  public officeCode!: string;

  @Column('text')
  public status!: string;

  @Column('int', { name: 'age_years' })
  public ageYears!: number;

  @Column('text', { name: 'age_status' })
  public ageStatus!: string;

  @Column('int', { name: 'age_candidates', array: true, default: () => "'{}'" })
  public ageCandidates!: number[];

  @Column('int', { name: 'age_for_rules' })
  public ageForRules!: number;

  @Column('text', { name: 'age_band' })
  public ageBand!: string;

  /** The point in intake's reference list (migration_point): what events carry. */
  @Column('text', { name: 'migration_point_code' })
  public migrationPointCode!: string;

  /** The place in the officer's words, if any: kept here, never in an event. */
  @Column('text', { name: 'migration_point', nullable: true })
  public migrationPoint!: string | null;

  @Column('timestamptz', { name: 'detected_at' })
  public detectedAt!: Date;

  @Column('text', { name: 'entry_path' })
  public entryPath!: string;

  @Column('text')
  public accompaniment!: string;

  @Column('jsonb', { name: 'accompaniment_evidence' })
  public accompanimentEvidence!: AccompanimentEvidence[];

  @Column('uuid', { name: 'household_id', nullable: true })
  public householdId!: string | null;

  @Column('boolean', { name: 'protection_need_indicated' })
  public protectionNeedIndicated!: boolean;

  @Column('boolean', { name: 'trafficking_indicators' })
  public traffickingIndicators!: boolean;

  @Column('boolean', { name: 'medical_emergency' })
  public medicalEmergency!: boolean;

  @Column('boolean')
  public disability!: boolean;

  @Column('boolean')
  public pregnant!: boolean;

  @Column('text', { name: 'assigned_officer_id', nullable: true })
  public assignedOfficerId!: string | null;

  @Column('text', { name: 'registered_by' })
  public registeredBy!: string;

  @Column('timestamptz', { name: 'registered_at' })
  public registeredAt!: Date;

  @Column('timestamptz', { name: 'procuraduria_notified_at', nullable: true })
  public procuraduriaNotifiedAt!: Date | null;

  @Column('timestamptz', { name: 'dif_channelled_at', nullable: true })
  public difChannelledAt!: Date | null;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  public closedAt!: Date | null;

  /** DOMAIN.md 4.1: identification complete (IDENTIFYING to SCREENING). */
  @Column('timestamptz', { name: 'identified_at', nullable: true })
  public identifiedAt!: Date | null;

  /** DOMAIN.md 4.1: screening complete. */
  @Column('timestamptz', { name: 'screened_at', nullable: true })
  public screenedAt!: Date | null;

  /** GD-12: when a competent age determination took the person out of the child flow. */
  @Column('timestamptz', { name: 'exited_adult_flow_at', nullable: true })
  public exitedAdultFlowAt!: Date | null;

  @Column('timestamptz', { name: 'updated_at' })
  public updatedAt!: Date;

  @VersionColumn()
  public version!: number;
}
