import { streamName, streamSubjects } from '@opis/contracts-envelope';
import { ConsumerSpec } from '@opis/messaging';

/**
 * Intake's whole stream on one durable (nats-server 2.9: one filter per consumer): a case's
 * versions are numbered across all its events, so the consumer must see them all to apply them
 * in order; the handler acts only on those it lists in `handles`.
 */
export const INTAKE_CASES_CONSUMER: ConsumerSpec = {
  stream: streamName('intake'),
  durable: 'legal-status-intake-cases',
  filterSubject: streamSubjects('intake')[0],
  ackWaitMs: 30_000,
  description: 'legal-status: opens a legal record (VRH) per registered case; learns screening, Procuraduría notification and transfers',
};

/** For the platform's provisioning step (and tests, with their namespace). */
export const LEGAL_STATUS_CONSUMERS: readonly ConsumerSpec[] = [INTAKE_CASES_CONSUMER];
