import { ConsumerSpec } from '@opis/messaging';
import { wholeStreamConsumer } from '@opis/platform';

/*
 * One durable per producing stream on the whole stream (`opis.<svc>.*.*.*.*`, one filter on
 * nats-server 2.9), so each stream's events arrive in order. Facts are kept per event and joined
 * by case id at query time, so the order between streams does not matter: a rebuild (drop the
 * database, delete and provision these durables again, start) gives the same reports.
 * Care's stream is not read: no indicator needs it yet (least privilege on NATS too).
 */
const wholeStream = (service: 'intake' | 'family-contact' | 'legal-status' | 'repatriation' | 'notifications', description: string): ConsumerSpec =>
  wholeStreamConsumer(service, `statistics-${service}`, description);

export const STATISTICS_INTAKE_CONSUMER = wholeStream('intake', 'statistics: registrations, corrections, Procuraduría notification and DIF channelling (DOMAIN.md 7.2 1, 2, 4)');
export const STATISTICS_FAMILY_CONTACT_CONSUMER = wholeStream('family-contact', 'statistics: interpreters on phone calls (DOMAIN.md 7.2 4)');
export const STATISTICS_LEGAL_STATUS_CONSUMER = wholeStream('legal-status', 'statistics: information sessions and COMAR claims (DOMAIN.md 7.2 4)');
export const STATISTICS_REPATRIATION_CONSUMER = wholeStream('repatriation', 'statistics: assisted returns, refused returns, receptions from the USA (DOMAIN.md 7.2 3, 4)');
export const STATISTICS_NOTIFICATIONS_CONSUMER = wholeStream('notifications', 'statistics: time to acknowledge and to resolve alerts per trigger and office (issue 22)');

/** For the platform's provisioning step (and tests, with their namespace). */
export const STATISTICS_CONSUMERS: readonly ConsumerSpec[] = [
  STATISTICS_INTAKE_CONSUMER,
  STATISTICS_FAMILY_CONTACT_CONSUMER,
  STATISTICS_LEGAL_STATUS_CONSUMER,
  STATISTICS_REPATRIATION_CONSUMER,
  STATISTICS_NOTIFICATIONS_CONSUMER,
];
