import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Repatriation's copy of intake's case: categories and flags only, never identity. */
@Entity({ name: 'case_copy' })
export class CaseCopyEntity {
  @PrimaryColumn('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('char', { name: 'office_code', length: 3 })
  public officeCode!: string;

  @Column('text', { name: 'entry_path' })
  public entryPath!: string;

  @Column('text', { name: 'age_band' })
  public ageBand!: string;

  @Column('char', { length: 1 })
  public sex!: string;

  @Column('char', { length: 2 })
  public nationality!: string;

  @Column('text')
  public accompaniment!: string;

  @Column('boolean', { name: 'protection_need_indicated' })
  public protectionNeedIndicated!: boolean;

  /** Intake's screening: trafficking indicators (RP-09 adds its checklist to a return). */
  @Column('boolean', { name: 'trafficking_indicated', default: false })
  public traffickingIndicated!: boolean;

  /** The intake caseVersion last applied to the copy (@opis/case-copy). */
  @Column('integer', { name: 'intake_case_version' })
  public intakeCaseVersion!: number;

  /** When the case began (intake's detectedAt); null for copies kept before it was copied. */
  @Column('timestamptz', { name: 'detected_at', nullable: true })
  public detectedAt!: Date | null;

  @Column('timestamptz', { name: 'updated_at', default: () => 'clock_timestamp()' })
  public updatedAt!: Date;
}

/** legal-status's facts about a case, each with the legal-status caseVersion it came from (null: not heard yet). */
@Entity({ name: 'legal_copy' })
export class LegalCopyEntity {
  @PrimaryColumn('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('boolean', { name: 'return_locked', default: false })
  public returnLocked!: boolean;

  @Column('text', { name: 'lock_reasons', array: true, default: '{}' })
  public lockReasons!: string[];

  @Column('integer', { name: 'lock_version', nullable: true })
  public lockVersion!: number | null;

  @Column('text', { name: 'protection_status', nullable: true })
  public protectionStatus!: string | null;

  @Column('integer', { name: 'protection_version', nullable: true })
  public protectionVersion!: number | null;

  @Column('boolean', { name: 'bi_recommends_return', default: false })
  public biRecommendsReturn!: boolean;

  @Column('integer', { name: 'bi_version', nullable: true })
  public biVersion!: number | null;

  @Column('timestamptz', { name: 'return_informed_at', nullable: true })
  public returnInformedAt!: Date | null;

  @Column('text', { name: 'procedure_status', nullable: true })
  public procedureStatus!: string | null;

  @Column('text', { name: 'procedure_resolution', nullable: true })
  public procedureResolution!: string | null;

  @Column('integer', { name: 'procedure_version', nullable: true })
  public procedureVersion!: number | null;

  /** When legal-status resolved the PAM, as its event said; null: not resolved, or at a time not seen. */
  @Column('timestamptz', { name: 'procedure_resolved_at', nullable: true })
  public procedureResolvedAt!: Date | null;

  @Column('timestamptz', { name: 'updated_at', default: () => 'clock_timestamp()' })
  public updatedAt!: Date;
}

/** A family member family-contact published for the case; located < verified < flagged. */
@Entity({ name: 'family_member_copy' })
export class FamilyMemberCopyEntity {
  @PrimaryColumn('uuid', { name: 'case_id' })
  public caseId!: string;

  @PrimaryColumn('uuid', { name: 'contact_id' })
  public contactId!: string;

  @Column('text')
  public relationship!: string;

  @Column('text')
  public status!: string;

  /** Where the person lives (ISO 3166-1 alpha-2), from `member.located`; null when not known (RP-06). */
  @Column('char', { length: 2, nullable: true })
  public country!: string | null;

  @Column('timestamptz', { name: 'updated_at', default: () => 'clock_timestamp()' })
  public updatedAt!: Date;
}
