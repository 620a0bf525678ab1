import { PoisonMessageError } from './poison-message.error';

export type Settlement =
  | { readonly kind: 'ack' }
  | { readonly kind: 'nak'; readonly delayMs: number }
  | { readonly kind: 'dead-letter'; readonly reason: string };

export interface DeliveryState {
  /** 1 on the first delivery. */
  deliveryCount: number;
  /** Deliveries before a passing failure is dead-lettered; Infinity for never. */
  maxDeliver: number;
}

export interface NakBackoff {
  baseMs: number;
  maxMs: number;
}

/** Exponential: base, 2 x base, 4 x base ... capped. */
export function nakDelay(deliveryCount: number, backoff: NakBackoff): number {
  const exponent = Math.min(Math.max(deliveryCount - 1, 0), 30);
  return Math.min(backoff.baseMs * 2 ** exponent, backoff.maxMs);
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 2_000);
  return String(error).slice(0, 2_000);
}

/**
 * How to settle a message whose handling failed (STYLE.md rule 8): poison is a dead letter at
 * once; any other error is a nak with backoff, and a dead letter only on the last delivery.
 * An unknown error is never a term before max deliveries.
 */
export function settleFailure(error: unknown, delivery: DeliveryState, backoff: NakBackoff): Settlement {
  if (error instanceof PoisonMessageError) return { kind: 'dead-letter', reason: `poison: ${error.reason}` };
  // The database away is no fault of the event: it comes back until the database does.
  if (delivery.deliveryCount >= delivery.maxDeliver && !isDatabaseUnavailable(error)) {
    return {
      kind: 'dead-letter',
      reason: `failed ${delivery.deliveryCount} deliveries, last: ${describeError(error)}`,
    };
  }
  return { kind: 'nak', delayMs: nakDelay(delivery.deliveryCount, backoff) };
}

/** SQLSTATE classes and codes that say the database cannot be reached or is restarting. */
const UNAVAILABLE_STATES = /^(08...|57P01|57P02|57P03|53300)$/;
const UNAVAILABLE_MESSAGES = /ECONNREFUSED|ECONNRESET|Connection terminated|connection timeout|not yet accepting connections|the database system is (starting up|shutting down|in recovery mode)/i;

/**
 * Whether `error` says PostgreSQL is away (down, restarting, out of connections), not that the
 * event cannot be applied. Counting such failures against maxDeliver dead-lettered events whose
 * handlers never failed each time the chaos run stopped PostgreSQL.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, driverError } = error as { code?: unknown; message?: unknown; driverError?: unknown };
  if (typeof code === 'string' && UNAVAILABLE_STATES.test(code)) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  return driverError !== undefined && driverError !== error && isDatabaseUnavailable(driverError);
}

/** When the dead letter itself cannot be written, the message must come back: never lose it. */
export function settleUnrecordedDeadLetter(delivery: DeliveryState, backoff: NakBackoff): Extract<Settlement, { kind: 'nak' }> {
  return { kind: 'nak', delayMs: nakDelay(delivery.deliveryCount, backoff) };
}
