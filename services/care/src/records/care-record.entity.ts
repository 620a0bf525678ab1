import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Care's copy of intake's case summary, keyed by intake's caseId, with the record's flags. */
@Entity({ name: 'care_record' })
export class CareRecordEntity {
  @PrimaryColumn('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('text', { name: 'case_number' })
  public caseNumber!: string;

  @Column('char', { name: 'office_code', length: 3 })
  public officeCode!: string;

  @Column('text', { name: 'age_band' })
  public ageBand!: string;

  @Column('char', { length: 1 })
  public sex!: string;

  @Column('char', { length: 2 })
  public nationality!: string;

  @Column('text')
  public accompaniment!: string;

  @Column('uuid', { name: 'household_id', nullable: true })
  public householdId!: string | null;

  @Column('timestamptz', { name: 'detected_at' })
  public detectedAt!: Date;

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

  @Column('text', { array: true })
  public flags!: string[];

  @Column('uuid', { name: 'opened_by_event_id' })
  public openedByEventId!: string;

  /** OPEN, or the state it closed in (TRANSFERRED); ACTIVE is derived from the needs on read. */
  @Column('text')
  public status!: string;

  /** When INM's care ended (the hand-over to DIF); null while open. */
  @Column('timestamptz', { name: 'closed_at', nullable: true })
  public closedAt!: Date | null;

  /** The intake caseVersion last applied to the copy (@opis/case-copy). */
  @Column('integer', { name: 'intake_case_version' })
  public intakeCaseVersion!: number;

  @Column('timestamptz', { name: 'created_at' })
  public createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  public updatedAt!: Date;
}

/** One need of a case's checklist: due from detection, met by its first delivery. */
@Entity({ name: 'care_need' })
export class CareNeedEntity {
  @PrimaryColumn('uuid', { name: 'case_id' })
  public caseId!: string;

  @PrimaryColumn('text')
  public need!: string;

  @Column('timestamptz', { name: 'due_at' })
  public dueAt!: Date;

  @Column('timestamptz', { name: 'met_at', nullable: true })
  public metAt!: Date | null;

  @Column('timestamptz', { name: 'overdue_raised_at', nullable: true })
  public overdueRaisedAt!: Date | null;
}
