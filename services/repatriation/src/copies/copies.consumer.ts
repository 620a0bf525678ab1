import { Injectable, OnApplicationBootstrap } from '@nestjs/common';

import { FAMILY_CONTACT_EVENTS } from '@opis/contracts-family-contact';
import { INTAKE_EVENTS } from '@opis/contracts-intake';
import { LEGAL_STATUS_EVENTS } from '@opis/contracts-legal-status';
import { EventConsumerFactory } from '@opis/messaging';

import { REPATRIATION_FAMILY_CONTACT_CONSUMER, REPATRIATION_INTAKE_CASES_CONSUMER, REPATRIATION_LEGAL_STATUS_CONSUMER } from '@opis/platform-services';
import { APPLIED_EVENTS, CopiesService } from './copies.service';

/**
 * Adapters from JetStream to the copies: every contract of each stream is passed so that no event
 * is dead-lettered as unknown; only the ones repatriation needs reach the service.
 */
@Injectable()
export class CopiesConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumerFactory,
    private readonly copies: CopiesService,
  ) {}

  public async onApplicationBootstrap(): Promise<void> {
    await this.consumers.startForOffices({
      ...REPATRIATION_INTAKE_CASES_CONSUMER,
      contracts: INTAKE_EVENTS,
      handles: APPLIED_EVENTS.intake,
      handler: (envelope, manager) => this.copies.applyIntakeEvent(envelope, manager),
    });
    await this.consumers.startForOffices({
      ...REPATRIATION_LEGAL_STATUS_CONSUMER,
      contracts: LEGAL_STATUS_EVENTS,
      handles: APPLIED_EVENTS.legalStatus,
      handler: (envelope, manager) => this.copies.applyLegalEvent(envelope, manager),
    });
    await this.consumers.startForOffices({
      ...REPATRIATION_FAMILY_CONTACT_CONSUMER,
      contracts: FAMILY_CONTACT_EVENTS,
      handles: APPLIED_EVENTS.familyContact,
      handler: (envelope, manager) => this.copies.applyFamilyEvent(envelope, manager),
    });
  }
}
