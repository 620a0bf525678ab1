import { aggregateEventsFilter, streamName, streamSubjects } from '@opis/contracts-envelope';
import { ConsumerSpec } from '@opis/messaging';

/** Every intake case event, in stream order, so a case's `registered` precedes its `transferred`. */
export const INTAKE_CASES_CONSUMER: ConsumerSpec = {
  stream: streamName('intake'),
  durable: 'repatriation-intake-cases',
  filterSubject: aggregateEventsFilter('intake', 'case'),
  ackWaitMs: 30_000,
  description: 'repatriation: keeps a copy of each case (office, entry path, categories) for plans and receptions',
};

/** The whole legal-status stream: lock, protection, best interests, informing (one filter on 2.9). */
export const LEGAL_STATUS_CONSUMER: ConsumerSpec = {
  stream: streamName('legal-status'),
  durable: 'repatriation-legal-status',
  filterSubject: streamSubjects('legal-status')[0],
  ackWaitMs: 30_000,
  description: 'repatriation: copies the protection lock, best interests and informing; a lock aborts open plans (INV-01)',
};

/** The whole family-contact stream: members located, verified, flagged. */
export const FAMILY_CONTACT_CONSUMER: ConsumerSpec = {
  stream: streamName('family-contact'),
  durable: 'repatriation-family-contact',
  filterSubject: streamSubjects('family-contact')[0],
  ackWaitMs: 30_000,
  description: 'repatriation: copies which family members are located, verified or flagged (RP-06, US-05)',
};

/** For the platform's provisioning step (and tests, with their namespace). */
export const REPATRIATION_CONSUMERS: readonly ConsumerSpec[] = [INTAKE_CASES_CONSUMER, LEGAL_STATUS_CONSUMER, FAMILY_CONTACT_CONSUMER];
