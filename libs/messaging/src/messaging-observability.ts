import { Inject, Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { NatsConnection } from '@nats-io/nats-core';
import { Gauge } from 'prom-client';

import { HealthRegistry, MetricsRegistry } from '@opis/platform';

import { EventConsumerFactory } from './event-consumer.factory';
import { MessagingSnapshot, MessagingStats } from './messaging-stats';
import { NATS_CONNECTION } from './nats-connection.token';


/** One snapshot serves every gauge of one scrape. */
const SNAPSHOT_TTL_MS = 1_000;

/**
 * Puts the messaging figures where operators look: NATS and the consumers in `/health/ready`, and outbox
 * backlog and consumer lag in `/metrics`.
 */
@Injectable()
export class MessagingObservability implements OnModuleInit {
  private cached: { at: number; snapshot: Promise<MessagingSnapshot> } | undefined;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly stats: MessagingStats,
    private readonly consumers: EventConsumerFactory,
    // Absent only where messaging runs without the platform (its own tests).
    @Optional() private readonly health?: HealthRegistry,
    @Optional() private readonly metrics?: MetricsRegistry,
  ) {}

  private snapshot(): Promise<MessagingSnapshot> {
    if (!this.cached || Date.now() - this.cached.at > SNAPSHOT_TTL_MS) {
      this.cached = { at: Date.now(), snapshot: this.stats.snapshot() };
    }
    return this.cached.snapshot;
  }

  public onModuleInit(): void {
    const { health, metrics } = this;
    if (!health || !metrics) return;
    // A round trip to the server: a connection that is reconnecting does not answer.
    health.register('nats', async () => !this.nc.isClosed() && (await this.nc.flush(), true), { timeoutMs: 2_000 });
    // Ready means its consumers are there too: a copy that cannot arrive is a case this service does not know.
    health.register('consumers', async () => this.consumers.detached().length === 0);

    const snapshot = () => this.snapshot();
    new Gauge({
      name: 'opis_outbox_unpublished',
      help: 'Outbox rows not yet acknowledged by JetStream',
      registers: [metrics],
      async collect() {
        this.set((await snapshot()).outbox.unpublished);
      },
    });
    new Gauge({
      name: 'opis_outbox_oldest_unpublished_age_seconds',
      help: 'Age of the oldest outbox row not yet published',
      registers: [metrics],
      async collect() {
        this.set((await snapshot()).outbox.oldestUnpublishedAgeSeconds);
      },
    });
    const consumerGauge = (name: string, help: string, pick: (lag: MessagingSnapshot['consumers'][number]) => number | null) =>
      new Gauge({
        name,
        help,
        labelNames: ['stream', 'durable'],
        registers: [metrics],
        async collect() {
          this.reset();
          for (const lag of (await snapshot()).consumers) {
            const value = pick(lag);
            if (value !== null) this.set({ stream: lag.stream, durable: lag.durable }, value);
          }
        },
      });
    new Gauge({
      name: 'opis_outbox_dead_letters',
      help: 'Outbox rows JetStream kept refusing, set aside; each holds back its case (npm run deadletters)',
      registers: [metrics],
      async collect() {
        this.set((await snapshot()).outbox.deadLetters);
      },
    });
    const groupGauge = (name: string, help: string, pick: (group: MessagingSnapshot['groups'][number]) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['consumer'],
        registers: [metrics],
        async collect() {
          this.reset();
          for (const group of (await snapshot()).groups) this.set({ consumer: group.group }, pick(group));
        },
      });
    groupGauge('opis_consumer_cases_held_back', 'Cases whose later events wait for a missing version (parked)', (group) => group.heldCases);
    groupGauge('opis_consumer_dead_letters_open', 'Dead letters not yet replayed or skipped (npm run deadletters)', (group) => group.openDeadLetters);
    consumerGauge('opis_consumer_pending', 'Messages in the stream not yet delivered to the consumer (lag)', (lag) => lag.numPending);
    consumerGauge('opis_consumer_ack_pending', 'Messages delivered but not yet acknowledged', (lag) => lag.numAckPending);
    consumerGauge('opis_consumer_last_stream_sequence', 'Stream sequence of the event last applied', (lag) => lag.lastStreamSequence);
  }
}
