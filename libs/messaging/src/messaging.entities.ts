import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One event to publish; `payload` is the whole envelope. Rows stay after publishing. */
@Entity({ name: 'outbox' })
@Index('outbox_position_key', ['position'], { unique: true })
@Index('outbox_unpublished_idx', ['position'], { where: 'published_at IS NULL' })
export class OutboxEntity {
  @PrimaryColumn({ type: 'uuid' })
  public id!: string;

  // bigint comes back from pg as a string: positions pass 2^53 only in theory, but stay exact.
  @Column({ type: 'bigint', insert: false, update: false })
  public position!: string;

  @Column({ type: 'text' })
  public subject!: string;

  @Column({ name: 'event_type', type: 'text' })
  public eventType!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  public caseId!: string;

  @Column({ type: 'jsonb' })
  public payload!: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  public createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  public publishedAt!: Date | null;
}

/** An event a consumer applied; the primary key makes a redelivery a no-op. */
@Entity({ name: 'inbox' })
@Index('inbox_consumer_sequence_idx', ['consumer', 'streamSequence'])
export class InboxEntity {
  @PrimaryColumn({ type: 'text' })
  public consumer!: string;

  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  public eventId!: string;

  @Column({ name: 'stream_sequence', type: 'bigint' })
  public streamSequence!: string;

  @Column({ name: 'applied_at', type: 'timestamptz' })
  public appliedAt!: Date;
}

/** A message a consumer gave up on, with the reason; the raw payload is kept for replay. */
@Entity({ name: 'dead_letter' })
@Index('dead_letter_consumer_created_idx', ['consumer', 'createdAt'])
export class DeadLetterEntity {
  @PrimaryColumn({ type: 'uuid' })
  public id!: string;

  @Column({ type: 'text' })
  public consumer!: string;

  @Column({ type: 'text' })
  public subject!: string;

  @Column({ name: 'stream_sequence', type: 'bigint' })
  public streamSequence!: string;

  @Column({ name: 'event_id', type: 'uuid', nullable: true })
  public eventId!: string | null;

  @Column({ type: 'text' })
  public payload!: string;

  @Column({ type: 'text' })
  public reason!: string;

  @Column({ type: 'integer' })
  public deliveries!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  public createdAt!: Date;
}

export const messagingEntities = [OutboxEntity, InboxEntity, DeadLetterEntity];
