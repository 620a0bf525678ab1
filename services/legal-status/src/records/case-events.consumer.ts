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
      // Two transactions at once (each case stays in order on its lane): with one, legal-status
      // fell 1.4-3.4 s behind intake in bench:platform's closed loop (the copies with lighter
      // handlers kept within 0.3 s), and it was the slowest copy at every fixed rate.
      concurrency: 2,
      handler: (envelope, manager, meta) => this.records.applyIntakeEvent(envelope, manager, meta.streamSequence),
    });
  }
}
