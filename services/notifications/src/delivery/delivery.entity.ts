import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/** A message to send, once per task, person, channel and level; retried with backoff. */
@Entity({ name: 'delivery' })
@Unique('delivery_task_id_recipient_channel_level_key', ['taskId', 'recipient', 'channel', 'level'])
export class DeliveryEntity {
  @PrimaryColumn('uuid')
  public id!: string;

  @Column('uuid', { name: 'task_id' })
  public taskId!: string;

  @Column('text')
  public channel!: 'EMAIL' | 'SMS';

  @Column('text')
  public recipient!: string;

  @Column('text')
  public address!: string;

  @Column('smallint')
  public level!: number;

  @Column('text', { default: 'PENDING' })
  public status!: 'PENDING' | 'SENT' | 'FAILED' | 'CANCELLED';

  @Column('integer', { default: 0 })
  public attempts!: number;

  /** Partial index, kept by the migration: the pending deliveries by when they are due. */
  @Index('delivery_pending_idx', { synchronize: false })
  @Column('timestamptz', { name: 'next_attempt_at' })
  public nextAttemptAt!: Date;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  public sentAt!: Date | null;

  @Column('text', { name: 'last_error', nullable: true })
  public lastError!: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'clock_timestamp()' })
  public createdAt!: Date;
}
