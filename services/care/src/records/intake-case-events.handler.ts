import { Injectable, OnApplicationBootstrap } from '@nestjs/common';

import { INTAKE_EVENTS } from '@opis/contracts-intake';
import { EventConsumerFactory } from '@opis/messaging';

import { CARE_CONSUMERS, CARE_INTAKE_CASE_DURABLE } from '../care.consumers';
import { CareRecordService } from './care-record.service';

/**
 * Adapter from intake's case events to care. Every intake contract is passed so that no case
 * event is dead-lettered as unknown; the service ignores those care does not need.
 */
@Injectable()
export class IntakeCaseEventsHandler implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumerFactory,
    private readonly records: CareRecordService,
  ) {}

  public async onApplicationBootstrap(): Promise<void> {
    const spec = CARE_CONSUMERS.find((consumer) => consumer.durable === CARE_INTAKE_CASE_DURABLE);
    if (!spec) throw new Error(`consumer spec ${CARE_INTAKE_CASE_DURABLE} missing`);
    await this.consumers.startForOffices({
      stream: spec.stream,
      durable: spec.durable,
      filterSubject: spec.filterSubject,
      contracts: INTAKE_EVENTS,
      handler: (envelope, manager) => this.records.applyIntakeEvent(envelope, manager),
      maxDeliver: 8,
      nakDelayMs: 500,
      batchSize: 64,
    });
  }
}
