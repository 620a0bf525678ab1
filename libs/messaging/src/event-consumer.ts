import { EventContract, EventEnvelope, uuidv7 } from '@opis/contracts-envelope';

import { ConsumerMessages, jetstream, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { millis, NatsConnection } from '@nats-io/nats-core';
import { DataSource, EntityManager } from 'typeorm';

import { decodeEvent, indexContracts } from './event-decoder';
import { defaultLogger, MessagingLogger } from './logger';
import { deadLetterSubject, namespacedStream, namespacedSubject, stripNamespace } from './namespace';
import { describeError, NakBackoff, Settlement, settleFailure, settleUnrecordedDeadLetter } from './settlement';
import { backoffMs, delay } from './timing';

export interface EventMeta {
  streamSequence: number;
  /** 1 on the first delivery. */
  deliveryCount: number;
  /** The subject as the producer wrote it (without a test namespace). */
  subject: string;
}

/** Applies one event with the transaction's manager; throw PoisonMessageError for a message that can never apply. */
export type EventHandler = (envelope: EventEnvelope, manager: EntityManager, meta: EventMeta) => Promise<void>;

export interface EventConsumerOptions {
  /** Stream name without namespace, e.g. `streamName('intake')`. */
  stream: string;
  /** Durable consumer name, unique within the service: it also names the inbox and checkpoint rows. */
  durable: string;
  /** When given, checked against the provisioned consumer's filter. */
  filterSubject?: string;
  contracts: readonly EventContract[];
  handler: EventHandler;
  /** Deliveries before a passing failure is dead-lettered (default 5). */
  maxDeliver?: number;
  /** First nak delay; doubles per delivery up to maxNakDelayMs. */
  nakDelayMs?: number;
  maxNakDelayMs?: number;
  /** Messages pulled ahead (default 32). */
  batchSize?: number;
}

export interface EventConsumerContext {
  serviceName: string;
  namespace?: string;
  logger?: MessagingLogger;
}

class ConsumerConfigurationError extends Error {}

/**
 * An idempotent durable pull consumer: the handler's effects, the inbox row and the checkpoint
 * commit in one transaction, and the message is acked only after that commit.
 */
export class EventConsumer {
  private readonly js: JetStreamClient;
  private readonly logger: MessagingLogger;
  private options: EventConsumerOptions | undefined;
  private contracts: ReadonlyMap<string, EventContract> = new Map();
  private backoff: NakBackoff = { baseMs: 1_000, maxMs: 60_000 };
  private maxDeliver = 5;
  private ackWaitMs = 0;
  private messages: ConsumerMessages | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;
  private abort = new AbortController();
  private applied = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly nc: NatsConnection,
    private readonly context: EventConsumerContext,
  ) {
    this.js = jetstream(nc);
    this.logger = context.logger ?? defaultLogger(EventConsumer.name);
  }

  public get stream(): string | undefined {
    return this.options?.stream;
  }

  public get durable(): string | undefined {
    return this.options?.durable;
  }

  /** Events this instance applied (not counting redeliveries it skipped). */
  public get appliedCount(): number {
    return this.applied;
  }

  /** Starts consuming in the background; returns at once (NATS may still be connecting). */
  public async start(options: EventConsumerOptions): Promise<void> {
    if (this.running) throw new Error(`consumer ${this.options?.durable} already started`);
    if (options.durable.includes('.')) throw new Error(`durable name "${options.durable}" may not contain a dot`);
    this.contracts = indexContracts(options.contracts);
    this.options = options;
    this.backoff = { baseMs: options.nakDelayMs ?? 1_000, maxMs: options.maxNakDelayMs ?? 60_000 };
    this.maxDeliver = options.maxDeliver ?? 5;
    this.stopping = false;
    this.abort = new AbortController();
    this.running = this.run(options);
  }

  /** Finishes the message in hand, gives back the ones pulled ahead (nak), and stops. */
  public async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    void this.messages?.close();
    await this.running;
    this.running = undefined;
  }

  private async run(options: EventConsumerOptions): Promise<void> {
    const stream = namespacedStream(options.stream, this.context.namespace);
    let failures = 0;
    while (!this.stopping && !this.nc.isClosed()) {
      try {
        const consumer = await this.js.consumers.get(stream, options.durable);
        const { config } = await consumer.info(true);
        const expectedFilter = options.filterSubject && namespacedSubject(options.filterSubject, this.context.namespace);
        if (expectedFilter && config.filter_subject !== expectedFilter) {
          throw new ConsumerConfigurationError(
            `consumer ${stream}/${options.durable} filters ${config.filter_subject ?? '(none)'}, expected ${expectedFilter}: provision it`,
          );
        }
        this.ackWaitMs = config.ack_wait ? millis(config.ack_wait) : 0;
        // A server limit below ours would stop deliveries before we could dead-letter.
        const serverMax = config.max_deliver && config.max_deliver > 0 ? config.max_deliver : Infinity;
        this.maxDeliver = Math.min(options.maxDeliver ?? 5, serverMax);
        const messages = await consumer.consume({ max_messages: options.batchSize ?? 32 });
        this.messages = messages;
        if (this.stopping) void messages.close();
        if (failures > 0) this.logger.log(`consumer ${options.durable} resumed`);
        failures = 0;
        for await (const msg of messages) {
          if (this.stopping) {
            this.settleQuietly(msg, { kind: 'nak', delayMs: 0 });
            continue;
          }
          await this.handle(options, msg);
        }
      } catch (error) {
        failures += 1;
        const message = `consumer ${options.durable} failed (${failures}x), retrying: ${describeError(error)}`;
        if (error instanceof ConsumerConfigurationError) this.logger.error(message);
        else if (failures === 1 || failures % 20 === 0) this.logger.warn(message);
      } finally {
        this.messages = undefined;
      }
      // consume() ends when the connection closes or the server refuses the pull: start over.
      if (!this.stopping) await delay(backoffMs(Math.max(failures, 1), 100, 10_000), this.abort.signal);
    }
  }

  private async handle(options: EventConsumerOptions, msg: JsMsg): Promise<void> {
    const meta: EventMeta = {
      streamSequence: msg.info.streamSequence,
      deliveryCount: msg.info.deliveryCount,
      subject: stripNamespace(msg.subject, this.context.namespace),
    };
    const decoded = decodeEvent(msg.data, this.contracts);
    if (!decoded.ok) {
      await this.settle(options, msg, meta, { kind: 'dead-letter', reason: `poison: ${decoded.reason}` }, decoded.eventId);
      return;
    }
    const { envelope } = decoded;
    const keepAlive = this.ackWaitMs > 0 ? setInterval(() => this.settleQuietly(msg, 'working'), this.ackWaitMs / 2) : undefined;
    let settlement: Settlement;
    try {
      const applied = await this.dataSource.transaction(async (manager) => {
        const inserted = (await manager.query(
          `INSERT INTO inbox (consumer, event_id, stream_sequence) VALUES ($1, $2, $3)
           ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id`,
          [options.durable, envelope.id, meta.streamSequence],
        )) as unknown[];
        // Already in the inbox: its effects committed before; only the ack was lost.
        if (inserted.length === 0) return false;
        await options.handler(envelope, manager, meta);
        await manager.query(
          `INSERT INTO consumer_checkpoint (consumer, stream, last_stream_sequence, last_event_id, applied_at)
           VALUES ($1, $2, $3, $4, now())
           ON CONFLICT (consumer) DO UPDATE SET stream = EXCLUDED.stream,
             last_stream_sequence = EXCLUDED.last_stream_sequence,
             last_event_id = EXCLUDED.last_event_id, applied_at = EXCLUDED.applied_at`,
          [options.durable, options.stream, meta.streamSequence, envelope.id],
        );
        return true;
      });
      if (applied) this.applied += 1;
      settlement = { kind: 'ack' };
    } catch (error) {
      settlement = settleFailure(error, { deliveryCount: meta.deliveryCount, maxDeliver: this.maxDeliver }, this.backoff);
      if (settlement.kind === 'nak') {
        this.logger.warn(
          `event ${envelope.id} (seq ${meta.streamSequence}, delivery ${meta.deliveryCount}) failed, retry in ${settlement.delayMs} ms: ${describeError(error)}`,
        );
      }
    } finally {
      if (keepAlive) clearInterval(keepAlive);
    }
    await this.settle(options, msg, meta, settlement, envelope.id);
  }

  private async settle(
    options: EventConsumerOptions,
    msg: JsMsg,
    meta: EventMeta,
    settlement: Settlement,
    eventId: string | null,
  ): Promise<void> {
    if (settlement.kind !== 'dead-letter') {
      this.settleQuietly(msg, settlement);
      return;
    }
    const id = uuidv7();
    const payload = Buffer.from(msg.data).toString('utf8');
    try {
      await this.dataSource.query(
        `INSERT INTO dead_letter (id, consumer, subject, stream_sequence, event_id, payload, reason, deliveries)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [id, options.durable, meta.subject, meta.streamSequence, eventId, payload, settlement.reason, meta.deliveryCount],
      );
    } catch (error) {
      const retry = settleUnrecordedDeadLetter({ deliveryCount: meta.deliveryCount, maxDeliver: this.maxDeliver }, this.backoff);
      this.logger.error(`cannot record dead letter of seq ${meta.streamSequence}, retry in ${retry.delayMs} ms: ${describeError(error)}`);
      this.settleQuietly(msg, retry);
      return;
    }
    this.logger.warn(`dead letter ${id}: ${options.durable} seq ${meta.streamSequence}: ${settlement.reason}`);
    await this.publishDeadLetter(options, meta, { id, eventId, payload, reason: settlement.reason });
    // No reason text on term: nats-server 2.9 only recognises a bare +TERM.
    this.settleQuietly(msg, 'term');
  }

  private async publishDeadLetter(
    options: EventConsumerOptions,
    meta: EventMeta,
    letter: { id: string; eventId: string | null; payload: string; reason: string },
  ): Promise<void> {
    const body = {
      ...letter,
      service: this.context.serviceName,
      consumer: options.durable,
      stream: options.stream,
      subject: meta.subject,
      streamSequence: meta.streamSequence,
      deliveries: meta.deliveryCount,
    };
    try {
      await this.js.publish(
        deadLetterSubject(this.context.serviceName, options.durable, this.context.namespace),
        JSON.stringify(body),
        { msgID: letter.id, timeout: 2_000 },
      );
    } catch (error) {
      // Best effort: the dead_letter row is the record.
      this.logger.warn(`dead letter ${letter.id} not published to the DLQ stream: ${describeError(error)}`);
    }
  }

  private settleQuietly(msg: JsMsg, settlement: Exclude<Settlement, { kind: 'dead-letter' }> | 'term' | 'working'): void {
    try {
      if (settlement === 'term') msg.term();
      else if (settlement === 'working') msg.working();
      else if (settlement.kind === 'ack') msg.ack();
      else if (settlement.delayMs > 0) msg.nak(settlement.delayMs);
      else msg.nak();
    } catch (error) {
      // A lost settlement means a redelivery, which the inbox absorbs.
      this.logger.warn(`settlement not sent: ${describeError(error)}`);
    }
  }
}
