import { ServiceName } from '@opis/contracts-envelope';
import { ConsumerSpec } from '@opis/messaging';
import { wholeStreamConsumer } from '@opis/platform';

/*
 * The case timeline reads every producing stream whole (one durable each), so that each stream's
 * events arrive in their order; the timeline orders them across streams by when they happened.
 */
const wholeStream = (service: ServiceName): ConsumerSpec =>
  wholeStreamConsumer(service, `gateway-${service}`, `gateway: the case timeline, from every ${service} event (type, case, office, who, when; no payload)`);

export const GATEWAY_INTAKE_CONSUMER = wholeStream('intake');
export const GATEWAY_CARE_CONSUMER = wholeStream('care');
export const GATEWAY_FAMILY_CONTACT_CONSUMER = wholeStream('family-contact');
export const GATEWAY_LEGAL_STATUS_CONSUMER = wholeStream('legal-status');
export const GATEWAY_REPATRIATION_CONSUMER = wholeStream('repatriation');
export const GATEWAY_NOTIFICATIONS_CONSUMER = wholeStream('notifications');

/** For the platform's provisioning step (and tests, with their namespace). */
export const GATEWAY_CONSUMERS: readonly ConsumerSpec[] = [
  GATEWAY_INTAKE_CONSUMER,
  GATEWAY_CARE_CONSUMER,
  GATEWAY_FAMILY_CONTACT_CONSUMER,
  GATEWAY_LEGAL_STATUS_CONSUMER,
  GATEWAY_REPATRIATION_CONSUMER,
  GATEWAY_NOTIFICATIONS_CONSUMER,
];
