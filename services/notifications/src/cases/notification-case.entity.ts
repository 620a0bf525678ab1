import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What an alert may show of a case (its number) and whom it concerns: nothing else of the child. */
@Entity({ name: 'notification_case' })
export class NotificationCaseEntity {
  @PrimaryColumn('uuid', { name: 'case_id' })
  public caseId!: string;

  /** Null until intake's registration or care's record opening arrives. */
  @Column('text', { name: 'case_number', nullable: true })
  public caseNumber!: string | null;

  @Column('char', { name: 'office_code', length: 3 })
  public officeCode!: string;

  @Column('text', { name: 'assigned_officer', nullable: true })
  public assignedOfficer!: string | null;

  @Column('timestamptz', { name: 'updated_at', default: () => 'clock_timestamp()' })
  public updatedAt!: Date;
}
