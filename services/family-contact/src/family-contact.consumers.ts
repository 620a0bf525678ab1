import { ConsumerSpec } from '@opis/messaging';
import { wholeStreamConsumer } from '@opis/platform';

export const INTAKE_CASES_CONSUMER = wholeStreamConsumer('intake', 'family-contact-intake-cases', 'family-contact: opens a record per registered case and follows updates and transfers');

export const LEGAL_PROTECTION_CONSUMER = wholeStreamConsumer('legal-status', 'family-contact-legal-protection', 'family-contact: legal-status’s record, protection and lock, shown with its time when legal-status cannot be asked (INV-06)');

/** For the platform's provisioning step (and tests, with their namespace). */
export const FAMILY_CONTACT_CONSUMERS: readonly ConsumerSpec[] = [INTAKE_CASES_CONSUMER, LEGAL_PROTECTION_CONSUMER];
