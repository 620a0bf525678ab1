import { ConsumerSpec } from '@opis/messaging';
import { wholeStreamConsumer } from '@opis/platform';

export const FAMILY_CONTACT_INTAKE_CASES_CONSUMER = wholeStreamConsumer('intake', 'family-contact-intake-cases', 'family-contact: opens a record per registered case and follows updates and transfers');

export const FAMILY_CONTACT_LEGAL_PROTECTION_CONSUMER = wholeStreamConsumer('legal-status', 'family-contact-legal-protection', 'family-contact: legal-status’s record, protection and lock, shown with its time when legal-status cannot be asked (INV-06)');

/** For the platform's provisioning step (and tests, with their namespace). */
export const FAMILY_CONTACT_CONSUMERS: readonly ConsumerSpec[] = [FAMILY_CONTACT_INTAKE_CASES_CONSUMER, FAMILY_CONTACT_LEGAL_PROTECTION_CONSUMER];
