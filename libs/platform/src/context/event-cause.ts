import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';

/**
 * What started the work under way, for the events it writes: the request (its id becomes the
 * events' `correlationId`) and, in a consumer, the event being applied (its id becomes their
 * `causationId`, its correlationId carries on). One child's path can then be followed from the
 * officer's request through every service's events and logs.
 */
export interface EventCause {
  correlationId: string;
  causationId?: string;
}

const currentCause = new AsyncLocalStorage<EventCause>();

export function runWithEventCause<T>(cause: EventCause, work: () => T): T {
  return currentCause.run(cause, work);
}

export function currentEventCause(): EventCause | undefined {
  return currentCause.getStore();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The correlation id of a request id: the id itself when it is a uuid (ours always are), else a
 * name-based uuid of it (RFC 9562 version 5 layout), the same for the same id, since envelopes
 * carry uuids and a gateway may send ids of its own form.
 */
export function correlationIdOf(requestId: string): string {
  if (UUID.test(requestId)) return requestId.toLowerCase();
  const bytes = createHash('sha1').update(`opis-request-id:${requestId}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
