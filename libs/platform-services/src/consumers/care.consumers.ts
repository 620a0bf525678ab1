import { ConsumerSpec } from '@opis/messaging';
import { wholeStreamConsumer } from '@opis/platform';

export const CARE_INTAKE_CASES_CONSUMER: ConsumerSpec = wholeStreamConsumer(
  'intake',
  'care-intake-case',
  'care: opens a care record per registered case and follows transfers and corrections',
);

/** For the platform's provisioning step (and tests, with their namespace). */
export const CARE_CONSUMERS: readonly ConsumerSpec[] = [CARE_INTAKE_CASES_CONSUMER];
