import { streamName, streamSubjects } from '@opis/contracts-envelope';
import { ConsumerSpec } from '@opis/messaging';

/*
 * Each durable takes its producer's whole stream (one filter per consumer on nats-server 2.9): a
 * case's versions are numbered across all its events in that stream, so the consumer must see
 * them all to apply them in order. The handlers act only on the events they list in `handles`.
 */

/** The whole intake stream: registrations, corrections and transfers of the case copy. */
export const INTAKE_CASES_CONSUMER: ConsumerSpec = {
  stream: streamName('intake'),
  durable: 'repatriation-intake-cases',
  filterSubject: streamSubjects('intake')[0],
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
