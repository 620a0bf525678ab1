import { EventContract } from '@opis/contracts-envelope';

import { ConsumerMessages, jetstream, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { millis, NatsConnection } from '@nats-io/nats-core';
import { DataSource } from 'typeorm';

import { BatchApplier } from './batch-applier';
import { isWholeStreamFilter } from './case-order';
import { ConsumerSettlement, DeliveryLimits, settleQuietly } from './consumer-settlement';
import { DeliveryQueue, laneOf } from './delivery-queue';
import { EventConsumerContext, EventConsumerOptions } from './event-consumer-options';
import { indexContracts } from './event-decoder';
import { defaultLogger, MessagingLogger } from './logger';
import { namespacedStream, namespacedSubject } from './namespace';
import { decodePulled, Pulled } from './pulled-message';
import { DeliberateFaults } from './self-test-faults';
import { describeError } from './settlement';
import { backoffMs, delay } from './timing';

class ConsumerConfigurationError extends Error {}

/**
 * How a stopping consumer gives messages back. nats-server 2.9 keeps our pull request for a
 * moment after we unsubscribe; a message nak'd for immediate redelivery then goes to that dead
 * request and waits out the whole ack wait (and the stream position slips, repeating another).
 * After a second the request is gone and the message goes to the next puller.
 */
const GIVE_BACK = { kind: 'nak', delayMs: 1_000 } as const;

/**
 * An idempotent durable pull consumer: the handler's effects and the inbox rows commit in one
 * transaction, and the messages are acked only after that commit. Messages that
 * arrive while a transaction runs are applied together in the next one, in stream order.
 */
export class EventConsumer {
  private readonly js: JetStreamClient;
  private readonly logger: MessagingLogger;
  private readonly faults: DeliberateFaults;
  private options: EventConsumerOptions | undefined;
  private limits: DeliveryLimits = { maxDeliver: 5, backoff: { baseMs: 1_000, maxMs: 60_000 }, ackWaitMs: 0 };
  private contracts: ReadonlyMap<string, EventContract> = new Map();
  private messages: ConsumerMessages | undefined;
  private lanes: readonly DeliveryQueue<Pulled>[] = [];
  private concurrency = 1;
  private applyBatchSize = 32;
  private running: Promise<void> | undefined;
  private stopping = false;
  private abort = new AbortController();
  private applied = 0;
  private group = '';
  private sweeping: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly nc: NatsConnection,
    private readonly context: EventConsumerContext,
  ) {
    this.js = jetstream(nc);
    this.logger = context.logger ?? defaultLogger(EventConsumer.name);
    this.faults = new DeliberateFaults(context.selfTestFault);
    if (context.selfTestFault) this.logger.warn(`consumers of ${context.serviceName} are deliberately broken (${context.selfTestFault}) for a self-test`);
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

  /** True while it pulls from its JetStream consumer (false while NATS reconnects or it retries). */
  public get attached(): boolean {
    return this.messages !== undefined;
  }

  /** Messages pulled and waiting for the next transaction. */
  public get waitingCount(): number {
    return this.lanes.reduce((sum, lane) => sum + lane.size, 0);
  }

  /** Starts consuming in the background; returns at once (NATS may still be connecting). */
  public async start(options: EventConsumerOptions): Promise<void> {
    if (this.running) throw new Error(`consumer ${this.options?.durable} already started`);
    if (options.durable.includes('.')) throw new Error(`durable name "${options.durable}" may not contain a dot`);
    const applyBatchSize = options.applyBatchSize ?? 32;
    const concurrency = options.concurrency ?? 1;
    for (const [name, value] of [['applyBatchSize', applyBatchSize], ['concurrency', concurrency]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${value}`);
    }
    if (options.filterSubject && !isWholeStreamFilter(options.filterSubject)) {
      throw new Error(
        `consumer ${options.durable} filters ${options.filterSubject}: case versions are per stream, so take the whole stream (or one office of it) and list the types you act on in handles`,
      );
    }
    const contracts = indexContracts(options.contracts);
    const group = options.group ?? options.durable;
    const limits: DeliveryLimits = {
      maxDeliver: options.maxDeliver ?? 5,
      backoff: { baseMs: options.nakDelayMs ?? 1_000, maxMs: options.maxNakDelayMs ?? 60_000 },
      ackWaitMs: this.limits.ackWaitMs,
    };
    const settlement = new ConsumerSettlement({
      dataSource: this.dataSource,
      js: this.js,
      context: this.context,
      logger: this.logger,
      group,
      options,
      limits,
    });
    const applier = new BatchApplier({
      dataSource: this.dataSource,
      options,
      group,
      contracts,
      logger: this.logger,
      settlement,
      limits,
      faults: this.faults,
      countApplied: (applied) => (this.applied += applied),
    });
    this.contracts = contracts;
    this.group = group;
    this.limits = limits;
    this.options = options;
    this.applyBatchSize = applyBatchSize;
    this.concurrency = concurrency;
    this.stopping = false;
    this.abort = new AbortController();
    this.running = this.run(options, applier);
    this.sweeping = this.sweep(options.sweepIntervalMs ?? 1_000, applier);
  }

  /** Finishes the messages in hand (the transaction under way), gives back the rest (nak), and stops. */
  public async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    void this.messages?.close();
    await Promise.all([this.running, this.sweeping]);
    this.running = undefined;
    this.sweeping = undefined;
  }

  /**
   * The backstop of order per case: parked events whose predecessor came in another way (an
   * operator's skip, a failed drain's retry) and replays operators asked for. The database says
   * what to do, so any instance may do it.
   */
  private async sweep(intervalMs: number, applier: BatchApplier): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      await delay(intervalMs, this.abort.signal);
      if (this.stopping) return;
      try {
        await applier.sweepParked();
        failures = 0;
      } catch (error) {
        failures += 1;
        if (failures === 1 || failures % 20 === 0) this.logger.warn(`consumer ${this.group} sweep failed (${failures}x): ${describeError(error)}`);
      }
    }
  }

  private async run(options: EventConsumerOptions, applier: BatchApplier): Promise<void> {
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
        this.limits.ackWaitMs = config.ack_wait ? millis(config.ack_wait) : 0;
        // A server limit below ours would stop deliveries before we could dead-letter.
        const serverMax = config.max_deliver && config.max_deliver > 0 ? config.max_deliver : Infinity;
        this.limits.maxDeliver = Math.min(options.maxDeliver ?? 5, serverMax);
        const messages = await consumer.consume({ max_messages: options.batchSize ?? 32 });
        this.messages = messages;
        if (this.stopping) void messages.close();
        if (failures > 0) this.logger.log(`consumer ${options.durable} resumed`);
        failures = 0;
        await this.consume(messages, applier);
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

  /**
   * One loop pulls into the lanes' queues, each lane applies what its queue holds: while a
   * transaction runs, the next batch gathers. Ends when the subscription ends and the queues are
   * empty; what is left then is given back.
   */
  private async consume(messages: ConsumerMessages, applier: BatchApplier): Promise<void> {
    const lanes = Array.from({ length: this.concurrency }, () => new DeliveryQueue<Pulled>(this.applyBatchSize));
    this.lanes = lanes;
    const failures: unknown[] = [];
    const pulling = (async () => {
      try {
        for await (const msg of messages) {
          if (this.stopping) {
            this.giveBack(msg);
            continue;
          }
          const pulled = decodePulled(msg, this.contracts, this.context.namespace);
          // Poison has no trustworthy case id; it only needs a dead letter, any lane will do.
          const lane = lanes['envelope' in pulled ? laneOf(pulled.envelope.caseId, lanes.length) : 0] as DeliveryQueue<Pulled>;
          if (!(await lane.put(pulled))) this.giveBack(msg);
        }
      } finally {
        for (const lane of lanes) lane.close();
      }
    })().catch((error: unknown) => void failures.push(error));
    const applying = lanes.map((lane) =>
      this.applyFrom(lane, applier).catch((error: unknown) => {
        // Without this lane's applier nothing may stay pulled: end the subscription, stop the lanes.
        failures.push(error);
        for (const other of lanes) other.close();
        void messages.close();
      }),
    );
    await Promise.all([pulling, ...applying]);
    for (const lane of lanes) for (const { msg } of lane.drain()) this.giveBack(msg);
    if (failures.length > 0) throw failures[0];
  }

  private async applyFrom(lane: DeliveryQueue<Pulled>, applier: BatchApplier): Promise<void> {
    for (;;) {
      const batch = await lane.take(this.applyBatchSize);
      if (batch.length === 0) return;
      if (this.stopping) {
        for (const { msg } of batch) this.giveBack(msg);
        continue;
      }
      await applier.applyBatch(batch);
    }
  }

  private giveBack(msg: JsMsg): void {
    settleQuietly(msg, GIVE_BACK, this.logger);
  }
}
