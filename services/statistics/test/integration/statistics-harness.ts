import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';

import { createEnvelope, EventContract, EventEnvelope, eventSubject, OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import { namespacedStream, namespacedSubject, provisionJetStream } from '@opis/messaging';
import { createTestSigner, TestSigner } from '@opis/platform';
import { ServiceHarness, startServiceForTest } from '@opis/service-harness';
import { CaseVersions, sharedNatsUrl, testNamespace, waitFor } from '@opis/testing';

import { STATISTICS_CONSUMERS } from '@opis/platform-services';
import { STATISTICS_SERVICE_NAME, StatisticsConfig } from '../../src/statistics.config';
import { StatisticsModule } from '../../src/statistics.module';
import { STATISTICS_MIGRATIONS } from '../../src/statistics.schema';

export type StatisticsHarness = ServiceHarness<StatisticsConfig>;

const PRODUCERS = ['intake', 'family-contact', 'legal-status', 'repatriation', 'notifications'] as const;

/** The producers' streams (and statistics' durables) in one test namespace on the shared NATS. */
export class EventBus {
  private published = 0;
  /** Each producer numbers its events per case (caseVersion), as its outbox would. */
  private readonly versions = new CaseVersions();

  private constructor(
    public readonly namespace: string,
    public readonly natsUrl: string,
    private readonly nc: NatsConnection,
  ) {}

  public static async open(label: string): Promise<EventBus> {
    const natsUrl = await sharedNatsUrl();
    const bus = new EventBus(testNamespace(label), natsUrl, await connect({ servers: natsUrl }));
    await bus.provision();
    return bus;
  }

  public get count(): number {
    return this.published;
  }

  /** Publishes another service's event on its namespaced subject, as that service's relay would. */
  public async publish<T extends object>(contract: EventContract<T>, caseId: string, officeCode: OfficeCode, data: T, occurredAt?: string): Promise<EventEnvelope<T>> {
    const envelope = createEnvelope({
      name: contract.name,
      caseId,
      officeCode,
      actor: { kind: 'officer', id: 'opi-test' },
      caseVersion: this.versions.next(contract.name.service, caseId),
      data,
      ...(occurredAt ? { occurredAt: new Date(occurredAt) } : {}),
    });
    await jetstream(this.nc).publish(namespacedSubject(eventSubject(contract.name, officeCode), this.namespace), JSON.stringify(envelope), { msgID: envelope.id });
    this.published += 1;
    return envelope;
  }

  /** The same event again as a new stream message, as a republish from the producer's outbox would be (statistics' inbox gets no new row). */
  public async republish(contract: EventContract, envelope: EventEnvelope): Promise<void> {
    await jetstream(this.nc).publish(namespacedSubject(eventSubject(contract.name, envelope.officeCode), this.namespace), JSON.stringify(envelope), { msgID: uuidv7() });
  }

  /** Every message of every stream delivered to statistics' durables and acknowledged. */
  public async settled(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    await waitFor(
      "statistics' durables settled",
      async () => {
        for (const spec of STATISTICS_CONSUMERS) {
          const info = await jsm.consumers.info(namespacedStream(spec.stream, this.namespace), spec.durable);
          if (info.num_pending > 0 || info.num_ack_pending > 0) return false;
        }
        return true;
      },
      { timeoutMs: 30_000 },
    );
  }

  /** Creates the streams and statistics' durables (idempotent). */
  public async provision(): Promise<void> {
    await provisionJetStream(this.nc, {
      namespace: this.namespace,
      streams: PRODUCERS.map((service) => ({ service, maxAgeMs: 0, maxBytes: -1 })),
      consumers: [...STATISTICS_CONSUMERS],
    });
  }

  /** A rebuild: statistics' durables deleted and provisioned again, so they start at each stream's first event. */
  public async resetConsumers(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    for (const spec of STATISTICS_CONSUMERS) await jsm.consumers.delete(namespacedStream(spec.stream, this.namespace), spec.durable);
    await this.provision();
  }

  public async close(): Promise<void> {
    await this.nc.close();
  }
}

export async function startStatistics(label: string, bus: EventBus, signer: TestSigner = createTestSigner()): Promise<StatisticsHarness> {
  return startServiceForTest(
    {
      serviceName: STATISTICS_SERVICE_NAME,
      configClass: StatisticsConfig,
      migrations: STATISTICS_MIGRATIONS,
      module: (config: StatisticsConfig, options: { natsNamespace: string }) => StatisticsModule.register(config, options),
    },
    { label, namespace: bus.namespace, natsUrl: bus.natsUrl, signer },
  );
}

/** Every published event taken by statistics' consumers (one inbox row per event). */
export async function waitUntilConsumed(service: StatisticsHarness, bus: EventBus): Promise<void> {
  await waitFor(`${bus.count} events consumed`, async () => (await service.count('inbox')) >= bus.count, { timeoutMs: 30_000 });
}

export const newCaseId = (): string => uuidv7();
