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
  if (delivery.deliveryCount >= delivery.maxDeliver) {
    return {
      kind: 'dead-letter',
      reason: `failed ${delivery.deliveryCount} deliveries, last: ${describeError(error)}`,
    };
  }
  return { kind: 'nak', delayMs: nakDelay(delivery.deliveryCount, backoff) };
}

/** When the dead letter itself cannot be written, the message must come back: never lose it. */
export function settleUnrecordedDeadLetter(delivery: DeliveryState, backoff: NakBackoff): Extract<Settlement, { kind: 'nak' }> {
  return { kind: 'nak', delayMs: nakDelay(delivery.deliveryCount, backoff) };
}
