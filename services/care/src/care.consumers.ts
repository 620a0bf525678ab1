import { streamName } from '@opis/contracts-envelope';
import { ConsumerSpec } from '@opis/messaging';

/**
 * One durable on every intake case event, in stream order, so that a case's `registered` is
 * always applied before its `transferred` (nats-server 2.9: one filter subject per consumer).
 */
export const CARE_INTAKE_CASE_DURABLE = 'care-intake-case';
export const INTAKE_CASE_EVENTS_FILTER = 'opis.intake.case.*.*.*';

export const CARE_CONSUMERS: ConsumerSpec[] = [
  {
    stream: streamName('intake'),
    durable: CARE_INTAKE_CASE_DURABLE,
    filterSubject: INTAKE_CASE_EVENTS_FILTER,
    ackWaitMs: 30_000,
    description: 'care: opens a care record per registered case and follows transfers and corrections',
  },
];
