import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ConsumerMessages, jetstream, JsMsg } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/nats-core';
import { DataSource } from 'typeorm';

import { NATS_CONNECTION, namespacedStream } from '@opis/messaging';
import { PinoLoggerService } from '@opis/platform';

import { NOTIFICATIONS_DEADLETTER_CONSUMER } from '@opis/platform-services';
import { TaskEngine } from '../tasks/task-engine';
import { decideDeadLetter } from './trigger-catalog';

/** The NATS namespace of a test (none in a deployment). */
export const NOTIFICATIONS_NAMESPACE = Symbol('NOTIFICATIONS_NAMESPACE');

const RETRY_MS = 5_000;

/**
 * Dead letters of every service become tasks for the held-back case's office. A letter is not an
 * event of a case's order, so it is not taken through the ordered consumer: the task is unique
 * per letter id (a redelivery opens nothing) and the letter is acknowledged after its commit.
 */
@Injectable()
export class DeadLetterConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private stopping = false;
  private messages: ConsumerMessages | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(NOTIFICATIONS_NAMESPACE) private readonly namespace: string | undefined,
    private readonly dataSource: DataSource,
    private readonly engine: TaskEngine,
    private readonly logger: PinoLoggerService,
  ) {}

  public onApplicationBootstrap(): void {
    this.running = this.run();
  }

  public async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.messages?.close();
    await this.running;
  }

  private async run(): Promise<void> {
    const js = jetstream(this.nc);
    const stream = namespacedStream(NOTIFICATIONS_DEADLETTER_CONSUMER.stream, this.namespace);
    let failures = 0;
    while (!this.stopping && !this.nc.isClosed()) {
      try {
        const consumer = await js.consumers.get(stream, NOTIFICATIONS_DEADLETTER_CONSUMER.durable);
        this.messages = await consumer.consume({ max_messages: 16 });
        if (this.stopping) await this.messages.close();
        failures = 0;
        for await (const msg of this.messages) await this.handle(msg);
      } catch (error) {
        failures += 1;
        if (failures === 1 || failures % 20 === 0) this.logger.pino.warn({ err: error, failures }, 'dead-letter consumer failed; retrying');
      } finally {
        this.messages = undefined;
      }
      if (!this.stopping) await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** failures, 10_000)).unref());
    }
  }

  private async handle(msg: JsMsg): Promise<void> {
    let notice: unknown;
    try {
      notice = msg.json();
    } catch {
      msg.term();
      return;
    }
    const opening = decideDeadLetter(notice);
    if (!opening) {
      // No case named (the failed message was not an envelope): the dead_letter row and the operators' tools have it.
      msg.ack();
      return;
    }
    try {
      await this.dataSource.transaction((manager) => this.engine.openDeadLetter(manager, opening));
      msg.ack();
    } catch (error) {
      this.logger.pino.warn({ err: error, deadLetter: opening.sourceId }, 'dead letter not turned into a task; retrying');
      msg.nak(RETRY_MS);
    }
  }
}
