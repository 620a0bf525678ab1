import { Injectable, OnApplicationBootstrap } from '@nestjs/common';

import { INTAKE_EVENTS } from '@opis/contracts-intake';
import { EventConsumerFactory } from '@opis/messaging';

import { LEGAL_STATUS_INTAKE_CASES_CONSUMER } from '@opis/platform-services';
import { LegalRecordService } from './legal-record.service';

/**
 * Adapter from JetStream to the record service: one durable on intake's whole stream, whose events
 * the consumer applies in each case's version order. Consumers are provisioned beforehand
 * (legal-status.consumers.ts).
 */
@Injectable()
export class CaseEventsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumerFactory,
    private readonly records: LegalRecordService,
  ) {}

  public async onApplicationBootstrap(): Promise<void> {
    await this.consumers.startForOffices({
      ...LEGAL_STATUS_INTAKE_CASES_CONSUMER,
      // Every intake event type, so none is dead-lettered as unknown; only `handles` reach the service.
      contracts: INTAKE_EVENTS,
      handles: this.records.handles,
      // Two transactions at once (each case stays in order on its lane): with one, legal-status
      // fell 1.4-3.4 s behind intake in bench:platform's closed loop (the copies with lighter
      // handlers kept within 0.3 s), and it was the slowest copy at every fixed rate.
      concurrency: 2,
      handler: async (envelope, manager) => void (await this.records.applyIntakeEvent(envelope, manager)),
    });
  }
}
