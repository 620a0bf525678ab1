import { EventContract, EventEnvelope, eventType } from '@opis/contracts-envelope';

import { runWithEventCause, transactionAborted, transactionStartingWith } from '@opis/platform';
import { DataSource, EntityManager } from 'typeorm';

import { CaseOrder, ClaimDecision, claimStatement } from './case-order';
import { ConsumerSettlement, DeliveryLimits } from './consumer-settlement';
import { EventConsumerOptions, EventMeta } from './event-consumer-options';
import { contractKey } from './event-decoder';
import { MessagingLogger } from './logger';
import { Delivery, Pulled } from './pulled-message';
import { DeliberateFaults } from './self-test-faults';
import { describeError } from './settlement';

export interface BatchApplierDeps {
  dataSource: DataSource;
  options: EventConsumerOptions;
  group: string;
  contracts: ReadonlyMap<string, EventContract>;
  logger: MessagingLogger;
  settlement: ConsumerSettlement;
  limits: DeliveryLimits;
  faults: DeliberateFaults;
  /** Told how many events each transaction applied. */
  countApplied: (applied: number) => void;
}

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
 * Applies what one lane pulled: the handler's effects and the inbox rows commit in one
 * transaction, and the messages are acked only after that commit.
 */
export class BatchApplier {
  private readonly options: EventConsumerOptions;
  /** Keys (`type.vN`) of the contracts the handler acts on; undefined: all of them. */
  private readonly handled: ReadonlySet<string> | undefined;
  private readonly leaveOffices: ReadonlySet<string>;
  private readonly caseOrder: CaseOrder;

  constructor(private readonly deps: BatchApplierDeps) {
    const { options } = deps;
    this.options = options;
    this.handled = options.handles && this.handledKeys(options.handles);
    this.leaveOffices = new Set(options.leaveOffices ?? []);
    this.caseOrder = new CaseOrder({
      dataSource: deps.dataSource,
      group: deps.group,
      contracts: deps.contracts,
      apply: (envelope, manager, meta) => this.runHandler(envelope, manager, meta),
      deadLetter: (letter) => deps.settlement.recordParkedDeadLetter(letter),
      maxAttempts: options.maxDeliver ?? 5,
      backoff: { baseMs: options.nakDelayMs ?? 1_000, maxMs: options.maxNakDelayMs ?? 60_000 },
      logger: deps.logger,
    });
  }

  /** Parked events whose predecessor came in another way, and replays operators asked for. */
  public sweepParked(): Promise<void> {
    return this.caseOrder.sweep();
  }

  public async applyBatch(batch: readonly Pulled[]): Promise<void> {
    const deliveries = batch.filter((pulled): pulled is Delivery => 'envelope' in pulled);
    const keepAlive =
      this.deps.limits.ackWaitMs > 0
        ? setInterval(() => {
            for (const { msg } of deliveries) this.deps.settlement.settleQuietly(msg, 'working');
          }, this.deps.limits.ackWaitMs / 2)
        : undefined;
    try {
      await this.applyInOrder(deliveries);
    } finally {
      if (keepAlive) clearInterval(keepAlive);
    }
    // After the good ones: a dead letter costs a write and a publish that they need not wait for.
    for (const pulled of batch) {
      if ('poison' in pulled) {
        await this.deps.settlement.settle(pulled.msg, pulled.meta, { kind: 'dead-letter', reason: `poison: ${pulled.poison}` }, pulled.eventId, pulled.caseRef);
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
  private async applyInOrder(deliveries: readonly Delivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    try {
      this.deps.countApplied(await this.applyInTransaction(deliveries));
      for (const { msg } of deliveries) this.deps.settlement.settleQuietly(msg, { kind: 'ack' });
    } catch (error) {
      if (error instanceof HandlerFailure) {
        await this.applyInOrder(deliveries.slice(0, error.index));
        await this.deps.settlement.settleFailed(deliveries[error.index] as Delivery, error.error);
        await this.applyInOrder(deliveries.slice(error.index + 1));
      } else if (deliveries.length === 1) {
        await this.deps.settlement.settleFailed(deliveries[0] as Delivery, error);
      } else {
        for (const delivery of deliveries) await this.applyInOrder([delivery]);
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
  private async applyInTransaction(deliveries: readonly Delivery[]): Promise<number> {
    const leaving = deliveries.filter((delivery) => this.isLeft(delivery));
    const claimed = leaving.length === 0 ? deliveries : deliveries.filter((delivery) => !this.isLeft(delivery));
    if (leaving.length > 0) await this.recordLeft(leaving);
    if (claimed.length === 0) return 0;
    const claim = claimStatement(
      this.deps.group,
      this.options.durable,
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
        if (decision !== 'apply' && !this.deps.faults.appliesAnyway(decision)) continue;
        applied += 1;
        if (!this.handlerActsOn(delivery) || this.deps.faults.drops()) continue;
        try {
          await this.handleWithCause(delivery.envelope, manager, delivery.meta);
        } catch (error) {
          throw new HandlerFailure(deliveries.indexOf(delivery), error);
        }
      }
      return { applied, drain };
    };
    // Nothing for the handler: the claim alone, in one statement (it is atomic on its own).
    const outcome = !claimed.some((delivery) => this.handlerActsOn(delivery))
      ? await decide(this.deps.dataSource.manager, (await this.deps.dataSource.query(claim)) as ClaimDecision[])
      : await transactionStartingWith<{ applied: number; drain: string[] }, ClaimDecision>(this.deps.dataSource, claim, async (manager, decisions) => {
          const result = await decide(manager, decisions);
          // A handler that swallowed a database error left the transaction aborted: COMMIT would then
          // roll back quietly, and the batch would be acked as applied.
          if (await transactionAborted(manager)) throw new Error('a handler swallowed a database error: the transaction is aborted');
          return result;
        });
    for (const caseId of new Set(outcome.drain)) {
      // The batch committed: a failure here leaves the parked event to the sweep.
      await this.caseOrder.drain(caseId).catch((error: unknown) => this.deps.logger.warn(`consumer ${this.deps.group}: parked events of a case wait for the sweep: ${describeError(error)}`));
    }
    return outcome.applied;
  }

  /** The handler, for an event of a type it acts on. */
  private async runHandler(envelope: EventEnvelope, manager: EntityManager, meta: EventMeta): Promise<void> {
    if (this.handled !== undefined && !this.handled.has(contractKey(envelope.type, envelope.version))) return;
    await this.handleWithCause(envelope, manager, meta);
  }

  /** What the handler writes is caused by this event, and carries on its request's correlation. */
  private handleWithCause(envelope: EventEnvelope, manager: EntityManager, meta: EventMeta): Promise<void> {
    return runWithEventCause({ correlationId: envelope.correlationId, causationId: envelope.id }, () => this.options.handler(envelope, manager, meta));
  }

  private isLeft({ meta }: Delivery): boolean {
    return this.leaveOffices.size > 0 && this.leaveOffices.has(meta.subject.split('.').at(-1) ?? '');
  }

  /** Events of offices with instances of their own: only this durable's checkpoint records them. */
  private async recordLeft(deliveries: readonly Delivery[]): Promise<void> {
    await this.deps.dataSource.query(
      `INSERT INTO inbox (consumer, event_id, stream_sequence)
       SELECT $1, u.id, u.seq FROM unnest($2::uuid[], $3::bigint[]) AS u(id, seq) ON CONFLICT (consumer, event_id) DO NOTHING`,
      [this.options.durable, deliveries.map((d) => d.envelope.id), deliveries.map((d) => d.meta.streamSequence)],
    );
  }

  private handlerActsOn({ envelope }: Delivery): boolean {
    return this.handled === undefined || this.handled.has(contractKey(envelope.type, envelope.version));
  }

  private handledKeys(handles: readonly EventContract[]): ReadonlySet<string> {
    const keys = new Set(handles.map((contract) => contractKey(eventType(contract.name), contract.name.version)));
    for (const key of keys) {
      if (!this.deps.contracts.has(key)) throw new Error(`handles ${key}, which is not among the consumer's contracts`);
    }
    return keys;
  }
}
