import { streamName, streamSubjects } from '@opis/contracts-envelope';
import { ConsumerSpec } from '@opis/messaging';

/*
 * Each durable takes its producer's whole stream (one filter per consumer on nats-server 2.9): a
 * case's versions are numbered across all its events in that stream, so the consumer must see
 * them all to apply them in order. The handlers act only on the events they list in `handles`.
 */

export const INTAKE_CASES_CONSUMER: ConsumerSpec = {
  stream: streamName('intake'),
  durable: 'family-contact-intake-cases',
  filterSubject: streamSubjects('intake')[0],
  ackWaitMs: 30_000,
  description: 'family-contact: opens a record per registered case and follows updates and transfers',
};

export const LEGAL_PROTECTION_CONSUMER: ConsumerSpec = {
  stream: streamName('legal-status'),
  durable: 'family-contact-legal-protection',
  filterSubject: streamSubjects('legal-status')[0],
  ackWaitMs: 30_000,
  description: 'family-contact: legal-status’s record, protection and lock, shown with its time when legal-status cannot be asked (INV-06)',
};

/** For the platform's provisioning step (and tests, with their namespace). */
export const FAMILY_CONTACT_CONSUMERS: readonly ConsumerSpec[] = [INTAKE_CASES_CONSUMER, LEGAL_PROTECTION_CONSUMER];
