import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One event of any service on its case's timeline: the envelope's facts only, never its data. */
@Entity({ name: 'timeline_entry' })
@Index('timeline_entry_case', ['caseId', 'occurredAt', 'eventId'])
export class TimelineEntryEntity {
  /** The event's id: a redelivery of the same event adds no row. */
  @PrimaryColumn('uuid', { name: 'event_id' })
  public eventId!: string;

  @Column('uuid', { name: 'case_id' })
  public caseId!: string;

  @Column('text', { name: 'office_code' })
  public officeCode!: string;

  @Column('text')
  public service!: string;

  @Column('text')
  public type!: string;

  @Column('timestamptz', { name: 'occurred_at' })
  public occurredAt!: Date;

  @Column('text', { name: 'actor_kind' })
  public actorKind!: string;

  @Column('text', { name: 'actor_id' })
  public actorId!: string;

  @Column('timestamptz', { name: 'recorded_at', default: () => 'now()' })
  public recordedAt!: Date;
}
