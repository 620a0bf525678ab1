import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** LM-02 (a): the Procuraduría notification record. One per case. */
@Entity({ name: 'procuraduria_notification' })
export class ProcuraduriaNotificationEntity {
  @PrimaryColumn('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('timestamptz', { name: 'notified_at' })
  public notifiedAt!: Date;

  /** Which Procuraduría (federal or state office) was notified. */
  @Column('text')
  public procuraduria!: string;

  @Column('text', { name: 'official_name' })
  public officialName!: string;

  @Column('text')
  public means!: string;

  @Column('text', { nullable: true })
  public reference!: string | null;

  @Column('text', { name: 'recorded_by' })
  public recordedBy!: string;

  @Column('timestamptz', { name: 'recorded_at' })
  public recordedAt!: Date;
}

/** LM-02 (b), LM-04, GD-14: the hand-over to DIF with its acta de canalización. One per case. */
@Entity({ name: 'dif_channelling' })
export class DifChannellingEntity {
  @PrimaryColumn('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('timestamptz', { name: 'channelled_at' })
  public channelledAt!: Date;

  @Column('text', { name: 'facility_type' })
  public facilityType!: string;

  @Column('text', { name: 'facility_id', nullable: true })
  public facilityId!: string | null;

  @Column('text', { name: 'facility_name' })
  public facilityName!: string;

  @Column('text', { name: 'received_by' })
  public receivedBy!: string;

  @Column('text', { name: 'receipt_number' })
  public receiptNumber!: string;

  @Column('text', { name: 'acta_number' })
  public actaNumber!: string;

  @Column('text', { name: 'protection_measure_id', nullable: true })
  public protectionMeasureId!: string | null;

  @Column('text', { name: 'recorded_by' })
  public recordedBy!: string;

  @Column('timestamptz', { name: 'recorded_at' })
  public recordedAt!: Date;
}

@Entity({ name: 'case_assignment' })
export class CaseAssignmentEntity {
  @PrimaryGeneratedColumn('uuid')
  public id!: string;

  @Column('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('text', { name: 'officer_id' })
  public officerId!: string;

  @Column('text', { name: 'assigned_by' })
  public assignedBy!: string;

  @Column('timestamptz', { name: 'assigned_at' })
  public assignedAt!: Date;
}

@Entity({ name: 'case_transfer' })
export class CaseTransferEntity {
  @PrimaryGeneratedColumn('uuid')
  public id!: string;

  @Column('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('char', { name: 'from_office', length: 3 })
  public fromOffice!: string;

  @Column('char', { name: 'to_office', length: 3 })
  public toOffice!: string;

  @Column('text')
  public reason!: string;

  @Column('text', { name: 'transferred_by' })
  public transferredBy!: string;

  @Column('timestamptz', { name: 'transferred_at' })
  public transferredAt!: Date;
}

/** One row per INV-03 clock and level raised, so each alert is published once. */
@Entity({ name: 'case_deadline_alert' })
export class CaseDeadlineAlertEntity {
  @PrimaryColumn('uuid', { name: 'case_id' })
  public caseId!: string;

  @PrimaryColumn('text')
  public clock!: string;

  @PrimaryColumn('text')
  public level!: string;

  @Column('timestamptz', { name: 'raised_at' })
  public raisedAt!: Date;
}

/** DOMAIN.md 4.1: who completed the identification step, and when. */
@Entity({ name: 'case_identification' })
export class CaseIdentificationEntity {
  @PrimaryColumn('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('timestamptz', { name: 'identified_at' })
  public identifiedAt!: Date;

  @Column('text', { name: 'recorded_by' })
  public recordedBy!: string;

  @Column('timestamptz', { name: 'recorded_at' })
  public recordedAt!: Date;
}

/** DOMAIN.md 4.1: the screening step; LM-18 its interpreter. */
@Entity({ name: 'case_screening' })
export class CaseScreeningEntity {
  @PrimaryColumn('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('timestamptz', { name: 'screened_at' })
  public screenedAt!: Date;

  @Column('text', { name: 'interpreter_name', nullable: true })
  public interpreterName!: string | null;

  /** ISO 639-3. */
  @Column('char', { name: 'interpreter_language', length: 3, nullable: true })
  public interpreterLanguage!: string | null;

  @Column('text', { name: 'recorded_by' })
  public recordedBy!: string;

  @Column('timestamptz', { name: 'recorded_at' })
  public recordedAt!: Date;
}

/** GD-12, DOMAIN.md 3.3: the competent determination that took a person out of the child flow. */
@Entity({ name: 'age_determination' })
export class AgeDeterminationEntity {
  @PrimaryColumn('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('text')
  public authority!: string;

  /** Which office of the authority decided (e.g. the state Procuraduría, a consulate). */
  @Column('text', { name: 'authority_office' })
  public authorityOffice!: string;

  @Column('text', { name: 'document_reference' })
  public documentReference!: string;

  @Column('text', { array: true })
  public evidence!: string[];

  @Column('timestamptz', { name: 'determined_at' })
  public determinedAt!: Date;

  @Column('int', { name: 'age_years' })
  public ageYears!: number;

  @Column('text', { name: 'age_status' })
  public ageStatus!: string;

  @Column('text', { name: 'recorded_by' })
  public recordedBy!: string;

  @Column('timestamptz', { name: 'recorded_at' })
  public recordedAt!: Date;
}

/** RLM-05: the notice to the federal Public Prosecutor (MP) that trafficking indicators require. */
@Entity({ name: 'mp_notice_task' })
export class MpNoticeTaskEntity {
  @PrimaryColumn('uuid', { name: 'case_id' })
  public caseId!: string;

  /** When the trafficking indicators were recorded. */
  @Column('timestamptz', { name: 'opened_at' })
  public openedAt!: Date;

  @Column('timestamptz', { name: 'due_at' })
  public dueAt!: Date;

  /** A correction withdrew the indicators before the notice. */
  @Column('timestamptz', { name: 'cancelled_at', nullable: true })
  public cancelledAt!: Date | null;

  @Column('timestamptz', { name: 'notified_at', nullable: true })
  public notifiedAt!: Date | null;

  /** The responsible officer who notified the MP (RLM-05). */
  @Column('text', { name: 'notified_by', nullable: true })
  public notifiedBy!: string | null;

  @Column('text', { name: 'mp_office', nullable: true })
  public mpOffice!: string | null;

  /** The MP office's reference for the notice (oficio, carpeta de investigación). */
  @Column('text', { name: 'mp_reference', nullable: true })
  public mpReference!: string | null;

  @Column('text', { name: 'recorded_by', nullable: true })
  public recordedBy!: string | null;

  @Column('timestamptz', { name: 'recorded_at', nullable: true })
  public recordedAt!: Date | null;

  @Column('timestamptz', { name: 'overdue_raised_at', nullable: true })
  public overdueRaisedAt!: Date | null;
}
