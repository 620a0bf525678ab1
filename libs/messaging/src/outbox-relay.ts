import { jetstream, JetStreamClient, jetstreamManager, JetStreamManager } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/nats-core';
import { preparedStatement } from '@opis/platform';
import { Client, ClientConfig } from 'pg';
import { DataSource } from 'typeorm';

import { defaultLogger, MessagingLogger } from './logger';
import { namespacedSubject } from './namespace';
import { OUTBOX_CHANNEL } from './outbox-writer';
import { pgClientConfig } from './pg-connection';
import { distinctCasePrefix, isRefusal, isSilence, OutboxRow, outboxReadFloor } from './relay-batch';
import { describeError } from './settlement';
import { backoffMs, delay, WakeSignal } from './timing';

/**
 * The settings that make the leader's session lock a lease: PostgreSQL ends the session after
 * `leaseSeconds` without a query (a frozen leader), and probes its socket every second after
 * two idle ones, so a leader whose node died without closing it is gone in about five seconds.
 */
export function leaseSessionSettings(leaseSeconds: number): string {
  if (!Number.isInteger(leaseSeconds) || leaseSeconds < 1) throw new Error(`leaseSeconds must be a whole number >= 1, got ${leaseSeconds}`);
  return `SET idle_session_timeout = ${leaseSeconds * 1_000}; SET tcp_keepalives_idle = 2; SET tcp_keepalives_interval = 1; SET tcp_keepalives_count = 3`;
}

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
  /**
   * Publish attempts JetStream refused (while it acknowledged others, or by refusing this very
   * message) before a row is set aside as an outbox dead letter. Its case's later rows wait.
   */
  maxPublishAttempts?: number;
  /**
   * Seconds an idle leader session may stay silent before PostgreSQL ends it, releasing the lock
   * to a standby: a leader that died with its node (no FIN, no RST) or froze is replaced within
   * this, instead of when TCP gives up (minutes to hours). The relay queries at least every
   * pollIntervalMs, and publishTimeoutMs + maxBackoffMs at most, when publishing fails.
   */
  leaseSeconds?: number;
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
  private jsm: JetStreamManager | undefined;
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
    private readonly nc: NatsConnection,
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
      maxPublishAttempts: options.maxPublishAttempts ?? 5,
      leaseSeconds: options.leaseSeconds ?? 0,
    };
    const quietest = Math.max(this.settings.pollIntervalMs, this.settings.publishTimeoutMs + this.settings.maxBackoffMs, this.settings.standbyRetryMs);
    if (this.settings.leaseSeconds === 0) this.settings.leaseSeconds = Math.ceil((quietest * 2) / 1_000);
    if (this.settings.leaseSeconds * 1_000 <= quietest) {
      throw new Error(`leaseSeconds (${this.settings.leaseSeconds}) must exceed the relay's longest silence (${quietest} ms)`);
    }
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
        // The lock is a lease: PostgreSQL ends a session that stays idle past it (a frozen
        // leader), and probes the socket so that a leader whose node died is noticed in seconds.
        await client.query(leaseSessionSettings(this.settings.leaseSeconds));
        if (!(await this.standBy(client, state))) break;
        this.leader = true;
        this.logger.log('outbox relay active (holds the lock)');
        await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
        // Healthy once it has read the outbox, not once it connected: a database that accepts
        // connections but fails every read must not reset the backoff (it logged 100 lines in 20 s).
        await this.lead(client, state, () => {
          if (failures > 0) this.logger.log(`outbox relay recovered after ${failures} failed attempts`);
          failures = 0;
        });
      } catch (error) {
        failures += 1;
        // One line per step of a backoff that grows to maxBackoffMs: about one a step, never a flood.
        this.logger.warn(`outbox relay failed (${failures}x), next try in ${this.backoff(failures)} ms: ${describeError(error)}`);
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

  private async lead(client: Client, state: ConnectionState, onHealthy: () => void): Promise<void> {
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
        onHealthy();
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
        // The batch holds one row per case, so a failed row holds back only its own case: every
        // acknowledged row is marked, the failed ones are read again.
        const failed = batch.flatMap((row, i) => {
          const result = results[i];
          return result?.status === 'rejected' ? [{ row, error: result.reason as unknown }] : [];
        });
        acknowledged = batch.filter((_row, i) => results[i]?.status === 'fulfilled').map((row) => row.id);
        for (const row of batch) if (acknowledged.includes(row.id) && BigInt(row.position) > highestPublished) highestPublished = BigInt(row.position);
        this.published += acknowledged.length;
        if (failed.length > 0) {
          publishFailures += 1;
          const first = failed[0];
          if (publishFailures === 1 || publishFailures % 20 === 0) {
            this.logger.warn(`outbox publish failed (${publishFailures}x), retrying from position ${first?.row.position}: ${describeError(first?.error)}`);
          }
          await this.countRefusals(client, failed, acknowledged.length > 0);
          // A backoff grown during a long NATS outage (up to maxBackoffMs) must not hold the
          // backlog once the server is back: a reconnect ends it, and the backoff starts over
          // (JetStream may need a moment after a restart). While JetStream takes other rows, only
          // the shortest pause: the refused row alone is held back, and is set aside soon.
          backoffAttempt = acknowledged.length > 0 ? 1 : reconnected.aborted ? 0 : backoffAttempt + 1;
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
        WHERE published_at IS NULL AND dead_lettered_at IS NULL AND outbox.position > $3::bigint AND NOT (id = ANY($2::uuid[]))
          -- A case's version N+1 never goes before N, whatever order their rows committed in
          -- (the counter lock makes N visible wherever N+1 is) and whatever the read floor
          -- skipped. A row set aside as refused holds back its own case's later rows.
          AND NOT EXISTS (
            SELECT 1 FROM outbox earlier
             WHERE earlier.case_id = outbox.case_id AND earlier.published_at IS NULL
               AND earlier.case_version < outbox.case_version AND NOT (earlier.id = ANY($2::uuid[])))
        ORDER BY outbox.position
        LIMIT $1`,
      [this.settings.batchSize, acknowledged, floor.toString()],
    );
    const { rows } = await client.query<{ id: string; position: string; subject: string; case_id: string; payload: string }>(statement);
    return rows;
  }

  /**
   * A row JetStream refuses while it takes others (or refuses by its own answer, not by silence)
   * counts a refusal; after maxPublishAttempts it is set aside as an outbox dead letter, with an
   * error in the log and the outbox dead-letter metric. Its case's later rows wait behind it (the
   * read's NOT EXISTS); every other case goes on. An outage counts nothing: nothing is taken then.
   */
  private async countRefusals(client: Client, failed: readonly { row: OutboxRow; error: unknown }[], othersTaken: boolean): Promise<void> {
    const refused: { row: OutboxRow; error: unknown }[] = [];
    for (const failure of failed) {
      if (othersTaken || isRefusal(failure.error) || (!isSilence(failure.error) && !(await this.streamCaptures(failure.row.subject)))) {
        refused.push(failure);
      }
    }
    if (refused.length === 0) return;
    const { rows } = await client.query<{ id: string; case_id: string; case_version: string; dead: boolean }>(
      `UPDATE outbox SET publish_attempts = publish_attempts + 1, last_publish_error = u.error,
              dead_lettered_at = CASE WHEN publish_attempts + 1 >= $3 THEN now() END
         FROM unnest($1::uuid[], $2::text[]) AS u(id, error)
        WHERE outbox.id = u.id
        RETURNING outbox.id, outbox.case_id, outbox.case_version::text AS case_version, dead_lettered_at IS NOT NULL AS dead`,
      [refused.map(({ row }) => row.id), refused.map(({ error }) => describeError(error)), this.settings.maxPublishAttempts],
    );
    for (const row of rows.filter((r) => r.dead)) {
      this.logger.error(
        `outbox dead letter: event ${row.id} (case ${row.case_id}, version ${row.case_version}) refused ${this.settings.maxPublishAttempts} times; its case's later events wait for an operator (npm run deadletters)`,
      );
    }
  }

  /**
   * Whether a stream captures the subject: asked only when a publish failed with an answer, not
   * silence. No stream for it means JetStream will never take it; a failed question means nothing.
   */
  private async streamCaptures(subject: string): Promise<boolean> {
    try {
      this.jsm ??= await jetstreamManager(this.nc, { timeout: 2_000 });
      await this.jsm.streams.find(namespacedSubject(subject, this.options.namespace));
      return true;
    } catch (error) {
      return !/no stream matches subject/i.test(describeError(error));
    }
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
