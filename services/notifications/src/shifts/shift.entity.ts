import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import type { ShiftRole } from './shift.repository';

/** Someone on duty from `startsAt` to `endsAt`: an office's officer or supervisor, or the national duty officer (no office). */
@Entity({ name: 'shift' })
export class ShiftEntity {
  @PrimaryColumn('uuid')
  public id!: string;

  /** Kept by the migration: who is on duty (partial, shifts not cancelled) and someone's shifts, latest first. */
  @Index('shift_duty_idx', { synchronize: false })
  @Column('char', { name: 'office_code', length: 3, nullable: true })
  public officeCode!: string | null;

  @Index('shift_subject_idx', { synchronize: false })
  @Column('text')
  public subject!: string;

  @Column('text')
  public role!: ShiftRole;

  @Column('timestamptz', { name: 'starts_at' })
  public startsAt!: Date;

  @Column('timestamptz', { name: 'ends_at' })
  public endsAt!: Date;

  /** Staff contacts, kept with the shift that puts them on duty. */
  @Column('text', { nullable: true })
  public email!: string | null;

  @Column('text', { nullable: true })
  public phone!: string | null;

  @Column('timestamptz', { name: 'cancelled_at', nullable: true })
  public cancelledAt!: Date | null;

  @Column('text', { name: 'created_by' })
  public createdBy!: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'clock_timestamp()' })
  public createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'clock_timestamp()' })
  public updatedAt!: Date;
}
