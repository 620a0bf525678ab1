import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A child as a person: one identity, met in one or more encounters (cases). */
@Entity({ name: 'person' })
export class PersonEntity {
  @PrimaryColumn('uuid')
  public id!: string;

  @Column('text', { name: 'given_names' })
  public givenNames!: string;

  @Column('text', { name: 'family_names' })
  public familyNames!: string;

  /** Lower-case, accent-free full name, trigram-indexed for duplicate detection and search. */
  @Index('person_search_name_trgm_idx', { synchronize: false })
  @Column('text', { name: 'search_name' })
  public searchName!: string;

  @Column('char', { length: 1 })
  public sex!: string;

  @Column('date', { name: 'date_of_birth', nullable: true })
  public dateOfBirth!: string | null;

  /**
   * The year of the date of birth, else the year of registration less the declared age: what the
   * duplicate search's indexes narrow namesakes by. Registration writes it; the database keeps it
   * in step with corrections (migration 1767000000004).
   */
  @Column('smallint', { name: 'birth_year', nullable: true })
  public birthYear?: number | null;

  @Column('char', { length: 2 })
  public nationality!: string;

  @Column('char', { name: 'country_of_residence', length: 2 })
  public countryOfResidence!: string;

  @Column('text', { array: true })
  public languages!: string[];

  @Column('text', { name: 'speaks_spanish' })
  public speaksSpanish!: string;

  @Column('timestamptz', { name: 'created_at' })
  public createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  public updatedAt!: Date;
}
