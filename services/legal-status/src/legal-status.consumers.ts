import { streamName, streamSubjects } from '@opis/contracts-envelope';
import { ConsumerSpec } from '@opis/messaging';

/*
 * Each durable takes its producer's whole stream (nats-server 2.9: one filter per consumer): a
 * case's versions are numbered across all its events in that stream, so the consumer must see
 * them all to apply them in order; the handler acts only on those it lists in `handles`.
 */

export const INTAKE_CASES_CONSUMER: ConsumerSpec = {
  stream: streamName('intake'),
  durable: 'legal-status-intake-cases',
  filterSubject: streamSubjects('intake')[0],
  ackWaitMs: 30_000,
  description: 'legal-status: opens a legal record (VRH) per registered case; learns screening, Procuraduría notification and transfers',
};

/** Care's stream: an incident in which the child disclosed fear of return or a protection need. */
export const CARE_CONCERNS_CONSUMER: ConsumerSpec = {
  stream: streamName('care'),
  durable: 'legal-status-care-concerns',
  filterSubject: streamSubjects('care')[0],
  ackWaitMs: 30_000,
  description: 'legal-status: fear of return or a protection need disclosed in a care incident locks return and consular contact (INV-01, GD-08)',
};

/** Family-contact's stream: a family risk flag that holds fear of return or a protection need. */
export const FAMILY_CONTACT_CONCERNS_CONSUMER: ConsumerSpec = {
  stream: streamName('family-contact'),
  durable: 'legal-status-family-contact-concerns',
  filterSubject: streamSubjects('family-contact')[0],
  ackWaitMs: 30_000,
  description: 'legal-status: fear of return or a protection need behind a family risk flag locks return and consular contact (INV-01, GD-08)',
};

/** Repatriation's stream: an aborted return comes back to legal-status to re-plan (DOMAIN.md 4.5 a). */
export const REPATRIATION_ABORTS_CONSUMER: ConsumerSpec = {
  stream: streamName('repatriation'),
  durable: 'legal-status-repatriation-aborts',
  filterSubject: streamSubjects('repatriation')[0],
  ackWaitMs: 30_000,
  description: 'legal-status: an aborted return reopens the PAM to re-plan; fear expressed or a claim at the abort locks return (INV-01, GD-08)',
};

/** For the platform's provisioning step (and tests, with their namespace). */
export const LEGAL_STATUS_CONSUMERS: readonly ConsumerSpec[] = [
  INTAKE_CASES_CONSUMER,
  CARE_CONCERNS_CONSUMER,
  FAMILY_CONTACT_CONCERNS_CONSUMER,
  REPATRIATION_ABORTS_CONSUMER,
];
