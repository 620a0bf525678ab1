import { jetstreamManager, JetStreamManager } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/nats-core';
import { DataSource } from 'typeorm';

import { namespacedStream } from './namespace';

export interface ConsumerRef {
  /** Stream name without namespace. */
  stream: string;
  durable: string;
}

export interface ConsumerLag extends ConsumerRef {
  /** From the inbox (its row with the highest stream sequence): what this service last applied. */
  lastStreamSequence: number | null;
  lastEventId: string | null;
  lastAppliedAt: Date | null;
  /** From JetStream consumer info; null when NATS does not answer. */
  numPending: number | null;
  numAckPending: number | null;
  numRedelivered: number | null;
}

export interface MessagingSnapshot {
  outbox: {
    unpublished: number;
    /** Age of the oldest unpublished row; 0 when the backlog is empty. */
    oldestUnpublishedAgeSeconds: number;
    /** Rows JetStream kept refusing, set aside: each holds back its case's later events. */
    deadLetters: number;
  };
  consumers: ConsumerLag[];
  /** Per consumer group: cases held back by a missing version, and dead letters no one resolved yet. */
  groups: GroupOrder[];
}

export interface GroupOrder {
  group: string;
  heldCases: number;
  openDeadLetters: number;
}

/** Figures for health checks and metrics; cheap enough to call on every scrape. */
export class MessagingStats {
  private jsm: JetStreamManager | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly nc: NatsConnection,
    private readonly consumers: () => readonly ConsumerRef[],
    private readonly namespace?: string,
  ) {}

  public async snapshot(): Promise<MessagingSnapshot> {
    const [backlog] = (await this.dataSource.query(
      `SELECT count(*)::int AS unpublished,
              COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS age,
              count(*) FILTER (WHERE dead_lettered_at IS NOT NULL)::int AS dead
       FROM outbox WHERE published_at IS NULL`,
    )) as { unpublished: number; age: number; dead: number }[];
    const groups = (await this.dataSource.query(
      `SELECT g.group_name AS group, COALESCE(h.held, 0)::int AS held, COALESCE(d.open, 0)::int AS open
         FROM (SELECT DISTINCT consumer AS group_name FROM consumer_pending_event
               UNION SELECT DISTINCT consumer_group FROM dead_letter WHERE resolved_at IS NULL) g
         LEFT JOIN (SELECT consumer, count(DISTINCT case_id) AS held FROM consumer_pending_event GROUP BY consumer) h ON h.consumer = g.group_name
         LEFT JOIN (SELECT consumer_group, count(*) AS open FROM dead_letter WHERE resolved_at IS NULL GROUP BY consumer_group) d
                ON d.consumer_group = g.group_name
        ORDER BY 1`,
    )) as { group: string; held: number; open: number }[];
    const refs = this.consumers();
    const checkpoints = (await this.dataSource.query(
      `SELECT last.consumer, last.stream_sequence::text AS seq, last.event_id AS last_event_id, last.applied_at
         FROM unnest($1::text[]) AS c(consumer)
         CROSS JOIN LATERAL (
           SELECT consumer, stream_sequence, event_id, applied_at FROM inbox
            WHERE inbox.consumer = c.consumer ORDER BY stream_sequence DESC LIMIT 1) last`,
      [refs.map((ref) => ref.durable)],
    )) as { consumer: string; seq: string; last_event_id: string; applied_at: Date }[];
    const byConsumer = new Map(checkpoints.map((row) => [row.consumer, row]));
    const consumers = await Promise.all(
      refs.map(async (ref): Promise<ConsumerLag> => {
        const checkpoint = byConsumer.get(ref.durable);
        const info = await this.consumerInfo(ref);
        return {
          stream: ref.stream,
          durable: ref.durable,
          lastStreamSequence: checkpoint ? Number(checkpoint.seq) : null,
          lastEventId: checkpoint?.last_event_id ?? null,
          lastAppliedAt: checkpoint?.applied_at ?? null,
          numPending: info?.num_pending ?? null,
          numAckPending: info?.num_ack_pending ?? null,
          numRedelivered: info?.num_redelivered ?? null,
        };
      }),
    );
    return {
      outbox: { unpublished: backlog?.unpublished ?? 0, oldestUnpublishedAgeSeconds: backlog?.age ?? 0, deadLetters: backlog?.dead ?? 0 },
      consumers,
      groups: groups.map((row) => ({ group: row.group, heldCases: row.held, openDeadLetters: row.open })),
    };
  }

  private async consumerInfo(
    ref: ConsumerRef,
  ): Promise<{ num_pending: number; num_ack_pending: number; num_redelivered: number } | undefined> {
    if (this.nc.isClosed()) return undefined;
    try {
      this.jsm ??= await jetstreamManager(this.nc, { timeout: 2_000, checkAPI: false });
      return await this.jsm.consumers.info(namespacedStream(ref.stream, this.namespace), ref.durable);
    } catch {
      return undefined;
    }
  }
}
