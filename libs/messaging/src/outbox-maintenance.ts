import { jetstream } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/nats-core';
import { DataSource } from 'typeorm';

import { defaultLogger, MessagingLogger } from './logger';
import { namespacedSubject } from './namespace';
import { OutboxRelay } from './outbox-relay';
import { describeError } from './settlement';

const DAY_MS = 86_400_000;
export const DEFAULT_OUTBOX_RETENTION_DAYS = 30;

/**
 * A retention as written (OUTBOX_RETENTION_DAYS): a whole number of days, at least 1; none is 30.
 * Services read it validated, with the rest of their config (BaseServiceConfig).
 */
export function outboxRetentionDays(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_OUTBOX_RETENTION_DAYS;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1) throw new Error(`OUTBOX_RETENTION_DAYS must be a whole number of days >= 1, not "${value}"`);
  return days;
}

export interface OutboxPurgeOptions {
  retentionDays: number;
  /** How often to purge (default hourly). */
  intervalMs?: number;
  logger?: MessagingLogger;
}

/**
 * Deletes published outbox rows older than the retention, on a timer. Several instances may run
 * it at once: the DELETE is idempotent, and unpublished rows are never touched.
 */
export class OutboxPurgeJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly logger: MessagingLogger;

  constructor(
    private readonly relay: OutboxRelay,
    private readonly options: OutboxPurgeOptions,
  ) {
    this.logger = options.logger ?? defaultLogger(OutboxPurgeJob.name);
  }

  public runOnce(now: Date = new Date()): Promise<number> {
    return this.relay.purgePublishedBefore(new Date(now.getTime() - this.options.retentionDays * DAY_MS));
  }

  public start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runInBackground(), this.options.intervalMs ?? 3_600_000);
    this.timer.unref();
  }

  public async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  private async runInBackground(): Promise<void> {
    if (this.running) return;
    try {
      this.running = this.runOnce();
      const purged = await this.running;
      if (purged > 0) this.logger.log(`purged ${purged} published outbox rows older than ${this.options.retentionDays} days`);
    } catch (error) {
      this.logger.warn(`outbox purge failed, retrying at the next interval: ${describeError(error)}`);
    } finally {
      this.running = undefined;
    }
  }
}

export interface RepublishOptions {
  /** Rows created at or after this time. */
  since: Date;
  namespace?: string;
  batchSize?: number;
  publishTimeoutMs?: number;
}

export interface RepublishResult {
  /** Stored by JetStream. */
  published: number;
  /** Dropped by JetStream as a copy of a message id within its duplicate window. */
  duplicates: number;
}

/**
 * Publishes the outbox's already-published rows again, in outbox order, each with
 * `Nats-Msg-Id` = event id: refills a stream that lost messages (or a new one). Copies within
 * the duplicate window are dropped by JetStream; later ones reach consumers, whose inboxes skip
 * the events they applied. The events come after whatever the stream still holds.
 */
export async function republishOutbox(dataSource: DataSource, nc: NatsConnection, options: RepublishOptions): Promise<RepublishResult> {
  const js = jetstream(nc);
  const batchSize = options.batchSize ?? 500;
  const result: RepublishResult = { published: 0, duplicates: 0 };
  let after = '0';
  for (;;) {
    const rows = (await dataSource.query(
      `SELECT id, position::text AS position, subject, payload::text AS payload
         FROM outbox
        WHERE published_at IS NOT NULL AND created_at >= $1 AND outbox.position > $2::bigint
        ORDER BY outbox.position
        LIMIT $3`,
      [options.since, after, batchSize],
    )) as { id: string; position: string; subject: string; payload: string }[];
    // One at a time: the stream keeps the outbox's order.
    for (const row of rows) {
      const ack = await js.publish(namespacedSubject(row.subject, options.namespace), row.payload, {
        msgID: row.id,
        timeout: options.publishTimeoutMs ?? 5_000,
      });
      if (ack.duplicate) result.duplicates += 1;
      else result.published += 1;
    }
    if (rows.length < batchSize) return result;
    after = rows[rows.length - 1]?.position ?? after;
  }
}
