import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A registered case as family-contact knows it (a copy of intake's summary) and its status. */
@Entity({ name: 'family_record' })
@Index('family_record_office_idx', ['officeCode', 'registeredAt'])
export class FamilyRecordEntity {
  @PrimaryColumn('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('text', { name: 'case_number' })
  public caseNumber!: string;

  @Column('char', { name: 'office_code', length: 3 })
  public officeCode!: string;

  @Column('text', { name: 'age_band' })
  public ageBand!: string;

  @Column('text')
  public sex!: string;

  @Column('char', { length: 2 })
  public nationality!: string;

  @Column('text')
  public accompaniment!: string;

  @Column('text', { name: 'speaks_spanish' })
  public speaksSpanish!: string;

  /** Intake's screening flag (LM-12): a possible protection need locks consular contact too. */
  @Column('boolean', { name: 'protection_need_indicated' })
  public protectionNeedIndicated!: boolean;

  @Column('text')
  public status!: string;

  @Column('timestamptz', { name: 'registered_at' })
  public registeredAt!: Date;

  /** Intake's `detectedAt`, DOMAIN.md's T0: the first call is due from it. Null on records opened before it was kept. */
  @Column('timestamptz', { name: 'detected_at', nullable: true })
  public detectedAt!: Date | null;

  @Column('timestamptz', { name: 'first_call_due_at' })
  public firstCallDueAt!: Date;

  @Column('timestamptz', { name: 'first_call_at', nullable: true })
  public firstCallAt!: Date | null;

  @Column('timestamptz', { name: 'reunified_at', nullable: true })
  public reunifiedAt!: Date | null;

  /** A competent age determination took the person out of the child flow (GD-12): the child clocks stop. */
  @Column('timestamptz', { name: 'child_flow_exited_at', nullable: true })
  public childFlowExitedAt!: Date | null;

  /** The intake caseVersion last applied to the copy (@opis/case-copy): an older event never overwrites a newer one. */
  @Column('integer', { name: 'intake_case_version' })
  public intakeCaseVersion!: number;

  @Column('timestamptz', { name: 'opened_at' })
  public openedAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  public updatedAt!: Date;
}

/** Legal-status's protection state of a case, from `legal.protection.changed` (and `legal.record.opened`). */
@Entity({ name: 'case_protection' })
export class CaseProtectionEntity {
  @PrimaryColumn('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('boolean', { name: 'protection_claimed' })
  public protectionClaimed!: boolean;

  @Column('text')
  public status!: string;

  @Column('timestamptz', { name: 'as_of' })
  public asOf!: Date;

  @Column('uuid', { name: 'event_id' })
  public eventId!: string;
}

/** Legal-status's lock of a case as it published it (`legal.lock.changed`, `legal.record.opened`), with its time. */
@Entity({ name: 'legal_lock_copy' })
export class LegalLockCopyEntity {
  @PrimaryColumn('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('boolean', { name: 'return_locked' })
  public returnLocked!: boolean;

  @Column('boolean', { name: 'consular_contact_locked' })
  public consularContactLocked!: boolean;

  @Column('text', { array: true })
  public reasons!: string[];

  @Column('timestamptz', { name: 'as_of' })
  public asOf!: Date;

  /** legal-status's case version of the event; null for copies kept before it was. */
  @Column('integer', { name: 'case_version', nullable: true })
  public caseVersion!: number | null;

  @Column('uuid', { name: 'event_id' })
  public eventId!: string;
}
