import { createEnvelope, EventContract, EventEnvelope, eventSubject, NewEvent, subjectOfEventType } from '@opis/contracts-envelope';

import { EntityManager } from 'typeorm';

import { SqlWrite } from '@opis/platform';

/**
 * The channel the relay LISTENs on. The outbox's insert trigger notifies it (see
 * MessagingTables1764460000000); Postgres delivers the notification only at commit.
 */
export const OUTBOX_CHANNEL = 'opis_outbox';

export interface OutboxEvent {
  envelope: EventEnvelope;
  subject: string;
}

function expectedSubject(envelope: EventEnvelope): string {
  return subjectOfEventType(envelope.type, envelope.version, envelope.officeCode);
}

/**
 * Writes events to the outbox in the caller's transaction, so a state change and its event
 * commit together or not at all.
 */
export class OutboxWriter {
  /** The usual way: builds the envelope and subject of one contract's event and appends it. */
  public async appendEvent<TData extends object>(
    manager: EntityManager,
    contract: EventContract<TData>,
    event: Omit<NewEvent<TData>, 'name'>,
  ): Promise<EventEnvelope<TData>> {
    const envelope = createEnvelope({ ...event, name: contract.name });
    await this.append(manager, envelope, eventSubject(contract.name, event.officeCode));
    return envelope;
  }

  public async append(manager: EntityManager, envelope: EventEnvelope, subject: string): Promise<void> {
    await this.appendMany(manager, [{ envelope, subject }]);
  }

  /** Appends in the given order: that is the order the relay publishes them in. */
  public async appendMany(manager: EntityManager, events: readonly OutboxEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('OutboxWriter needs the EntityManager of an open transaction');
    }
    const write = this.outboxWrite(events);
    await manager.query(write.sql, write.params as unknown[]);
  }

  /**
   * The outbox insert of one event as a write to combine with the state change in one
   * statement (`writeAtomically` from @opis/platform): as atomic as a transaction, fewer round trips.
   */
  public eventWrite<TData extends object>(
    contract: EventContract<TData>,
    event: Omit<NewEvent<TData>, 'name'>,
  ): { envelope: EventEnvelope<TData>; write: SqlWrite } {
    const envelope = createEnvelope({ ...event, name: contract.name });
    return { envelope, write: this.outboxWrite([{ envelope, subject: eventSubject(contract.name, event.officeCode) }]) };
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
