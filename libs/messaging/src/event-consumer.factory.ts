import { NatsConnection } from '@nats-io/nats-core';
import { DataSource } from 'typeorm';

import { EventConsumer } from './event-consumer';
import { EventConsumerContext, EventConsumerOptions } from './event-consumer-options';
import { ConsumerRef } from './messaging-stats';
import { consumersForShare, OfficeShare } from './office-consumers';

/** Starts a service's consumers and stops them all at shutdown. */
export class EventConsumerFactory {
  private readonly consumers: EventConsumer[] = [];
  private closed = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly nc: NatsConnection,
    private readonly context: EventConsumerContext,
    /** Which offices' events this instance applies (OFFICES, DEDICATED_OFFICES); default all. */
    private readonly share: OfficeShare = {},
  ) {}

  public async start(options: EventConsumerOptions): Promise<EventConsumer> {
    if (this.closed) throw new Error('messaging is shutting down');
    if (this.consumers.some((consumer) => consumer.durable === options.durable)) {
      throw new Error(`consumer ${options.durable} is already running`);
    }
    const consumer = new EventConsumer(this.dataSource, this.nc, this.context);
    await consumer.start(options);
    this.consumers.push(consumer);
    return consumer;
  }

  /**
   * Starts `options` for the offices this instance applies: one consumer per office with OFFICES
   * (`<durable>-<office>`, as provisioning names them), else the service's own durable, which
   * leaves dedicated offices' events to their instances.
   */
  public async startForOffices(options: EventConsumerOptions): Promise<EventConsumer[]> {
    const started: EventConsumer[] = [];
    for (const perOffice of consumersForShare(options, this.share)) started.push(await this.start(perOffice));
    return started;
  }

  /** The running consumers, for MessagingStats. */
  public list(): ConsumerRef[] {
    return this.consumers.flatMap((consumer) =>
      consumer.stream && consumer.durable ? [{ stream: consumer.stream, durable: consumer.durable }] : [],
    );
  }

  /** Durables of started consumers not pulling right now: the service is not ready while any is. */
  public detached(): string[] {
    return this.consumers.filter((consumer) => !consumer.attached).map((consumer) => consumer.durable ?? '(starting)');
  }

  public async stopAll(): Promise<void> {
    this.closed = true;
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
  }
}
