import { DataSource, EntityManager } from 'typeorm';

/** A consumer's dead letter as operators see it: no payload (it may hold more than a log may). */
export interface DeadLetterView {
  id: string;
  consumerGroup: string;
  consumer: string;
  subject: string;
  streamSequence: number;
  eventId: string | null;
  caseId: string | null;
  caseVersion: number | null;
  reason: string;
  deliveries: number;
  createdAt: Date;
  replayRequestedAt: Date | null;
  replayError: string | null;
  resolvedAt: Date | null;
  resolution: string | null;
  resolvedBy: string | null;
  resolutionReason: string | null;
}

/** A case whose later events wait for an earlier one: nothing of it is applied past `appliedVersion`. */
export interface HeldCase {
  consumerGroup: string;
  caseId: string;
  appliedVersion: number;
  /** The version everything waits for. */
  missingVersion: number;
  parkedEvents: number;
  oldestParkedAt: Date;
  /** The open dead letter that is the missing version, if that is why. */
  deadLetterId: string | null;
}

/** An outbox row JetStream kept refusing: its case's later events are not published until it is retried. */
export interface OutboxDeadLetter {
  id: string;
  caseId: string;
  caseVersion: number;
  subject: string;
  attempts: number;
  lastError: string | null;
  deadLetteredAt: Date;
}

/** What an operator's decision leaves in the service's audit trail (append-only). */
export type DeskAudit = (manager: EntityManager, entry: { action: string; actor: string; caseId: string | null; reason: string }) => Promise<void>;

export class DeskRefusal extends Error {}

/**
 * The operators' side of dead letters and held cases (`npm run deadletters`, `/v1/ops/messaging`).
 * A replay is only asked for here: the service's consumer, which has the handler, applies it on
 * its next sweep. A skip moves the case's cursor past the dead letter; the sweep then applies the
 * events that waited behind it. Both are audited.
 */
export class DeadLetterDesk {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit?: DeskAudit,
  ) {}

  public async list(options: { open?: boolean; limit?: number } = {}): Promise<DeadLetterView[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, consumer_group, consumer, subject, stream_sequence::text AS stream_sequence, event_id, case_id,
              case_version::text AS case_version, reason, deliveries, created_at, replay_requested_at, replay_error,
              resolved_at, resolution, resolved_by, resolution_reason
         FROM dead_letter WHERE ($1::boolean IS NOT TRUE OR resolved_at IS NULL)
        ORDER BY created_at LIMIT $2`,
      [options.open ?? null, options.limit ?? 200],
    )) as Record<string, unknown>[];
    return rows.map((row) => ({
      id: row['id'] as string,
      consumerGroup: row['consumer_group'] as string,
      consumer: row['consumer'] as string,
      subject: row['subject'] as string,
      streamSequence: Number(row['stream_sequence']),
      eventId: (row['event_id'] as string | null) ?? null,
      caseId: (row['case_id'] as string | null) ?? null,
      caseVersion: row['case_version'] === null ? null : Number(row['case_version']),
      reason: row['reason'] as string,
      deliveries: row['deliveries'] as number,
      createdAt: row['created_at'] as Date,
      replayRequestedAt: (row['replay_requested_at'] as Date | null) ?? null,
      replayError: (row['replay_error'] as string | null) ?? null,
      resolvedAt: (row['resolved_at'] as Date | null) ?? null,
      resolution: (row['resolution'] as string | null) ?? null,
      resolvedBy: (row['resolved_by'] as string | null) ?? null,
      resolutionReason: (row['resolution_reason'] as string | null) ?? null,
    }));
  }

  public async get(id: string): Promise<DeadLetterView | undefined> {
    return (await this.list({ limit: 100_000 })).find((letter) => letter.id === id);
  }

  /** Cases some consumer holds back: a version is missing (dead-lettered, failing, or not yet arrived). */
  public async heldCases(limit = 200): Promise<HeldCase[]> {
    const rows = (await this.dataSource.query(
      `SELECT p.consumer, p.case_id, c.applied_version::text AS applied, count(*)::int AS parked, min(p.parked_at) AS oldest,
              (SELECT d.id FROM dead_letter d
                WHERE d.consumer_group = p.consumer AND d.case_id = p.case_id AND d.case_version = c.applied_version + 1
                  AND d.resolved_at IS NULL LIMIT 1) AS dead_letter_id
         FROM consumer_pending_event p
         JOIN consumer_case_cursor c ON c.consumer = p.consumer AND c.case_id = p.case_id
        GROUP BY p.consumer, p.case_id, c.applied_version
        ORDER BY min(p.parked_at) LIMIT $1`,
      [limit],
    )) as { consumer: string; case_id: string; applied: string; parked: number; oldest: Date; dead_letter_id: string | null }[];
    return rows.map((row) => ({
      consumerGroup: row.consumer,
      caseId: row.case_id,
      appliedVersion: Number(row.applied),
      missingVersion: Number(row.applied) + 1,
      parkedEvents: row.parked,
      oldestParkedAt: row.oldest,
      deadLetterId: row.dead_letter_id,
    }));
  }

  public async outboxDeadLetters(): Promise<OutboxDeadLetter[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, case_id, case_version::text AS case_version, subject, publish_attempts, last_publish_error, dead_lettered_at
         FROM outbox WHERE dead_lettered_at IS NOT NULL AND published_at IS NULL ORDER BY position`,
    )) as Record<string, unknown>[];
    return rows.map((row) => ({
      id: row['id'] as string,
      caseId: row['case_id'] as string,
      caseVersion: Number(row['case_version']),
      subject: row['subject'] as string,
      attempts: row['publish_attempts'] as number,
      lastError: (row['last_publish_error'] as string | null) ?? null,
      deadLetteredAt: row['dead_lettered_at'] as Date,
    }));
  }

  /** Asks the consumer to apply the dead letter again; it does so if it is its case's next version. */
  public async requestReplay(id: string, actor: string, reason: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const letter = await this.openLetter(manager, id);
      await manager.query(`UPDATE dead_letter SET replay_requested_at = now(), replay_error = NULL, resolved_by = $2 WHERE id = $1`, [id, actor]);
      await this.audit?.(manager, { action: 'dead-letter.replay-requested', actor, caseId: letter.case_id, reason });
    });
  }

  /**
   * Gives up the dead letter's event for its consumer: the case's cursor moves past it, so the
   * events that waited behind it are applied. Only for the version the case waits for.
   */
  public async skip(id: string, actor: string, reason: string): Promise<void> {
    if (reason.trim().length < 10) throw new DeskRefusal('a skip needs a reason of at least 10 characters');
    await this.dataSource.transaction(async (manager) => {
      const letter = await this.openLetter(manager, id);
      if (letter.case_id !== null && letter.case_version !== null) {
        await manager.query(
          `INSERT INTO consumer_case_cursor (consumer, case_id, applied_version) VALUES ($1, $2, 0) ON CONFLICT (consumer, case_id) DO NOTHING`,
          [letter.consumer_group, letter.case_id],
        );
        const [cursor] = (await manager.query(
          `SELECT applied_version::text AS applied FROM consumer_case_cursor WHERE consumer = $1 AND case_id = $2 FOR UPDATE`,
          [letter.consumer_group, letter.case_id],
        )) as { applied: string }[];
        const applied = Number(cursor?.applied ?? 0);
        const version = Number(letter.case_version);
        if (applied + 1 < version) {
          throw new DeskRefusal(`case ${letter.case_id} waits for version ${applied + 1} first: resolve that one before version ${version}`);
        }
        if (applied + 1 === version) {
          await manager.query(`UPDATE consumer_case_cursor SET applied_version = $3, applied_at = now() WHERE consumer = $1 AND case_id = $2`, [
            letter.consumer_group,
            letter.case_id,
            version,
          ]);
        }
      }
      await manager.query(
        `UPDATE dead_letter SET resolved_at = now(), resolution = 'skipped', resolved_by = $2, resolution_reason = $3, replay_requested_at = NULL
          WHERE id = $1`,
        [id, actor, reason],
      );
      await this.audit?.(manager, { action: 'dead-letter.skipped', actor, caseId: letter.case_id, reason });
    });
  }

  /** Publishes a set-aside outbox row again (after the stream or the row was mended). */
  public async retryOutbox(id: string, actor: string, reason: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(
        `UPDATE outbox SET dead_lettered_at = NULL, publish_attempts = 0 WHERE id = $1 AND dead_lettered_at IS NOT NULL AND published_at IS NULL
         RETURNING case_id`,
        [id],
      )) as { case_id: string }[];
      if (!row) throw new DeskRefusal(`no outbox dead letter ${id}`);
      await this.audit?.(manager, { action: 'outbox-dead-letter.retried', actor, caseId: row.case_id, reason });
    });
  }

  private async openLetter(manager: EntityManager, id: string): Promise<{ consumer_group: string; case_id: string | null; case_version: string | null }> {
    const [letter] = (await manager.query(
      `SELECT consumer_group, case_id, case_version::text AS case_version FROM dead_letter WHERE id = $1 AND resolved_at IS NULL FOR UPDATE`,
      [id],
    )) as { consumer_group: string; case_id: string | null; case_version: string | null }[];
    if (!letter) throw new DeskRefusal(`no open dead letter ${id}`);
    return letter;
  }
}
