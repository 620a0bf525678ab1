import { ConsumerSpec } from '@opis/messaging';
import { wholeStreamConsumer } from '@opis/platform';

export const LEGAL_STATUS_INTAKE_CASES_CONSUMER = wholeStreamConsumer('intake', 'legal-status-intake-cases', 'legal-status: opens a legal record (VRH) per registered case; learns screening, Procuraduría notification and transfers');

/** Care's stream: an incident in which the child disclosed fear of return or a protection need. */
export const LEGAL_STATUS_CARE_CONCERNS_CONSUMER = wholeStreamConsumer('care', 'legal-status-care-concerns', 'legal-status: fear of return or a protection need disclosed in a care incident locks return and consular contact (INV-01, GD-08)');

/** Family-contact's stream: a family risk flag that holds fear of return or a protection need. */
export const LEGAL_STATUS_FAMILY_CONTACT_CONCERNS_CONSUMER = wholeStreamConsumer('family-contact', 'legal-status-family-contact-concerns', 'legal-status: fear of return or a protection need behind a family risk flag locks return and consular contact (INV-01, GD-08)');

/** Repatriation's stream: an aborted return comes back to legal-status to re-plan (DOMAIN.md 4.5 a). */
export const LEGAL_STATUS_REPATRIATION_ABORTS_CONSUMER = wholeStreamConsumer('repatriation', 'legal-status-repatriation-aborts', 'legal-status: an aborted return reopens the PAM to re-plan; fear expressed or a claim at the abort locks return (INV-01, GD-08)');

/** For the platform's provisioning step (and tests, with their namespace). */
export const LEGAL_STATUS_CONSUMERS: readonly ConsumerSpec[] = [
  LEGAL_STATUS_INTAKE_CASES_CONSUMER,
  LEGAL_STATUS_CARE_CONCERNS_CONSUMER,
  LEGAL_STATUS_FAMILY_CONTACT_CONCERNS_CONSUMER,
  LEGAL_STATUS_REPATRIATION_ABORTS_CONSUMER,
];
