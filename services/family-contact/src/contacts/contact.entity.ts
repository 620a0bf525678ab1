import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A person the child named. `*Enc` columns hold ciphertext only (`<keyId>:<...>`). */
@Entity({ name: 'family_contact' })
@Index('family_contact_case_idx', ['caseId', 'createdAt'])
export class ContactEntity {
  @PrimaryColumn('uuid')
  public id!: string;

  @Column('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('text')
  public relationship!: string;

  @Column('text', { name: 'given_names_enc' })
  public givenNamesEnc!: string;

  @Column('text', { name: 'family_names_enc' })
  public familyNamesEnc!: string;

  @Column('char', { length: 2 })
  public country!: string;

  @Column('text', { name: 'place_enc', nullable: true })
  public placeEnc!: string | null;

  @Column('text', { name: 'how_known_enc', nullable: true })
  public howKnownEnc!: string | null;

  @Column('text', { name: 'wants_contact' })
  public wantsContact!: string;

  @Column('text')
  public status!: string;

  @Column('timestamptz', { name: 'located_at', nullable: true })
  public locatedAt!: Date | null;

  @Column('text', { name: 'located_via', nullable: true })
  public locatedVia!: string | null;

  @Column('text', { name: 'created_by' })
  public createdBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  public createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  public updatedAt!: Date;
}

/** One phone number of a contact: encrypted, plus a keyed hash for exact-match search. */
@Entity({ name: 'contact_phone' })
@Index('contact_phone_hash_idx', ['numberHash'])
export class ContactPhoneEntity {
  @PrimaryColumn('uuid')
  public id!: string;

  @Column('uuid', { name: 'contact_id' })
  public contactId!: string;

  @Column('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('text', { name: 'number_enc' })
  public numberEnc!: string;

  @Column('text', { name: 'number_hash' })
  public numberHash!: string;

  @Column('int')
  public position!: number;
}
