/** Injection token of the service's NATS connection. */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
