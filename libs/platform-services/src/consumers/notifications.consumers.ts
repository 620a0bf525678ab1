import { ServiceName } from '@opis/contracts-envelope';
import { ConsumerSpec, DEAD_LETTER_STREAM, DEAD_LETTER_SUBJECTS } from '@opis/messaging';
import { wholeStreamConsumer } from '@opis/platform';

/*
 * One durable per producing stream on the whole stream (one filter on nats-server 2.9): versions
 * are per case in each stream, so a narrower filter would hold cases back. A task and the event
 * that clears it come from the same stream (an overdue need and its delivery, a call overdue and
 * the call), so their order is the producer's.
 */
const wholeStream = (service: ServiceName, description: string): ConsumerSpec => wholeStreamConsumer(service, `notifications-${service}`, description);

export const NOTIFICATIONS_INTAKE_CONSUMER = wholeStream('intake', 'notifications: case numbers and assigned officers; INV-03 and MP-notice deadlines and what clears them');
export const NOTIFICATIONS_CARE_CONSUMER = wholeStream('care', 'notifications: overdue needs, serious incidents, detention placement attempts, and what clears them');
export const NOTIFICATIONS_FAMILY_CONTACT_CONSUMER = wholeStream('family-contact', 'notifications: first call overdue, cleared by a call');
export const NOTIFICATIONS_LEGAL_STATUS_CONSUMER = wholeStream('legal-status', 'notifications: informing overdue, COMAR marks and notice, residence task');
export const NOTIFICATIONS_REPATRIATION_CONSUMER = wholeStream('repatriation', 'notifications: returns aborted by a lock or while travelling');

/** For the platform's provisioning step (and tests, with their namespace). */
export const NOTIFICATIONS_CONSUMERS: readonly ConsumerSpec[] = [
  NOTIFICATIONS_INTAKE_CONSUMER,
  NOTIFICATIONS_CARE_CONSUMER,
  NOTIFICATIONS_FAMILY_CONTACT_CONSUMER,
  NOTIFICATIONS_LEGAL_STATUS_CONSUMER,
  NOTIFICATIONS_REPATRIATION_CONSUMER,
];

/**
 * Every service's dead letters (`OPIS_DEADLETTER`, `opis.dlq.>`): not events of a case's order,
 * and not to be split by office, so it is provisioned apart from NOTIFICATIONS_CONSUMERS and
 * shared by every instance (JetStream spreads the letters; a task is unique per letter).
 */
export const NOTIFICATIONS_DEADLETTER_CONSUMER: ConsumerSpec = {
  stream: DEAD_LETTER_STREAM,
  durable: 'notifications-deadletters',
  filterSubject: DEAD_LETTER_SUBJECTS[0],
  ackWaitMs: 30_000,
  description: 'notifications: a case held back by a failed event reaches its office supervisors',
};
