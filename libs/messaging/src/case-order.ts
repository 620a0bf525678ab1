import { EventContract, EventEnvelope, EVENT_SUBJECT_TOKENS } from '@opis/contracts-envelope';

import { sqlLiteral } from '@opis/platform';
import { DataSource, EntityManager } from 'typeorm';

import { CaseRef, decodeEvent } from './event-decoder';
import { MessagingLogger } from './logger';
import { describeError, isDatabaseUnavailable, nakDelay, NakBackoff } from './settlement';

/** What `opis_consumer_claim` decided for one event of a batch (CaseOrder1764460000004). */
export interface ClaimDecision {
  /** 1-based position of the event in the batch given. */
  ord: number;
  /** apply: the case's next version; skip: applied already; park: an earlier version is missing. */
  decision: 'apply' | 'skip' | 'park';
  /** A parked event is now the case's next version: apply it after this transaction commits. */
  next_parked: boolean;
}

export interface ClaimedEvent {
  eventId: string;
  caseId: string;
  caseVersion: number;
  streamSequence: number;
  subject: string;
  payload: string;
}

function textArray(values: readonly string[], type: string): string {
  return values.length === 0 ? `'{}'::${type}[]` : `ARRAY[${values.map((value) => sqlLiteral(value)).join(', ')}]::${type}[]`;
}

function integerArray(values: readonly number[]): string {
  return `ARRAY[${values.map((value) => sqlLiteral(value)).join(', ')}]::bigint[]`;
}

/**
 * The claim of a batch as one statement without parameters, so that it can travel with the
 * transaction's start (transactionStartingWith): it records the inbox rows, locks the cases'
 * cursors and says per event whether to apply it. Rows come back in the order to apply: by case,
 * then version.
 */
export function claimStatement(group: string, durable: string, events: readonly ClaimedEvent[]): string {
  return `SELECT ord, decision, next_parked FROM opis_consumer_claim(${sqlLiteral(group)}, ${sqlLiteral(durable)}, ${textArray(
    events.map((e) => e.eventId),
    'uuid',
  )}, ${textArray(
    events.map((e) => e.caseId),
    'uuid',
  )}, ${integerArray(events.map((e) => e.caseVersion))}, ${integerArray(events.map((e) => e.streamSequence))}, ${textArray(
    events.map((e) => e.subject),
    'text',
  )}, ${textArray(
    events.map((e) => e.payload),
    'text',
  )})`;
}

/** `opis.<svc>.*.*.*.*` or one office of it (`opis.<svc>.*.*.*.CHP`): every version of a case. */
export function isWholeStreamFilter(filter: string): boolean {
  const tokens = filter.split('.');
  return tokens.length === EVENT_SUBJECT_TOKENS && tokens[0] === 'opis' && tokens.slice(2, 5).every((token) => token === '*');
}

export interface CaseOrderContext {
  dataSource: DataSource;
  group: string;
  contracts: ReadonlyMap<string, EventContract>;
  /** Runs the consumer's handler (or nothing, for a type it does not act on). */
  apply: (envelope: EventEnvelope, manager: EntityManager, meta: { streamSequence: number; deliveryCount: number; subject: string }) => Promise<void>;
  /** Records a dead letter for an event that stayed parked and failed too often. */
  deadLetter: (letter: ParkedDeadLetter) => Promise<void>;
  maxAttempts: number;
  backoff: NakBackoff;
  logger: MessagingLogger;
}

export interface ParkedDeadLetter {
  durable: string;
  subject: string;
  streamSequence: number;
  eventId: string | null;
  caseRef: CaseRef;
  payload: string;
  reason: string;
  deliveries: number;
}

interface PendingRow {
  case_version: string;
  event_id: string;
  durable: string;
  subject: string;
  stream_sequence: string;
  payload: string;
  attempts: number;
}

interface OpenDeadLetter {
  id: string;
  case_id: string | null;
  payload: string;
  subject: string;
  stream_sequence: string;
}

/**
 * The slow paths of order per case, all driven by the database so that every instance agrees:
 * applying parked events once their predecessor is in (at once after that commit, and by a
 * sweep as a backstop), and the replays operators ask for (`npm run deadletters`).
 */
export class CaseOrder {
  constructor(private readonly context: CaseOrderContext) {}

  /** Applies the case's parked events while the next one is there, each in its own transaction. */
  public async drain(caseId: string): Promise<void> {
    for (;;) {
      const outcome = await this.applyNextParked(caseId);
      if (outcome !== 'applied') return;
    }
  }

  /**
   * One sweep: dead letters of versions the group applied meanwhile (another instance applied the
   * event; nothing waits for an operator), cases whose next version waits parked, then the replays
   * asked for.
   */
  public async sweep(): Promise<void> {
    await this.context.dataSource.query(
      `UPDATE dead_letter d SET resolved_at = now(), resolution = 'already-applied', replay_requested_at = NULL
         FROM consumer_case_cursor c
        WHERE d.consumer_group = $1 AND d.resolved_at IS NULL AND c.consumer = d.consumer_group
          AND c.case_id = d.case_id AND c.applied_version >= d.case_version`,
      [this.context.group],
    );
    const ready = (await this.context.dataSource.query(
      `SELECT DISTINCT p.case_id FROM consumer_pending_event p
         JOIN consumer_case_cursor c ON c.consumer = p.consumer AND c.case_id = p.case_id
        WHERE p.consumer = $1 AND p.case_version = c.applied_version + 1
          AND (p.next_attempt_at IS NULL OR p.next_attempt_at <= now())
        LIMIT 100`,
      [this.context.group],
    )) as { case_id: string }[];
    for (const { case_id } of ready) await this.drain(case_id);
    const replays = (await this.context.dataSource.query(
      `SELECT id, case_id, payload, subject, stream_sequence::text AS stream_sequence FROM dead_letter
        WHERE consumer_group = $1 AND replay_requested_at IS NOT NULL AND resolved_at IS NULL
        ORDER BY case_id, case_version LIMIT 20`,
      [this.context.group],
    )) as OpenDeadLetter[];
    for (const letter of replays) {
      await this.replay(letter);
      if (letter.case_id) await this.drain(letter.case_id);
    }
  }

  private async applyNextParked(caseId: string): Promise<'applied' | 'none' | 'failed'> {
    let parked: PendingRow | undefined;
    try {
      return await this.context.dataSource.transaction(async (manager) => {
        // Another instance holding the cursor is applying this case: it drains after its commit.
        const [cursor] = (await manager.query(
          `SELECT applied_version::text AS applied FROM consumer_case_cursor WHERE consumer = $1 AND case_id = $2 FOR UPDATE SKIP LOCKED`,
          [this.context.group, caseId],
        )) as { applied: string }[];
        if (!cursor) return 'none';
        const next = BigInt(cursor.applied) + 1n;
        [parked] = (await manager.query(
          `SELECT case_version::text AS case_version, event_id, durable, subject, stream_sequence::text AS stream_sequence, payload, attempts
             FROM consumer_pending_event
            WHERE consumer = $1 AND case_id = $2 AND case_version = $3 AND (next_attempt_at IS NULL OR next_attempt_at <= now())`,
          [this.context.group, caseId, next.toString()],
        )) as PendingRow[];
        if (!parked) return 'none';
        const decoded = decodeEvent(Buffer.from(parked.payload, 'utf8'), this.context.contracts);
        if (!decoded.ok) throw new ParkedPoison(decoded.reason);
        await this.context.apply(decoded.envelope, manager, {
          streamSequence: Number(parked.stream_sequence),
          deliveryCount: parked.attempts + 1,
          subject: parked.subject,
        });
        await manager.query(`DELETE FROM consumer_pending_event WHERE consumer = $1 AND case_id = $2 AND case_version = $3`, [
          this.context.group,
          caseId,
          parked.case_version,
        ]);
        await manager.query(`UPDATE consumer_case_cursor SET applied_version = $3, applied_at = now() WHERE consumer = $1 AND case_id = $2`, [
          this.context.group,
          caseId,
          parked.case_version,
        ]);
        return 'applied';
      });
    } catch (error) {
      if (!parked) throw error;
      await this.parkedFailed(caseId, parked, error);
      return 'failed';
    }
  }

  /** A parked event that failed: tried again later, and dead-lettered (its case stays held back) after maxAttempts. */
  private async parkedFailed(caseId: string, parked: PendingRow, error: unknown): Promise<void> {
    // The database away is no fault of the event: tried again, and not counted.
    const attempts = isDatabaseUnavailable(error) ? parked.attempts : parked.attempts + 1;
    const poison = error instanceof ParkedPoison;
    if (poison || attempts >= this.context.maxAttempts) {
      await this.context.deadLetter({
        durable: parked.durable,
        subject: parked.subject,
        streamSequence: Number(parked.stream_sequence),
        eventId: parked.event_id,
        caseRef: { caseId, caseVersion: Number(parked.case_version) },
        payload: parked.payload,
        reason: poison ? `poison: ${error.message}` : `failed ${attempts} attempts while parked, last: ${describeError(error)}`,
        deliveries: attempts,
      });
      await this.context.dataSource.query(`DELETE FROM consumer_pending_event WHERE consumer = $1 AND case_id = $2 AND case_version = $3`, [
        this.context.group,
        caseId,
        parked.case_version,
      ]);
      return;
    }
    const delayMs = nakDelay(attempts, this.context.backoff);
    this.context.logger.warn(`parked event ${parked.event_id} of ${this.context.group} failed (${attempts}x), retry in ${delayMs} ms: ${describeError(error)}`);
    await this.context.dataSource.query(
      `UPDATE consumer_pending_event SET attempts = $4, last_error = $5, next_attempt_at = now() + make_interval(secs => $6::float8 / 1000)
        WHERE consumer = $1 AND case_id = $2 AND case_version = $3`,
      [this.context.group, caseId, parked.case_version, attempts, describeError(error), delayMs],
    );
  }

  /** An operator asked to apply a dead letter again: it applies if it is its case's next version. */
  private async replay(letter: OpenDeadLetter): Promise<void> {
    const decoded = decodeEvent(Buffer.from(letter.payload, 'utf8'), this.context.contracts);
    if (!decoded.ok) {
      await this.replayFailed(letter.id, `still poison: ${decoded.reason}`);
      return;
    }
    const { envelope } = decoded;
    try {
      const outcome = await this.context.dataSource.transaction(async (manager) => {
        await manager.query(
          `INSERT INTO consumer_case_cursor (consumer, case_id, applied_version) VALUES ($1, $2, 0) ON CONFLICT (consumer, case_id) DO NOTHING`,
          [this.context.group, envelope.caseId],
        );
        const [cursor] = (await manager.query(
          `SELECT applied_version::text AS applied FROM consumer_case_cursor WHERE consumer = $1 AND case_id = $2 FOR UPDATE`,
          [this.context.group, envelope.caseId],
        )) as { applied: string }[];
        const applied = BigInt(cursor?.applied ?? '0');
        const version = BigInt(envelope.caseVersion);
        if (version <= applied) {
          await this.resolve(manager, letter.id, 'already-applied');
          return 'already applied';
        }
        if (version !== applied + 1n) return `waits for version ${applied + 1n} of its case first`;
        await this.context.apply(envelope, manager, {
          streamSequence: Number(letter.stream_sequence),
          deliveryCount: 1,
          subject: letter.subject,
        });
        await manager.query(`UPDATE consumer_case_cursor SET applied_version = $3, applied_at = now() WHERE consumer = $1 AND case_id = $2`, [
          this.context.group,
          envelope.caseId,
          version.toString(),
        ]);
        await this.resolve(manager, letter.id, 'replayed');
        return 'replayed';
      });
      if (outcome === 'replayed' || outcome === 'already applied') this.context.logger.log(`dead letter ${letter.id}: ${outcome}`);
      else await this.replayFailed(letter.id, outcome);
    } catch (error) {
      await this.replayFailed(letter.id, `failed again: ${describeError(error)}`);
    }
  }

  private async resolve(manager: EntityManager, id: string, resolution: 'replayed' | 'already-applied'): Promise<void> {
    await manager.query(
      `UPDATE dead_letter SET resolved_at = now(), resolution = $2, replay_requested_at = NULL, replay_error = NULL WHERE id = $1`,
      [id, resolution],
    );
  }

  private async replayFailed(id: string, reason: string): Promise<void> {
    this.context.logger.warn(`dead letter ${id} not replayed: ${reason}`);
    await this.context.dataSource.query(`UPDATE dead_letter SET replay_requested_at = NULL, replay_error = $2 WHERE id = $1`, [id, reason.slice(0, 2_000)]);
  }
}

class ParkedPoison extends Error {}
