import { Injectable, OnApplicationBootstrap } from '@nestjs/common';

import { INTAKE_EVENTS } from '@opis/contracts-intake';
import { EventConsumerFactory } from '@opis/messaging';

import { CARE_INTAKE_CASES_CONSUMER } from '@opis/platform-services';
import { CareRecordService } from './care-record.service';

/**
 * Adapter from intake's stream to care's copy. Every intake contract is passed so that no event is
 * dead-lettered as unknown; only those the copy applies (`handles`) reach the service.
 */
@Injectable()
export class IntakeCaseEventsHandler implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumerFactory,
    private readonly records: CareRecordService,
  ) {}

  public async onApplicationBootstrap(): Promise<void> {
    await this.consumers.startForOffices({
      ...CARE_INTAKE_CASES_CONSUMER,
      contracts: INTAKE_EVENTS,
      handles: this.records.handles,
      handler: async (envelope, manager) => void (await this.records.applyIntakeEvent(envelope, manager)),
      maxDeliver: 8,
      nakDelayMs: 500,
      batchSize: 64,
    });
  }
}
