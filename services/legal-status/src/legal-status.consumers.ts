import { aggregateEventsFilter, streamName } from '@opis/contracts-envelope';
import { ConsumerSpec } from '@opis/messaging';

/** Every intake case event, in stream order, so a case's `registered` precedes its `transferred`. */
export const INTAKE_CASES_CONSUMER: ConsumerSpec = {
  stream: streamName('intake'),
  durable: 'legal-status-intake-cases',
  filterSubject: aggregateEventsFilter('intake', 'case'),
  ackWaitMs: 30_000,
  description: 'legal-status: opens a legal record (VRH) per registered case; learns screening, Procuraduría notification and transfers',
};

/** For the platform's provisioning step (and tests, with their namespace). */
export const LEGAL_STATUS_CONSUMERS: readonly ConsumerSpec[] = [INTAKE_CASES_CONSUMER];
