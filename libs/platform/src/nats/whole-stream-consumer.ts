import { ServiceName, streamName, streamSubjects } from '@opis/contracts-envelope';

/** A durable on a producer's stream, in the shape @opis/messaging's `ConsumerSpec` provisions. */
export interface WholeStreamConsumer {
  stream: string;
  durable: string;
  filterSubject: string;
  ackWaitMs: number;
  description: string;
}

/**
 * A durable that takes `producer`'s whole stream (nats-server 2.9: one filter per consumer). A
 * case's versions are numbered across all its events in that stream, so a consumer must see them
 * all to apply them in order; its handler acts only on the events it lists in `handles`.
 */
export function wholeStreamConsumer(producer: ServiceName, durable: string, description: string): WholeStreamConsumer {
  return { stream: streamName(producer), durable, filterSubject: streamSubjects(producer)[0], ackWaitMs: 30_000, description };
}
