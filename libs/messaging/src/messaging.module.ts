import {
  DynamicModule,
  Inject,
  Injectable,
  Module,
  ModuleMetadata,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleDestroy,
} from '@nestjs/common';
import { NatsConnection } from '@nats-io/nats-core';
import { connect, NodeConnectionOptions } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';

import { BaseServiceConfig, natsConnectOptions, PinoLoggerService } from '@opis/platform';

import { DeadLetterDesk } from './dead-letter-desk';
import { SelfTestFault } from './event-consumer-options';
import { EventConsumerFactory } from './event-consumer.factory';
import { MessagingOpsController } from './messaging-ops.controller';
import { MessagingObservability } from './messaging-observability';
import { MessagingStats } from './messaging-stats';
import { assertNamespace } from './namespace';
import { NATS_CONNECTION } from './nats-connection.token';
import { OfficeShare } from './office-consumers';
import { DEFAULT_OUTBOX_RETENTION_DAYS, OutboxPurgeJob } from './outbox-maintenance';
import { OutboxRelay, OutboxRelayOptions } from './outbox-relay';
import { OutboxWriter } from './outbox-writer';

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface MessagingModuleOptions {
  /** Names the NATS connection and the dead-letter subjects. */
  serviceName: string;
  natsUrl: string | string[];
  namespace?: string;
  /** Run the outbox relay in this process (default true); standbys are harmless. */
  runRelay?: boolean;
  relay?: Omit<OutboxRelayOptions, 'namespace'>;
  /**
   * Days published outbox rows are kept (for `outbox:republish`) before an hourly purge deletes
   * them, by the instances that run the relay. Default: the service config's OUTBOX_RETENTION_DAYS (30).
   */
  outboxRetentionDays?: number;
  /** Credentials and other connection options (each service is its own NATS user). */
  connection?: Omit<NodeConnectionOptions, 'servers' | 'name'>;
  /** Which offices' events this instance applies (`startForOffices`); default all. */
  offices?: OfficeShare;
  /** Deliberately broken consumers for the chaos run's self-test (MESSAGING_SELF_TEST_FAULT; never in production). */
  selfTestFault?: SelfTestFault;
  /** The module that provides `DataSource`, when it is not global. */
  imports?: ModuleMetadata['imports'];
}

@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(EventConsumerFactory) private readonly consumers: EventConsumerFactory,
    @Inject(OutboxPurgeJob) private readonly purge: OutboxPurgeJob,
  ) {}

  public onApplicationBootstrap(): void {
    if (this.options.runRelay ?? true) {
      this.relay.start();
      this.purge.start();
    }
  }

  // Consumers and the relay stop while the DataSource is still open.
  public async onModuleDestroy(): Promise<void> {
    await this.consumers.stopAll();
    await this.purge.stop();
    await this.relay.stop();
  }

  public async onApplicationShutdown(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}

/** How often a service still waiting for NATS at start-up says so. */
export const NATS_WAIT_LOG_INTERVAL_MS = 5_000;

/**
 * Connects, waiting for NATS as long as it takes (the service has nothing to do without it) and
 * saying so every few seconds: a service that starts while NATS is down must not look hung.
 */
export async function connectWaiting(options: NodeConnectionOptions, logger?: PinoLoggerService): Promise<NatsConnection> {
  const started = Date.now();
  const servers = ([] as string[]).concat(options.servers ?? []).join(',');
  const waiting = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    const line = { servers, waitedSeconds: seconds, setting: 'NATS_URL' };
    if (logger) logger.pino.warn(line, 'waiting for NATS');
    else process.stderr.write(`${JSON.stringify({ level: 'warn', msg: 'waiting for NATS', ...line })}\n`);
  }, NATS_WAIT_LOG_INTERVAL_MS);
  try {
    return await connect(options);
  } finally {
    clearInterval(waiting);
  }
}

@Module({})
export class MessagingModule {
  public static forRoot(options: MessagingModuleOptions): DynamicModule {
    assertNamespace(options.namespace);
    return {
      module: MessagingModule,
      global: true,
      imports: options.imports ?? [],
      controllers: [MessagingOpsController],
      providers: [
        {
          provide: DeadLetterDesk,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new DeadLetterDesk(dataSource),
        },
        {
          provide: EventConsumerFactory,
          inject: [DataSource, NATS_CONNECTION],
          useFactory: (dataSource: DataSource, nc: NatsConnection) =>
            new EventConsumerFactory(
              dataSource,
              nc,
              { serviceName: options.serviceName, namespace: options.namespace, selfTestFault: options.selfTestFault },
              options.offices,
            ),
        },
        { provide: MESSAGING_OPTIONS, useValue: options },
        MessagingLifecycle,
        MessagingObservability,
        {
          provide: MessagingStats,
          inject: [DataSource, NATS_CONNECTION, EventConsumerFactory],
          useFactory: (dataSource: DataSource, nc: NatsConnection, consumers: EventConsumerFactory) =>
            new MessagingStats(dataSource, nc, () => consumers.list(), options.namespace),
        },
        {
          provide: NATS_CONNECTION,
          inject: [{ token: PinoLoggerService, optional: true }],
          useFactory: (logger?: PinoLoggerService) =>
            connectWaiting(
              {
                ...options.connection,
                ...natsConnectOptions(options.natsUrl),
                name: options.serviceName,
                waitOnFirstConnect: true,
              },
              logger,
            ),
        },
        {
          provide: OutboxRelay,
          inject: [DataSource, NATS_CONNECTION],
          useFactory: (dataSource: DataSource, nc: NatsConnection) =>
            new OutboxRelay(dataSource, nc, { ...options.relay, namespace: options.namespace }),
        },
        {
          provide: OutboxPurgeJob,
          // The service's config, validated at start-up (a bad OUTBOX_RETENTION_DAYS stops it before it serves).
          inject: [OutboxRelay, { token: BaseServiceConfig, optional: true }],
          useFactory: (relay: OutboxRelay, config?: BaseServiceConfig) =>
            new OutboxPurgeJob(relay, { retentionDays: options.outboxRetentionDays ?? config?.OUTBOX_RETENTION_DAYS ?? DEFAULT_OUTBOX_RETENTION_DAYS }),
        },
        {
          provide: OutboxWriter,
          inject: [DataSource, OutboxRelay],
          useFactory: (dataSource: DataSource, relay: OutboxRelay) => {
            const writer = new OutboxWriter((options.runRelay ?? true) ? relay : undefined);
            // It wakes this process's relay when a transaction that wrote events commits.
            dataSource.subscribers.push(writer);
            return writer;
          },
        },
      ],
      exports: [DeadLetterDesk, EventConsumerFactory, MessagingStats, NATS_CONNECTION, OutboxPurgeJob, OutboxRelay, OutboxWriter],
    };
  }
}
