import { eventFilter, streamName } from '@opis/contracts-envelope';
import { protectionChangedV1 } from '@opis/contracts-legal-status';
import { ConsumerSpec } from '@opis/messaging';

/** Every intake case event, in stream order, so a case's `registered` precedes its `transferred`. */
export const INTAKE_CASES_CONSUMER: ConsumerSpec = {
  stream: streamName('intake'),
  durable: 'family-contact-intake-cases',
  filterSubject: 'opis.intake.case.*.*.*',
  ackWaitMs: 30_000,
  description: 'family-contact: opens a record per registered case and follows updates and transfers',
};

export const LEGAL_PROTECTION_CONSUMER: ConsumerSpec = {
  stream: streamName('legal-status'),
  durable: 'family-contact-legal-protection',
  filterSubject: eventFilter(protectionChangedV1.name),
  ackWaitMs: 30_000,
  description: 'family-contact: protection claims lock consular contact (INV-06)',
};

/** For the platform's provisioning step (and tests, with their namespace). */
export const FAMILY_CONTACT_CONSUMERS: readonly ConsumerSpec[] = [INTAKE_CASES_CONSUMER, LEGAL_PROTECTION_CONSUMER];
