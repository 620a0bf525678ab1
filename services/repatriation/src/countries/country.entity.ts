import { Column, Entity, PrimaryColumn } from 'typeorm';

/** RP-07, RP-08: a country's return arrangement, its window in the receiving country's local time. */
@Entity({ name: 'receiving_country' })
export class ReceivingCountryEntity {
  @PrimaryColumn('char', { length: 2 })
  public country!: string;

  @Column('text', { name: 'time_zone' })
  public timeZone!: string;

  @Column('smallint', { array: true })
  public weekdays!: number[];

  @Column('text', { name: 'opens_at' })
  public opensAt!: string;

  @Column('text', { name: 'closes_at' })
  public closesAt!: string;

  @Column('integer', { name: 'notice_hours' })
  public noticeHours!: number;

  @Column('timestamptz', { name: 'updated_at', default: () => 'clock_timestamp()' })
  public updatedAt!: Date;

  @Column('text', { name: 'updated_by', nullable: true })
  public updatedBy!: string | null;
}

/** Where a return to the country leaves Mexico. */
@Entity({ name: 'exit_point' })
export class ExitPointEntity {
  @PrimaryColumn('char', { length: 2 })
  public country!: string;

  @PrimaryColumn('text')
  public code!: string;

  @Column('text')
  public name!: string;
}

/** An institution of the country that receives a returned child (RP-03). */
@Entity({ name: 'receiving_authority' })
export class ReceivingAuthorityEntity {
  @PrimaryColumn('text')
  public code!: string;

  @Column('char', { length: 2 })
  public country!: string;

  @Column('text')
  public institution!: string;
}

/** US-03: a registered repatriation point, with the hours for unaccompanied children (local time). */
@Entity({ name: 'repatriation_point' })
export class RepatriationPointEntity {
  @PrimaryColumn('text')
  public code!: string;

  @Column('text')
  public name!: string;

  @Column('char', { name: 'office_code', length: 3 })
  public officeCode!: string;

  @Column('text', { name: 'time_zone' })
  public timeZone!: string;

  @Column('smallint', { name: 'unaccompanied_weekdays', array: true })
  public unaccompaniedWeekdays!: number[];

  @Column('text', { name: 'unaccompanied_opens_at' })
  public unaccompaniedOpensAt!: string;

  @Column('text', { name: 'unaccompanied_closes_at' })
  public unaccompaniedClosesAt!: string;

  @Column('timestamptz', { name: 'updated_at', default: () => 'clock_timestamp()' })
  public updatedAt!: Date;

  @Column('text', { name: 'updated_by', nullable: true })
  public updatedBy!: string | null;
}
