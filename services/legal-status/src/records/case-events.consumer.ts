import { Injectable, OnApplicationBootstrap } from '@nestjs/common';

import { INTAKE_EVENTS } from '@opis/contracts-intake';
import { EventConsumerFactory } from '@opis/messaging';

import { INTAKE_CASES_CONSUMER } from '../legal-status.consumers';
import { LegalRecordService } from './legal-record.service';

/**
 * Adapter from JetStream to the record service: one durable on all intake case events, in
 * stream order. Consumers are provisioned beforehand (legal-status.consumers.ts).
 */
@Injectable()
export class CaseEventsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumerFactory,
    private readonly records: LegalRecordService,
  ) {}

  public async onApplicationBootstrap(): Promise<void> {
    await this.consumers.startForOffices({
      ...INTAKE_CASES_CONSUMER,
      // Every intake event type, so none is dead-lettered as unknown; the service ignores the rest.
      contracts: INTAKE_EVENTS,
      handler: (envelope, manager, meta) => this.records.applyIntakeEvent(envelope, manager, meta.streamSequence),
    });
  }
}
