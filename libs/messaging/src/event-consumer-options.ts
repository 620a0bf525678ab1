import { EventContract, EventEnvelope } from '@opis/contracts-envelope';

import { EntityManager } from 'typeorm';

import { MessagingLogger } from './logger';

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
