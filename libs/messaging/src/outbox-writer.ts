import { createEnvelope, EventContract, EventEnvelope, eventSubject, NewEvent, subjectOfEventType } from '@opis/contracts-envelope';

import { EntitySubscriberInterface, EntityManager, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

import { currentEventCause, queryPrepared, SqlWrite, writeAtomically } from '@opis/platform';

/** The channel the relay LISTENs on, for events written by another instance of the service. */
export const OUTBOX_CHANNEL = 'opis_outbox';

export interface OutboxEvent {
  envelope: EventEnvelope;
  subject: string;
}

/** One contract's event, as `commitWithEvents` takes it. */
export interface NewOutboxEvent<TData extends object = object> {
  contract: EventContract<TData>;
  event: Omit<NewEvent<TData>, 'name'>;
}

/** What a writer needs of the relay of its own process. */
export interface LocalRelay {
  /** True while this process's relay holds the lock and publishes. */
  readonly isLeader: boolean;
  /** Tells it that committed rows wait. */
  nudge(): void;
}

/**
 * The event with the cause of the work under way (the request, or the event being applied) where
 * the caller named none: one id follows a child's path from the request through every service.
 */
function withCause<TData extends object>(event: NewEvent<TData>): NewEvent<TData> {
  const cause = currentEventCause();
  if (!cause) return event;
  return { ...event, correlationId: event.correlationId ?? cause.correlationId, causationId: event.causationId ?? cause.causationId };
}

function expectedSubject(envelope: EventEnvelope): string {
  return subjectOfEventType(envelope.type, envelope.version, envelope.officeCode);
}

/**
 * Writes events to the outbox with the state change that causes them, so both commit or
 * neither does, and wakes the relay once they are committed: the relay of this process
 * directly, another instance's relay by NOTIFY. (A NOTIFY on every commit would serialise
 * every writer's commit on Postgres's notification lock.) Register the writer as a subscriber
 * of the DataSource (MessagingModule does) so that it sees transactions commit.
 */
export class OutboxWriter implements EntitySubscriberInterface {
  /** Transactions that appended events, to wake the local relay when they commit. */
  private readonly awaitingCommit = new WeakSet<QueryRunner>();

  constructor(private readonly localRelay?: LocalRelay) {}

  /** The usual way: builds the envelope and subject of one contract's event and appends it. */
  public async appendEvent<TData extends object>(
    manager: EntityManager,
    contract: EventContract<TData>,
    event: Omit<NewEvent<TData>, 'name'>,
  ): Promise<EventEnvelope<TData>> {
    const envelope = createEnvelope(withCause({ ...event, name: contract.name }));
    await this.append(manager, envelope, eventSubject(contract.name, event.officeCode));
    return envelope;
  }

  public async append(manager: EntityManager, envelope: EventEnvelope, subject: string): Promise<void> {
    await this.appendMany(manager, [{ envelope, subject }]);
  }

  /** Appends in the given order: that is the order the relay publishes them in. */
  public async appendMany(manager: EntityManager, events: readonly OutboxEvent[]): Promise<void> {
    if (events.length === 0) return;
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) {
      throw new Error('OutboxWriter needs the EntityManager of an open transaction');
    }
    const write = this.outboxWrite(events);
    await queryPrepared(manager, write.sql, write.params);
    await this.wakeAtCommit(manager, runner);
  }

  /**
   * Commits `writes` and the outbox rows of `events` as one statement (`writeAtomically`): as
   * atomic as a transaction, in one round trip. Inside an open transaction it joins it (and
   * the relay wakes at its commit). Returns the envelopes, in the order given.
   */
  public async commitWithEvents(
    manager: EntityManager,
    writes: readonly SqlWrite[],
    events: readonly NewOutboxEvent[],
  ): Promise<EventEnvelope[]> {
    const envelopes = events.map(({ contract, event }) => createEnvelope(withCause({ ...event, name: contract.name })));
    const outboxEvents = envelopes.map((envelope, i) => ({
      envelope,
      subject: eventSubject(events[i].contract.name, envelope.officeCode),
    }));
    await writeAtomically(manager, outboxEvents.length > 0 ? [...writes, this.outboxWrite(outboxEvents)] : writes);
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) await this.wakeAtCommit(manager, runner);
    else if (outboxEvents.length > 0) await this.wakeNow(manager);
    return envelopes;
  }

  public afterTransactionCommit(event: TransactionCommitEvent): void {
    if (this.awaitingCommit.delete(event.queryRunner)) this.localRelay?.nudge();
  }

  public afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.awaitingCommit.delete(event.queryRunner);
  }

  private async wakeAtCommit(manager: EntityManager, runner: QueryRunner): Promise<void> {
    if (this.localRelay?.isLeader) {
      this.awaitingCommit.add(runner);
    } else if (!this.awaitingCommit.has(runner)) {
      // Postgres delivers it at commit, and drops it on rollback.
      await manager.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, '']);
      this.awaitingCommit.add(runner);
    }
  }

  private async wakeNow(manager: EntityManager): Promise<void> {
    if (this.localRelay?.isLeader) this.localRelay.nudge();
    else await manager.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, '']);
  }

  private outboxWrite(events: readonly OutboxEvent[]): SqlWrite {
    for (const { envelope, subject } of events) {
      // The subject is how subscribers filter; one that disagrees with the envelope would misroute.
      if (subject !== expectedSubject(envelope)) {
        throw new Error(`subject ${subject} does not match event ${envelope.type} v${envelope.version}`);
      }
    }
    return {
      sql: `INSERT INTO outbox (id, subject, event_type, case_id, payload)
       SELECT e.id, e.subject, e.event_type, e.case_id, e.payload
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::jsonb[])
         WITH ORDINALITY AS e(id, subject, event_type, case_id, payload, n)
       ORDER BY e.n`,
      params: [
        events.map((e) => e.envelope.id),
        events.map((e) => e.subject),
        events.map((e) => e.envelope.type),
        events.map((e) => e.envelope.caseId),
        events.map((e) => JSON.stringify(e.envelope)),
      ],
    };
  }
}
