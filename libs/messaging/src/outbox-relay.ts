import { jetstream, JetStreamClient } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/nats-core';
import { preparedStatement } from '@opis/platform';
import { Client, ClientConfig } from 'pg';
import { DataSource } from 'typeorm';

import { defaultLogger, MessagingLogger } from './logger';
import { namespacedSubject } from './namespace';
import { OUTBOX_CHANNEL } from './outbox-writer';
import { pgClientConfig } from './pg-connection';
import { ackedPrefixLength, distinctCasePrefix, OutboxRow, outboxReadFloor } from './relay-batch';
import { describeError } from './settlement';
import { backoffMs, delay, WakeSignal } from './timing';

/** Session advisory lock key: one active relay per service database. */
export const OUTBOX_RELAY_LOCK_KEY = 4_207_300_001;

export interface OutboxRelayOptions {
  namespace?: string;
  /** Rows read per query; a batch publishes at most one event per case. */
  batchSize?: number;
  /** Safety poll when no NOTIFY arrives. */
  pollIntervalMs?: number;
  /**
   * After publishing a batch that was not full, wait this long before the next query, so that
   * under load each query carries many rows instead of one (the first event after a quiet
   * spell still goes out at once). Adds at most this much to an event's delay.
   */
  lingerMs?: number;
  /**
   * How long rows JetStream acknowledged may wait for their mark when nothing new is committed:
   * the mark rides on the next read. Published rows count as backlog until then.
   */
  markDelayMs?: number;
  /** Positions below the highest published one that each read covers again (see outboxReadFloor). */
  laggardWindow?: number;
  /** How often a read starts from the beginning of the outbox (see outboxReadFloor). */
  fullScanIntervalMs?: number;
  /** How often a standby instance tries to take the lock. */
  standbyRetryMs?: number;
  publishTimeoutMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  lockKey?: number;
  logger?: MessagingLogger;
}

interface ConnectionState {
  lost: boolean;
}

/**
 * Publishes the outbox to JetStream in `position` order and marks rows only after JetStream
 * acknowledged them. The instance holding the advisory lock (on its own connection, which also
 * LISTENs and runs every relay query) is the only one publishing; the others stand by.
 */
export class OutboxRelay {
  private readonly js: JetStreamClient;
  private readonly clientConfig: ClientConfig;
  private readonly wakeup = new WakeSignal();
  private readonly logger: MessagingLogger;
  private readonly settings: Required<Omit<OutboxRelayOptions, 'namespace' | 'logger'>>;
  private abort = new AbortController();
  /** Aborted (and replaced) when the NATS connection comes back, to end a publish backoff early. */
  private reconnected = new AbortController();
  private running: Promise<void> | undefined;
  private stopping = false;
  private leader = false;
  private published = 0;

  constructor(
    private readonly dataSource: DataSource,
    nc: NatsConnection,
    private readonly options: OutboxRelayOptions = {},
  ) {
    this.js = jetstream(nc);
    void this.watchReconnects(nc);
    this.clientConfig = pgClientConfig(dataSource, 'opis-outbox-relay');
    this.logger = options.logger ?? defaultLogger(OutboxRelay.name);
    this.settings = {
      batchSize: options.batchSize ?? 256,
      pollIntervalMs: options.pollIntervalMs ?? 5_000,
      lingerMs: options.lingerMs ?? 5,
      markDelayMs: options.markDelayMs ?? 100,
      laggardWindow: options.laggardWindow ?? 128,
      fullScanIntervalMs: options.fullScanIntervalMs ?? 1_000,
      standbyRetryMs: options.standbyRetryMs ?? 2_000,
      publishTimeoutMs: options.publishTimeoutMs ?? 5_000,
      minBackoffMs: options.minBackoffMs ?? 200,
      maxBackoffMs: options.maxBackoffMs ?? 10_000,
      lockKey: options.lockKey ?? OUTBOX_RELAY_LOCK_KEY,
    };
  }

  /** True while this instance holds the lock and publishes. */
  public get isLeader(): boolean {
    return this.leader;
  }

  /** Rows this instance published (and marked) since it started. */
  public get publishedCount(): number {
    return this.published;
  }

  /** Committed rows wait: fetch them now if idle (writers of this process call it; see OutboxWriter). */
  public nudge(): void {
    this.wakeup.notify();
  }

  public start(): void {
    if (this.running) return;
    this.stopping = false;
    this.abort = new AbortController();
    this.running = this.run();
  }

  /** Finishes the batch in flight (marking what JetStream acknowledged), then releases the lock. */
  public async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    this.wakeup.notify();
    await this.running;
    this.running = undefined;
  }

  /** Deletes published rows older than `before`; unpublished rows are never touched. */
  public async purgePublishedBefore(before: Date): Promise<number> {
    const [, count] = (await this.dataSource.query(
      `DELETE FROM outbox WHERE published_at IS NOT NULL AND published_at < $1`,
      [before],
    )) as [unknown, number];
    return count;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      const client = new Client(this.clientConfig);
      const state: ConnectionState = { lost: false };
      client.on('error', () => {
        state.lost = true;
        this.wakeup.notify();
      });
      client.on('notification', () => this.wakeup.notify());
      try {
        await client.connect();
        // Marking rows published need not wait for the WAL flush: a mark lost in a crash only
        // publishes the rows again, and the msg-id window and the consumers' inboxes drop copies.
        await client.query('SET synchronous_commit = off');
        if (!(await this.standBy(client, state))) break;
        this.leader = true;
        this.logger.log('outbox relay active (holds the lock)');
        await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
        failures = 0;
        await this.lead(client, state);
      } catch (error) {
        failures += 1;
        if (failures === 1 || failures % 20 === 0) {
          this.logger.warn(`outbox relay connection failed (${failures}x), retrying: ${describeError(error)}`);
        }
      } finally {
        this.leader = false;
        // Ending the session releases the advisory lock, so a standby takes over.
        await client.end().catch(() => undefined);
      }
      if (failures > 0) await delay(this.backoff(failures), this.abort.signal);
    }
  }

  /** Waits for the lock; false when stopping first. */
  private async standBy(client: Client, state: ConnectionState): Promise<boolean> {
    while (!this.stopping) {
      if (state.lost) throw new Error('relay connection lost');
      // Qualified: a bare `position` would sort by the text alias ('10' < '9').
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
        this.settings.lockKey,
      ]);
      if (rows[0]?.locked) return true;
      await delay(this.settings.standbyRetryMs, this.abort.signal);
    }
    return false;
  }

  private async lead(client: Client, state: ConnectionState): Promise<void> {
    let publishFailures = 0;
    /** Grows the backoff; starts over when the connection comes back (publishFailures is for the logs). */
    let backoffAttempt = 0;
    // Acknowledged by JetStream, not yet marked: marked by the next fetch, in the same statement.
    let acknowledged: string[] = [];
    // A new leader reads from the start (outboxReadFloor).
    let highestPublished = 0n;
    let lastFullScanAt = 0;
    try {
      while (!this.stopping) {
        if (state.lost) throw new Error('relay connection lost');
        this.wakeup.reset();
        // Taken before the batch: a reconnect while it is being published (a publish waits up to
        // publishTimeoutMs) ends the backoff after it too. Taken after, such a reconnect was
        // missed, and a drain after a NATS outage waited out a publish timeout and a whole
        // backoff (10-17 s instead of 2-3 s in bench:platform).
        const reconnected = this.reconnected.signal;
        const now = Date.now();
        const floor = outboxReadFloor({ now, lastFullScanAt, highestPublished, ...this.settings });
        if (floor === 0n) lastFullScanAt = now;
        const rows = await this.markAndFetch(client, acknowledged, floor);
        acknowledged = [];
        if (rows.length === 0) {
          // A read from the floor may have missed an older row: the read from the start comes soon.
          const untilFullScan = this.settings.fullScanIntervalMs - (Date.now() - lastFullScanAt);
          await this.wakeup.wait(floor > 0n ? Math.max(0, Math.min(this.settings.pollIntervalMs, untilFullScan)) : this.settings.pollIntervalMs);
          continue;
        }
        const batch = distinctCasePrefix<OutboxRow>(
          rows.map((row) => ({ id: row.id, position: row.position, subject: row.subject, caseId: row.case_id, payload: row.payload })),
        );
        const results = await Promise.allSettled(
          batch.map((row) =>
            this.js.publish(namespacedSubject(row.subject, this.options.namespace), row.payload, {
              msgID: row.id,
              timeout: this.settings.publishTimeoutMs,
            }),
          ),
        );
        const acked = ackedPrefixLength(results);
        acknowledged = batch.slice(0, acked).map((row) => row.id);
        for (const row of batch.slice(0, acked)) if (BigInt(row.position) > highestPublished) highestPublished = BigInt(row.position);
        this.published += acked;
        if (acked < batch.length) {
          publishFailures += 1;
          const failure = results[acked];
          if (publishFailures === 1 || publishFailures % 20 === 0) {
            const reason = failure?.status === 'rejected' ? describeError(failure.reason) : 'unknown';
            this.logger.warn(`outbox publish failed (${publishFailures}x), retrying from position ${batch[acked]?.position}: ${reason}`);
          }
          // A backoff grown during a long NATS outage (up to maxBackoffMs) must not hold the
          // backlog once the server is back: a reconnect ends it, and the backoff starts over
          // (JetStream may need a moment after a restart).
          backoffAttempt = reconnected.aborted ? 0 : backoffAttempt + 1;
          await delay(this.backoff(backoffAttempt), AbortSignal.any([this.abort.signal, reconnected]));
        } else {
          if (publishFailures > 0) {
            this.logger.log(`outbox publishing resumed after ${publishFailures} failed attempts`);
            publishFailures = 0;
            backoffAttempt = 0;
          }
          if (rows.length < this.settings.batchSize) {
            await delay(this.settings.lingerMs, this.abort.signal);
            // Everything read went out: the read that marks it can wait for the next commit (or
            // markDelayMs) instead of running now only to mark, which doubled the relay's reads.
            if (batch.length === rows.length) await this.wakeup.wait(this.settings.markDelayMs);
          }
        }
      }
    } finally {
      // Stopping: mark what JetStream acknowledged. If this fails the rows are published again
      // later, and the msg-id window and the consumers' inboxes drop the copies.
      if (acknowledged.length > 0 && !state.lost) {
        await client.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::uuid[])', [acknowledged]).catch(() => undefined);
      }
    }
  }

  /**
   * Marks the rows of the last batch as published and fetches the next batch, in one round trip.
   * The fetch sees the statement's snapshot, from before the marking, so it skips those rows by id.
   */
  private async markAndFetch(client: Client, acknowledged: readonly string[], floor: bigint) {
    // Qualified: a bare `position` would sort by the text alias ('10' < '9'). Prepared: at low
    // rates this is one statement per event, in every service.
    const statement = preparedStatement(
      `WITH marked AS (
         UPDATE outbox SET published_at = now() WHERE id = ANY($2::uuid[]) AND published_at IS NULL)
       SELECT id, position::text AS position, subject, case_id, payload::text AS payload
         FROM outbox
        WHERE published_at IS NULL AND outbox.position > $3::bigint AND NOT (id = ANY($2::uuid[]))
        ORDER BY outbox.position
        LIMIT $1`,
      [this.settings.batchSize, acknowledged, floor.toString()],
    );
    const { rows } = await client.query<{ id: string; position: string; subject: string; case_id: string; payload: string }>(statement);
    return rows;
  }

  private async watchReconnects(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (status.type !== 'reconnect') continue;
      this.reconnected.abort();
      this.reconnected = new AbortController();
    }
  }

  private backoff(attempt: number): number {
    return backoffMs(attempt, this.settings.minBackoffMs, this.settings.maxBackoffMs);
  }
}
