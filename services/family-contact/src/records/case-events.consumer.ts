import { Injectable, OnApplicationBootstrap } from '@nestjs/common';

import { INTAKE_EVENTS } from '@opis/contracts-intake';
import { LEGAL_STATUS_EVENTS } from '@opis/contracts-legal-status';
import { EventConsumerFactory } from '@opis/messaging';

import { FAMILY_CONTACT_INTAKE_CASES_CONSUMER, FAMILY_CONTACT_LEGAL_PROTECTION_CONSUMER } from '@opis/platform-services';
import { FamilyRecordService } from './family-record.service';

/**
 * Adapters from JetStream to the record service. Consumers are provisioned beforehand
 * (family-contact.consumers.ts); starting one that does not exist yet keeps retrying. Every
 * contract of each stream is passed, so that no event is dead-lettered as unknown; only those in
 * `handles` reach the service.
 */
@Injectable()
export class CaseEventsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumerFactory,
    private readonly records: FamilyRecordService,
  ) {}

  public async onApplicationBootstrap(): Promise<void> {
    await this.consumers.startForOffices({
      ...FAMILY_CONTACT_INTAKE_CASES_CONSUMER,
      contracts: INTAKE_EVENTS,
      handles: this.records.handles,
      handler: async (envelope, manager) => void (await this.records.applyIntakeEvent(envelope, manager)),
    });
    await this.consumers.startForOffices({
      ...FAMILY_CONTACT_LEGAL_PROTECTION_CONSUMER,
      contracts: LEGAL_STATUS_EVENTS,
      handles: this.records.legalHandles,
      handler: (envelope, manager) => this.records.applyLegalEvent(envelope, manager),
    });
  }
}
