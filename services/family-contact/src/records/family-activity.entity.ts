import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A free phone call offered to the child: made (with its outcome) or declined. */
@Entity({ name: 'family_call' })
export class CallEntity {
  @PrimaryColumn('uuid')
  public id!: string;

  @Column('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('uuid', { name: 'contact_id', nullable: true })
  public contactId!: string | null;

  @Column('uuid', { name: 'phone_id', nullable: true })
  public phoneId!: string | null;

  @Column('text', { name: 'dialled_by' })
  public dialledBy!: string;

  @Column('timestamptz', { name: 'called_at' })
  public calledAt!: Date;

  @Column('int', { name: 'duration_seconds' })
  public durationSeconds!: number;

  @Column('text')
  public outcome!: string;

  @Column('boolean', { name: 'interpreter_used' })
  public interpreterUsed!: boolean;

  @Column('text', { name: 'interpreter_language', nullable: true })
  public interpreterLanguage!: string | null;

  @Column('text', { name: 'interpreter_id', nullable: true })
  public interpreterId!: string | null;

  @Column('text', { name: 'recorded_by' })
  public recordedBy!: string;

  @Column('timestamptz', { name: 'recorded_at' })
  public recordedAt!: Date;
}

@Entity({ name: 'tracing_attempt' })
export class TracingAttemptEntity {
  @PrimaryColumn('uuid')
  public id!: string;

  @Column('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('uuid', { name: 'contact_id', nullable: true })
  public contactId!: string | null;

  @Column('text')
  public channel!: string;

  @Column('text')
  public outcome!: string;

  @Column('timestamptz', { name: 'attempted_at' })
  public attemptedAt!: Date;

  @Column('text', { name: 'reference_enc', nullable: true })
  public referenceEnc!: string | null;

  @Column('text', { name: 'recorded_by' })
  public recordedBy!: string;

  @Column('timestamptz', { name: 'recorded_at' })
  public recordedAt!: Date;
}

@Entity({ name: 'member_verification' })
export class VerificationEntity {
  @PrimaryColumn('uuid')
  public id!: string;

  @Column('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('uuid', { name: 'contact_id' })
  public contactId!: string;

  @Column('text')
  public outcome!: string;

  @Column('text', { array: true })
  public evidence!: string[];

  @Column('text', { name: 'evidence_notes_enc', nullable: true })
  public evidenceNotesEnc!: string | null;

  @Column('text', { name: 'child_wish', nullable: true })
  public childWish!: string | null;

  @Column('text', { name: 'child_views_enc', nullable: true })
  public childViewsEnc!: string | null;

  @Column('text', { name: 'risk_indicators', array: true })
  public riskIndicators!: string[];

  @Column('text', { name: 'procuraduria_vetting_reference', nullable: true })
  public procuraduriaVettingReference!: string | null;

  /** A flag's fear of return or protection need, as sent to legal-status (INV-01). */
  @Column('text', { name: 'protection_concern', nullable: true })
  public protectionConcern!: string | null;

  @Column('text', { name: 'recorded_by' })
  public recordedBy!: string;

  @Column('timestamptz', { name: 'recorded_at' })
  public recordedAt!: Date;
}

/** An outbound contact with the country of origin, with purpose and legal basis (DOMAIN.md 4.3). */
@Entity({ name: 'consular_notification' })
export class ConsularNotificationEntity {
  @PrimaryColumn('uuid')
  public id!: string;

  @Column('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('char', { length: 2 })
  public country!: string;

  @Column('text')
  public purpose!: string;

  @Column('text')
  public means!: string;

  @Column('text', { name: 'legal_basis' })
  public legalBasis!: string;

  @Column('timestamptz', { name: 'notified_at' })
  public notifiedAt!: Date;

  /** When legal-status decided the clearance that allowed the contact (before it: last changed the protection state it confirmed). */
  @Column('timestamptz', { name: 'legal_status_as_of' })
  public legalStatusAsOf!: Date;

  /** Set when the contact was a tracing request through the consulate (DOMAIN.md 4.3). */
  @Column('uuid', { name: 'tracing_attempt_id', nullable: true })
  public tracingAttemptId!: string | null;

  /**
   * legal-status's CONSULAR_CONTACT clearance that allowed the contact, and the case version it was
   * given at: the contact's place among the case's claims and locks. Null for contacts made before.
   */
  @Column('uuid', { name: 'legal_clearance_id', nullable: true })
  public legalClearanceId!: string | null;

  @Column('integer', { name: 'legal_case_version', nullable: true })
  public legalCaseVersion!: number | null;

  @Column('text', { name: 'recorded_by' })
  public recordedBy!: string;

  @Column('timestamptz', { name: 'recorded_at' })
  public recordedAt!: Date;
}

/** INV-08: the hand-over to family, with who handed over, who received, where and when. */
@Entity({ name: 'reunification' })
export class ReunificationEntity {
  @PrimaryColumn('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('uuid')
  public id!: string;

  @Column('uuid', { name: 'contact_id' })
  public contactId!: string;

  @Column('timestamptz', { name: 'handed_over_at' })
  public handedOverAt!: Date;

  @Column('text', { name: 'handed_over_by' })
  public handedOverBy!: string;

  @Column('text', { name: 'place_kind' })
  public placeKind!: string;

  @Column('char', { name: 'place_country', length: 2 })
  public placeCountry!: string;

  @Column('text', { name: 'place_enc' })
  public placeEnc!: string;

  @Column('text', { name: 'receiver_document_enc' })
  public receiverDocumentEnc!: string;

  @Column('text', { name: 'handover_record_number' })
  public handoverRecordNumber!: string;

  @Column('text', { name: 'best_interests_reference' })
  public bestInterestsReference!: string;

  /** RLM-01: the legal-status determination the reference matched when the child was handed over. */
  @Column('uuid', { name: 'best_interests_id', nullable: true })
  public bestInterestsId!: string | null;

  @Column('text', { name: 'recorded_by' })
  public recordedBy!: string;

  @Column('timestamptz', { name: 'recorded_at' })
  public recordedAt!: Date;
}

/** Fear of return or a protection need the child stated about no one person (INV-01, GD-08). */
@Entity({ name: 'child_concern' })
export class ChildConcernEntity {
  @PrimaryColumn('uuid')
  public id!: string;

  @Column('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('text', { name: 'protection_concern' })
  public protectionConcern!: string;

  @Column('timestamptz', { name: 'stated_at' })
  public statedAt!: Date;

  @Column('text', { name: 'notes_enc', nullable: true })
  public notesEnc!: string | null;

  @Column('text', { name: 'recorded_by' })
  public recordedBy!: string;

  @Column('timestamptz', { name: 'recorded_at' })
  public recordedAt!: Date;
}
