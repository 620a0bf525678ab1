import { streamName, streamSubjects } from '@opis/contracts-envelope';
import { ConsumerSpec } from '@opis/messaging';

/**
 * Intake's whole stream on one durable (nats-server 2.9: one filter per consumer): a case's
 * versions are numbered across all its events, so the consumer must see them all to apply them
 * in order; the handler acts only on those it lists in `handles`.
 */
export const CARE_INTAKE_CASES_CONSUMER: ConsumerSpec = {
  stream: streamName('intake'),
  durable: 'care-intake-case',
  filterSubject: streamSubjects('intake')[0],
  ackWaitMs: 30_000,
  description: 'care: opens a care record per registered case and follows transfers and corrections',
};

/** For the platform's provisioning step (and tests, with their namespace). */
export const CARE_CONSUMERS: readonly ConsumerSpec[] = [CARE_INTAKE_CASES_CONSUMER];
