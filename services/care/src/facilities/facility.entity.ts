import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A registered place a child may stay (GD-06). Migration stations cannot be stored (LM-08). */
@Entity({ name: 'facility' })
export class FacilityEntity {
  @PrimaryColumn('uuid')
  public id!: string;

  @Column('char', { name: 'office_code', length: 3 })
  public officeCode!: string;

  @Column('text')
  public name!: string;

  @Column('text')
  public type!: string;

  @Column('int')
  public capacity!: number;

  @Column('text', { array: true })
  public settings!: string[];

  @Column('text', { nullable: true })
  public accreditation!: string | null;

  @Column('text', { name: 'registered_by' })
  public registeredBy!: string;

  @Column('timestamptz', { name: 'registered_at' })
  public registeredAt!: Date;
}

/** Where a child stayed and in which area; the current one has no `endedAt`. */
@Entity({ name: 'placement' })
export class PlacementEntity {
  @PrimaryColumn('uuid')
  public id!: string;

  @Column('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('uuid', { name: 'facility_id' })
  public facilityId!: string;

  @Column('text', { name: 'facility_type' })
  public facilityType!: string;

  @Column('text')
  public setting!: string;

  @Column('uuid', { name: 'household_id', nullable: true })
  public householdId!: string | null;

  @Column('text', { name: 'procuraduria_decision_reference', nullable: true })
  public procuraduriaDecisionReference!: string | null;

  @Column('timestamptz', { name: 'procuraduria_decided_at', nullable: true })
  public procuraduriaDecidedAt!: Date | null;

  @Column('text', { name: 'protection_measure_reference', nullable: true })
  public protectionMeasureReference!: string | null;

  @Column('timestamptz', { name: 'placed_at' })
  public placedAt!: Date;

  @Column('timestamptz', { name: 'expected_until', nullable: true })
  public expectedUntil!: Date | null;

  @Column('timestamptz', { name: 'ended_at', nullable: true })
  public endedAt!: Date | null;

  @Column('text', { name: 'placed_by' })
  public placedBy!: string;

  @Column('timestamptz', { name: 'recorded_at' })
  public recordedAt!: Date;
}
