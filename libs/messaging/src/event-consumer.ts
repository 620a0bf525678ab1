import { EventContract, EventEnvelope, eventType, uuidv7 } from '@opis/contracts-envelope';

import { ConsumerMessages, jetstream, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { millis, NatsConnection } from '@nats-io/nats-core';
import { runWithEventCause, transactionAborted, transactionStartingWith } from '@opis/platform';
import { DataSource, EntityManager } from 'typeorm';

import { DeliveryQueue, laneOf } from './delivery-queue';
import { CaseOrder, ClaimDecision, claimStatement, isWholeStreamFilter, ParkedDeadLetter } from './case-order';
import { CaseRef, contractKey, decodeEvent, indexContracts } from './event-decoder';
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
  /** Durable consumer name, unique within the service: it also names its inbox rows (the newest is its checkpoint). */
  durable: string;
  /**
   * The logical consumer whose per-case cursors this durable shares (default: `durable`). The
   * per-office durables of one consumer share its group, so moving an office between instances
   * never applies an event twice.
   */
  group?: string;
  /**
   * Offices whose events this durable acknowledges without applying: they belong to the
   * instances dedicated to them (DEDICATED_OFFICES), which apply them through the shared cursors.
   */
  leaveOffices?: readonly string[];
  /** How often parked events whose predecessor arrived, and replays an operator asked for, are looked for (default 1 s). */
  sweepIntervalMs?: number;
  /**
   * When given, checked against the provisioned consumer's filter. Versions are per case in the
   * producer's stream, so the filter takes the whole stream (or one office of it): a narrower one
   * would leave gaps that hold a case back for ever. Use `handles` to act on some types only.
   */
  filterSubject?: string;
  contracts: readonly EventContract[];
  handler: EventHandler;
  /**
   * The contracts (of `contracts`) whose events the handler acts on, when it ignores the others
   * (default: all). An event of another contract is only recorded in the inbox, and a batch of
   * nothing but such events costs one statement instead of a transaction.
   */
  handles?: readonly EventContract[];
  /** Deliveries before a passing failure is dead-lettered (default 5). */
  maxDeliver?: number;
  /** First nak delay; doubles per delivery up to maxNakDelayMs. */
  nakDelayMs?: number;
  maxNakDelayMs?: number;
  /** Messages pulled ahead (default 32). */
  batchSize?: number;
  /**
   * Most events applied in one transaction (default 32): whatever arrived while the previous
   * transaction ran, in stream order. 1 gives every event its own transaction.
   */
  applyBatchSize?: number;
  /**
   * Transactions in flight at once, each on its own connection (default 1). Events are spread
   * by case id, so one case's events stay in stream order on one lane. Above 1, handlers of
   * different cases run concurrently, as they would across instances.
   */
  concurrency?: number;
}

/**
 * Deliberately broken consumers, for the chaos run's self-test only (a checker that cannot fail
 * proves nothing): apply events ahead of a gap at once, apply versions applied already again, or
 * drop every 25th event unapplied. Refused in production by the configuration.
 */
export const SELF_TEST_FAULTS = ['out-of-order', 'no-dedup', 'drop'] as const;
export type SelfTestFault = (typeof SELF_TEST_FAULTS)[number];

export interface EventConsumerContext {
  serviceName: string;
  namespace?: string;
  logger?: MessagingLogger;
  selfTestFault?: SelfTestFault;
}

class ConsumerConfigurationError extends Error {}

/**
 * How a stopping consumer gives messages back. nats-server 2.9 keeps our pull request for a
 * moment after we unsubscribe; a message nak'd for immediate redelivery then goes to that dead
 * request and waits out the whole ack wait (and the stream position slips, repeating another).
 * After a second the request is gone and the message goes to the next puller.
 */
const GIVE_BACK = { kind: 'nak', delayMs: 1_000 } as const;

/** A decoded message on its way into a transaction. */
interface Delivery {
  msg: JsMsg;
  meta: EventMeta;
  envelope: EventEnvelope;
}

/** A pulled message: a delivery, or poison with the reason. */
type Pulled = Delivery | { msg: JsMsg; meta: EventMeta; poison: string; eventId: string | null; caseRef: CaseRef | null };

/** The handler of `deliveries[index]` threw `error`; the batch's transaction was rolled back. */
class HandlerFailure extends Error {
  constructor(
    public readonly index: number,
    public readonly error: unknown,
  ) {
    super(`handler failed at ${index}: ${describeError(error)}`);
  }
}

/**
 * An idempotent durable pull consumer: the handler's effects and the inbox rows commit in one
 * transaction, and the messages are acked only after that commit. Messages that
 * arrive while a transaction runs are applied together in the next one, in stream order.
 */
export class EventConsumer {
  private readonly js: JetStreamClient;
  private readonly logger: MessagingLogger;
  private options: EventConsumerOptions | undefined;
  private contracts: ReadonlyMap<string, EventContract> = new Map();
  /** Keys (`type.vN`) of the contracts the handler acts on; undefined: all of them. */
  private handled: ReadonlySet<string> | undefined;
  private backoff: NakBackoff = { baseMs: 1_000, maxMs: 60_000 };
  private maxDeliver = 5;
  private applyBatchSize = 32;
  private ackWaitMs = 0;
  private messages: ConsumerMessages | undefined;
  private lanes: readonly DeliveryQueue<Pulled>[] = [];
  private concurrency = 1;
  private running: Promise<void> | undefined;
  private stopping = false;
  private abort = new AbortController();
  private applied = 0;
  private group = '';
  private leaveOffices: ReadonlySet<string> = new Set();
  private caseOrder: CaseOrder | undefined;
  private sweeping: Promise<void> | undefined;
  private dropCounter = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly nc: NatsConnection,
    private readonly context: EventConsumerContext,
  ) {
    this.js = jetstream(nc);
    this.logger = context.logger ?? defaultLogger(EventConsumer.name);
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
    this.contracts = indexContracts(options.contracts);
    this.handled = options.handles && this.handledKeys(options.handles);
    this.options = options;
    this.group = options.group ?? options.durable;
    this.leaveOffices = new Set(options.leaveOffices ?? []);
    this.caseOrder = new CaseOrder({
      dataSource: this.dataSource,
      group: this.group,
      contracts: this.contracts,
      apply: (envelope, manager, meta) => this.runHandler(options, envelope, manager, meta),
      deadLetter: (letter) => this.recordParkedDeadLetter(options, letter),
      maxAttempts: options.maxDeliver ?? 5,
      backoff: { baseMs: options.nakDelayMs ?? 1_000, maxMs: options.maxNakDelayMs ?? 60_000 },
      logger: this.logger,
    });
    this.backoff = { baseMs: options.nakDelayMs ?? 1_000, maxMs: options.maxNakDelayMs ?? 60_000 };
    this.maxDeliver = options.maxDeliver ?? 5;
    this.applyBatchSize = applyBatchSize;
    this.concurrency = concurrency;
    this.stopping = false;
    this.abort = new AbortController();
    this.running = this.run(options);
    this.sweeping = this.sweep(options.sweepIntervalMs ?? 1_000);
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
  private async sweep(intervalMs: number): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      await delay(intervalMs, this.abort.signal);
      if (this.stopping) return;
      try {
        await this.caseOrder?.sweep();
        failures = 0;
      } catch (error) {
        failures += 1;
        if (failures === 1 || failures % 20 === 0) this.logger.warn(`consumer ${this.group} sweep failed (${failures}x): ${describeError(error)}`);
      }
    }
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
        await this.consume(options, messages);
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
  private async consume(options: EventConsumerOptions, messages: ConsumerMessages): Promise<void> {
    const lanes = Array.from({ length: this.concurrency }, () => new DeliveryQueue<Pulled>(this.applyBatchSize));
    this.lanes = lanes;
    const failures: unknown[] = [];
    const pulling = (async () => {
      try {
        for await (const msg of messages) {
          if (this.stopping) {
            this.settleQuietly(msg, GIVE_BACK);
            continue;
          }
          const pulled = this.decode(msg);
          // Poison has no trustworthy case id; it only needs a dead letter, any lane will do.
          const lane = lanes['envelope' in pulled ? laneOf(pulled.envelope.caseId, lanes.length) : 0] as DeliveryQueue<Pulled>;
          if (!(await lane.put(pulled))) this.settleQuietly(msg, GIVE_BACK);
        }
      } finally {
        for (const lane of lanes) lane.close();
      }
    })().catch((error: unknown) => void failures.push(error));
    const applying = lanes.map((lane) =>
      this.applyFrom(options, lane).catch((error: unknown) => {
        // Without this lane's applier nothing may stay pulled: end the subscription, stop the lanes.
        failures.push(error);
        for (const other of lanes) other.close();
        void messages.close();
      }),
    );
    await Promise.all([pulling, ...applying]);
    for (const lane of lanes) for (const { msg } of lane.drain()) this.settleQuietly(msg, GIVE_BACK);
    if (failures.length > 0) throw failures[0];
  }

  private async applyFrom(options: EventConsumerOptions, lane: DeliveryQueue<Pulled>): Promise<void> {
    for (;;) {
      const batch = await lane.take(this.applyBatchSize);
      if (batch.length === 0) return;
      if (this.stopping) {
        for (const { msg } of batch) this.settleQuietly(msg, GIVE_BACK);
        continue;
      }
      await this.applyBatch(options, batch);
    }
  }

  private decode(msg: JsMsg): Pulled {
    const meta: EventMeta = {
      streamSequence: msg.info.streamSequence,
      deliveryCount: msg.info.deliveryCount,
      subject: stripNamespace(msg.subject, this.context.namespace),
    };
    const decoded = decodeEvent(msg.data, this.contracts);
    return decoded.ok
      ? { msg, meta, envelope: decoded.envelope }
      : { msg, meta, poison: decoded.reason, eventId: decoded.eventId, caseRef: decoded.caseRef };
  }

  private async applyBatch(options: EventConsumerOptions, batch: readonly Pulled[]): Promise<void> {
    const deliveries = batch.filter((pulled): pulled is Delivery => 'envelope' in pulled);
    const keepAlive =
      this.ackWaitMs > 0
        ? setInterval(() => {
            for (const { msg } of deliveries) this.settleQuietly(msg, 'working');
          }, this.ackWaitMs / 2)
        : undefined;
    try {
      await this.applyInOrder(options, deliveries);
    } finally {
      if (keepAlive) clearInterval(keepAlive);
    }
    // After the good ones: a dead letter costs a write and a publish that they need not wait for.
    for (const pulled of batch) {
      if ('poison' in pulled) {
        await this.settle(options, pulled.msg, pulled.meta, { kind: 'dead-letter', reason: `poison: ${pulled.poison}` }, pulled.eventId, pulled.caseRef);
      }
    }
  }

  /**
   * Applies the deliveries in one transaction and acks them. When a handler throws, the others
   * must not pay for it: the ones before it are applied again without it, it is settled by its
   * own error (never run twice for one delivery), and the ones after it go on as a new batch.
   * A failure outside the handlers (begin, inbox, an aborted transaction, commit) cannot be pinned on one
   * event, so each is then tried alone.
   */
  private async applyInOrder(options: EventConsumerOptions, deliveries: readonly Delivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    try {
      const applied = await this.applyInTransaction(options, deliveries);
      this.applied += applied;
      for (const { msg } of deliveries) this.settleQuietly(msg, { kind: 'ack' });
    } catch (error) {
      if (error instanceof HandlerFailure) {
        await this.applyInOrder(options, deliveries.slice(0, error.index));
        await this.settleFailed(options, deliveries[error.index] as Delivery, error.error);
        await this.applyInOrder(options, deliveries.slice(error.index + 1));
      } else if (deliveries.length === 1) {
        await this.settleFailed(options, deliveries[0] as Delivery, error);
      } else {
        for (const delivery of deliveries) await this.applyInOrder(options, [delivery]);
      }
    }
  }

  /**
   * Returns how many events it applied. One statement, sent with the transaction's start, records
   * the inbox rows and claims the batch under its cases' cursor locks: each event is its case's
   * next version (apply), a version applied already (skip), or ahead of a missing one (parked
   * until it comes). Whatever the delivery order or the number of instances, a case's versions
   * are applied once, in order. A parked event whose predecessor this transaction applies is
   * applied after the commit.
   */
  private async applyInTransaction(options: EventConsumerOptions, deliveries: readonly Delivery[]): Promise<number> {
    const leaving = deliveries.filter((delivery) => this.isLeft(delivery));
    const claimed = leaving.length === 0 ? deliveries : deliveries.filter((delivery) => !this.isLeft(delivery));
    if (leaving.length > 0) await this.recordLeft(options, leaving);
    if (claimed.length === 0) return 0;
    const claim = claimStatement(
      this.group,
      options.durable,
      claimed.map(({ envelope, meta, msg }) => ({
        eventId: envelope.id,
        caseId: envelope.caseId,
        caseVersion: envelope.caseVersion,
        streamSequence: meta.streamSequence,
        subject: meta.subject,
        payload: Buffer.from(msg.data).toString('utf8'),
      })),
    );
    const decide = async (manager: EntityManager, decisions: readonly ClaimDecision[]): Promise<{ applied: number; drain: string[] }> => {
      let applied = 0;
      const drain: string[] = [];
      for (const { ord, decision, next_parked } of decisions) {
        const delivery = claimed[ord - 1] as Delivery;
        if (next_parked) drain.push(delivery.envelope.caseId);
        if (decision !== 'apply' && !this.brokenApply(decision)) continue;
        applied += 1;
        if (!this.handlerActsOn(delivery) || this.brokenDrop()) continue;
        try {
          await this.handleWithCause(options, delivery.envelope, manager, delivery.meta);
        } catch (error) {
          throw new HandlerFailure(deliveries.indexOf(delivery), error);
        }
      }
      return { applied, drain };
    };
    // Nothing for the handler: the claim alone, in one statement (it is atomic on its own).
    const outcome = !claimed.some((delivery) => this.handlerActsOn(delivery))
      ? await decide(this.dataSource.manager, (await this.dataSource.query(claim)) as ClaimDecision[])
      : await transactionStartingWith<{ applied: number; drain: string[] }, ClaimDecision>(this.dataSource, claim, async (manager, decisions) => {
          const result = await decide(manager, decisions);
          // A handler that swallowed a database error left the transaction aborted: COMMIT would then
          // roll back quietly, and the batch would be acked as applied.
          if (await transactionAborted(manager)) throw new Error('a handler swallowed a database error: the transaction is aborted');
          return result;
        });
    for (const caseId of new Set(outcome.drain)) {
      // The batch committed: a failure here leaves the parked event to the sweep.
      await this.caseOrder?.drain(caseId).catch((error: unknown) => this.logger.warn(`consumer ${this.group}: parked events of a case wait for the sweep: ${describeError(error)}`));
    }
    return outcome.applied;
  }

  private brokenApply(decision: ClaimDecision['decision']): boolean {
    const fault = this.context.selfTestFault;
    return (fault === 'out-of-order' && decision === 'park') || (fault === 'no-dedup' && decision === 'skip');
  }

  private brokenDrop(): boolean {
    if (this.context.selfTestFault !== 'drop') return false;
    this.dropCounter += 1;
    return this.dropCounter % 25 === 0;
  }

  /** The handler, for an event of a type it acts on. */
  private async runHandler(options: EventConsumerOptions, envelope: EventEnvelope, manager: EntityManager, meta: EventMeta): Promise<void> {
    if (this.handled !== undefined && !this.handled.has(contractKey(envelope.type, envelope.version))) return;
    await this.handleWithCause(options, envelope, manager, meta);
  }

  /** What the handler writes is caused by this event, and carries on its request's correlation. */
  private handleWithCause(options: EventConsumerOptions, envelope: EventEnvelope, manager: EntityManager, meta: EventMeta): Promise<void> {
    return runWithEventCause({ correlationId: envelope.correlationId, causationId: envelope.id }, () => options.handler(envelope, manager, meta));
  }

  private isLeft({ meta }: Delivery): boolean {
    return this.leaveOffices.size > 0 && this.leaveOffices.has(meta.subject.split('.').at(-1) ?? '');
  }

  /** Events of offices with instances of their own: only this durable's checkpoint records them. */
  private async recordLeft(options: EventConsumerOptions, deliveries: readonly Delivery[]): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO inbox (consumer, event_id, stream_sequence)
       SELECT $1, u.id, u.seq FROM unnest($2::uuid[], $3::bigint[]) AS u(id, seq) ON CONFLICT (consumer, event_id) DO NOTHING`,
      [options.durable, deliveries.map((d) => d.envelope.id), deliveries.map((d) => d.meta.streamSequence)],
    );
  }

  private handlerActsOn({ envelope }: Delivery): boolean {
    return this.handled === undefined || this.handled.has(contractKey(envelope.type, envelope.version));
  }

  private handledKeys(handles: readonly EventContract[]): ReadonlySet<string> {
    const keys = new Set(handles.map((contract) => contractKey(eventType(contract.name), contract.name.version)));
    for (const key of keys) {
      if (!this.contracts.has(key)) throw new Error(`handles ${key}, which is not among the consumer's contracts`);
    }
    return keys;
  }

  private async settleFailed(options: EventConsumerOptions, delivery: Delivery, error: unknown): Promise<void> {
    const { envelope, meta } = delivery;
    const settlement = settleFailure(error, { deliveryCount: meta.deliveryCount, maxDeliver: this.maxDeliver }, this.backoff);
    if (settlement.kind === 'nak') {
      this.logger.warn(
        `event ${envelope.id} (seq ${meta.streamSequence}, delivery ${meta.deliveryCount}, correlation ${envelope.correlationId}, caused by ${envelope.causationId ?? 'a request'}) failed, retry in ${settlement.delayMs} ms: ${describeError(error)}`,
      );
    }
    await this.settle(options, delivery.msg, meta, settlement, envelope.id, { caseId: envelope.caseId, caseVersion: envelope.caseVersion }, envelope);
  }

  private async settle(
    options: EventConsumerOptions,
    msg: JsMsg,
    meta: EventMeta,
    settlement: Settlement,
    eventId: string | null,
    caseRef: CaseRef | null,
    envelope?: Pick<EventEnvelope, 'correlationId' | 'causationId'>,
  ): Promise<void> {
    if (settlement.kind !== 'dead-letter') {
      this.settleQuietly(msg, settlement);
      return;
    }
    const payload = Buffer.from(msg.data).toString('utf8');
    let id: string;
    try {
      id = await this.insertDeadLetter({
        durable: options.durable,
        subject: meta.subject,
        streamSequence: meta.streamSequence,
        eventId,
        caseRef,
        payload,
        reason: settlement.reason,
        deliveries: meta.deliveryCount,
      });
    } catch (error) {
      const retry = settleUnrecordedDeadLetter({ deliveryCount: meta.deliveryCount, maxDeliver: this.maxDeliver }, this.backoff);
      this.logger.error(`cannot record dead letter of seq ${meta.streamSequence}, retry in ${retry.delayMs} ms: ${describeError(error)}`);
      this.settleQuietly(msg, retry);
      return;
    }
    const cause = envelope ? ` (correlation ${envelope.correlationId}, caused by ${envelope.causationId ?? 'a request'})` : '';
    this.logger.warn(`dead letter ${id}: ${options.durable} seq ${meta.streamSequence}${cause}: ${settlement.reason}`);
    await this.publishDeadLetter(options, meta, { id, eventId, payload, reason: settlement.reason });
    // No reason text on term: nats-server 2.9 only recognises a bare +TERM.
    this.settleQuietly(msg, 'term');
  }

  /**
   * One dead letter per consumer and stream message (a redelivery after a crash finds the first);
   * with its case and version, so that it shows as what holds the case back. Returns its id.
   */
  private async insertDeadLetter(letter: ParkedDeadLetter | (Omit<ParkedDeadLetter, 'caseRef'> & { caseRef: CaseRef | null })): Promise<string> {
    const rows = (await this.dataSource.query(
      `WITH inserted AS (
         INSERT INTO dead_letter (id, consumer, consumer_group, subject, stream_sequence, event_id, case_id, case_version, payload, reason, deliveries)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (consumer_group, stream_sequence) DO NOTHING RETURNING id)
       SELECT id FROM inserted
       UNION ALL SELECT id FROM dead_letter WHERE consumer_group = $3 AND stream_sequence = $5 AND NOT EXISTS (SELECT 1 FROM inserted)`,
      [
        uuidv7(),
        letter.durable,
        this.group,
        letter.subject,
        letter.streamSequence,
        letter.eventId,
        letter.caseRef?.caseId ?? null,
        letter.caseRef?.caseVersion ?? null,
        letter.payload,
        letter.reason,
        letter.deliveries,
      ],
    )) as { id: string }[];
    const id = rows[0]?.id;
    if (!id) throw new Error('dead letter neither inserted nor found');
    return id;
  }

  private async recordParkedDeadLetter(options: EventConsumerOptions, letter: ParkedDeadLetter): Promise<void> {
    const id = await this.insertDeadLetter(letter);
    this.logger.warn(`dead letter ${id}: ${options.durable} seq ${letter.streamSequence}: ${letter.reason}`);
    await this.publishDeadLetter(options, { streamSequence: letter.streamSequence, deliveryCount: letter.deliveries, subject: letter.subject }, {
      id,
      eventId: letter.eventId,
      payload: letter.payload,
      reason: letter.reason,
    });
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
