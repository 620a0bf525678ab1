import { ConsumerSpec } from '@opis/messaging';
import { wholeStreamConsumer } from '@opis/platform';

/** Registrations, corrections and transfers of the case copy. */
export const REPATRIATION_INTAKE_CASES_CONSUMER = wholeStreamConsumer('intake', 'repatriation-intake-cases', 'repatriation: keeps a copy of each case (office, entry path, categories) for plans and receptions');

/** Lock, protection, best interests, informing. */
export const REPATRIATION_LEGAL_STATUS_CONSUMER = wholeStreamConsumer('legal-status', 'repatriation-legal-status', 'repatriation: copies the protection lock, best interests and informing; a lock aborts open plans (INV-01)');

/** Members located, verified, flagged. */
export const REPATRIATION_FAMILY_CONTACT_CONSUMER = wholeStreamConsumer('family-contact', 'repatriation-family-contact', 'repatriation: copies which family members are located, verified or flagged (RP-06, US-05)');

/** For the platform's provisioning step (and tests, with their namespace). */
export const REPATRIATION_CONSUMERS: readonly ConsumerSpec[] = [REPATRIATION_INTAKE_CASES_CONSUMER, REPATRIATION_LEGAL_STATUS_CONSUMER, REPATRIATION_FAMILY_CONTACT_CONSUMER];
