import { Injectable, OnApplicationBootstrap } from '@nestjs/common';

import { INTAKE_EVENTS } from '@opis/contracts-intake';
import { LEGAL_STATUS_EVENTS } from '@opis/contracts-legal-status';
import { EventConsumerFactory } from '@opis/messaging';

import { INTAKE_CASES_CONSUMER, LEGAL_PROTECTION_CONSUMER } from '../family-contact.consumers';
import { FamilyRecordService } from './family-record.service';

/**
 * Adapters from JetStream to the record service. Consumers are provisioned beforehand
 * (family-contact.consumers.ts); starting one that does not exist yet keeps retrying.
 */
@Injectable()
export class CaseEventsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumerFactory,
    private readonly records: FamilyRecordService,
  ) {}

  public async onApplicationBootstrap(): Promise<void> {
    await this.consumers.startForOffices({
      ...INTAKE_CASES_CONSUMER,
      // Every intake event type, so none is dead-lettered as unknown; the service ignores the rest.
      contracts: INTAKE_EVENTS,
      handler: (envelope, manager, meta) => this.records.applyIntakeEvent(envelope, manager, meta.streamSequence),
    });
    await this.consumers.startForOffices({
      ...LEGAL_PROTECTION_CONSUMER,
      contracts: LEGAL_STATUS_EVENTS,
      handler: (envelope, manager) => this.records.applyProtectionChange(envelope, manager),
    });
  }
}
