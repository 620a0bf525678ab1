import { ServiceName } from '@opis/contracts-envelope';

import { AckPolicy, DeliverPolicy, jetstreamManager, JetStreamManager, StorageType } from '@nats-io/jetstream';
import { nanos, NatsConnection } from '@nats-io/nats-core';

import {
  DEAD_LETTER_STREAM,
  DEAD_LETTER_SUBJECTS,
  namespacedStream,
  namespacedSubject,
  serviceStreamName,
  serviceStreamSubjects,
} from './namespace';

/** JetStream drops a republished message id within this window (ARCHITECTURE.md, Messaging). */
export const DUPLICATE_WINDOW_MS = 2 * 60 * 1_000;

export interface RetentionSpec {
  /** 0 keeps messages for ever (limited by maxBytes). */
  maxAgeMs: number;
  /** -1 for no limit. */
  maxBytes: number;
  /** 1 in development, 3 in a production cluster. */
  replicas?: number;
}

export interface StreamSpec extends RetentionSpec {
  /** The producing service: stream `OPIS_<SERVICE>` on `opis.<service>.*.*.*.*`. */
  service: ServiceName;
}

export interface ConsumerSpec {
  /** Stream name without namespace, e.g. `streamName('intake')`. */
  stream: string;
  durable: string;
  /** One subject (nats-server 2.9 has no multiple filters), e.g. `eventFilter(name)`. */
  filterSubject: string;
  ackWaitMs: number;
  /**
   * Server-side delivery limit; default unlimited. Keep it so: the EventConsumer dead-letters at
   * its own maxDeliver, and a server limit would silently stop redelivering a message whose dead
   * letter could not be written (database down).
   */
  maxDeliver?: number;
  maxAckPending?: number;
  description?: string;
}

export interface ProvisionOptions {
  namespace?: string;
  streams: readonly StreamSpec[];
  consumers: readonly ConsumerSpec[];
  /** Retention of `OPIS_DEADLETTER` (default 90 days, no byte limit). */
  deadLetter?: RetentionSpec;
}

export interface ProvisionResult {
  streams: { name: string; action: 'created' | 'updated' }[];
  consumers: { stream: string; durable: string; action: 'created' | 'updated' }[];
}

const DEFAULT_DEAD_LETTER: RetentionSpec = { maxAgeMs: 90 * 24 * 3_600_000, maxBytes: -1 };

function isNotFound(error: unknown): boolean {
  return error instanceof Error && /not found/i.test(error.message);
}

async function upsertStream(
  jsm: JetStreamManager,
  name: string,
  subjects: string[],
  retention: RetentionSpec,
): Promise<'created' | 'updated'> {
  const config = {
    subjects,
    max_age: nanos(retention.maxAgeMs),
    max_bytes: retention.maxBytes,
    num_replicas: retention.replicas ?? 1,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
  };
  try {
    await jsm.streams.info(name);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.streams.add({ name, storage: StorageType.File, ...config });
    return 'created';
  }
  await jsm.streams.update(name, config);
  return 'updated';
}

/**
 * Creates or updates the streams (plus `OPIS_DEADLETTER`) and durable consumers. Idempotent:
 * run it as a deployment step, like a migration, not at service boot.
 */
export async function provisionJetStream(nc: NatsConnection, options: ProvisionOptions): Promise<ProvisionResult> {
  const jsm = await jetstreamManager(nc);
  const { namespace } = options;
  const result: ProvisionResult = { streams: [], consumers: [] };

  const streams: [string, string[], RetentionSpec][] = [
    [
      namespacedStream(DEAD_LETTER_STREAM, namespace),
      DEAD_LETTER_SUBJECTS.map((subject) => namespacedSubject(subject, namespace)),
      options.deadLetter ?? DEFAULT_DEAD_LETTER,
    ],
    ...options.streams.map((spec): [string, string[], RetentionSpec] => [
      serviceStreamName(spec.service, namespace),
      serviceStreamSubjects(spec.service, namespace),
      spec,
    ]),
  ];
  for (const [name, subjects, retention] of streams) {
    result.streams.push({ name, action: await upsertStream(jsm, name, subjects, retention) });
  }

  for (const spec of options.consumers) {
    const stream = namespacedStream(spec.stream, namespace);
    const config = {
      description: spec.description,
      ack_wait: nanos(spec.ackWaitMs),
      max_deliver: spec.maxDeliver ?? -1,
      max_ack_pending: spec.maxAckPending ?? 1_000,
      filter_subject: namespacedSubject(spec.filterSubject, namespace),
    };
    let exists = true;
    try {
      await jsm.consumers.info(stream, spec.durable);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      exists = false;
    }
    if (exists) {
      await jsm.consumers.update(stream, spec.durable, config);
    } else {
      await jsm.consumers.add(stream, {
        ...config,
        durable_name: spec.durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
      });
    }
    const action = exists ? 'updated' : 'created';
    result.consumers.push({ stream, durable: spec.durable, action });
  }
  return result;
}
