import { Injectable, OnApplicationBootstrap } from '@nestjs/common';

import { FAMILY_CONTACT_EVENTS } from '@opis/contracts-family-contact';
import { INTAKE_EVENTS } from '@opis/contracts-intake';
import { LEGAL_STATUS_EVENTS } from '@opis/contracts-legal-status';
import { NOTIFICATIONS_EVENTS } from '@opis/contracts-notifications';
import { REPATRIATION_EVENTS } from '@opis/contracts-repatriation';
import { EventConsumerFactory } from '@opis/messaging';

import {
  STATISTICS_FAMILY_CONTACT_CONSUMER,
  STATISTICS_INTAKE_CONSUMER,
  STATISTICS_LEGAL_STATUS_CONSUMER,
  STATISTICS_NOTIFICATIONS_CONSUMER,
  STATISTICS_REPATRIATION_CONSUMER,
} from '@opis/platform-services';
import { COUNTED_EVENTS, FactsService } from './facts.service';

/**
 * Adapters from JetStream to the facts: every contract of each stream is passed so that no event
 * is dead-lettered as unknown; only the ones statistics counts reach the service.
 */
@Injectable()
export class FactsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumerFactory,
    private readonly facts: FactsService,
  ) {}

  public async onApplicationBootstrap(): Promise<void> {
    const batch = { batchSize: 128, applyBatchSize: 128 };
    await this.consumers.start({
      ...STATISTICS_INTAKE_CONSUMER,
      ...batch,
      contracts: INTAKE_EVENTS,
      handles: COUNTED_EVENTS.intake,
      handler: (envelope, manager) => this.facts.applyIntakeEvent(envelope, manager),
    });
    await this.consumers.start({
      ...STATISTICS_FAMILY_CONTACT_CONSUMER,
      ...batch,
      contracts: FAMILY_CONTACT_EVENTS,
      handles: COUNTED_EVENTS.familyContact,
      handler: (envelope, manager) => this.facts.applyFamilyEvent(envelope, manager),
    });
    await this.consumers.start({
      ...STATISTICS_LEGAL_STATUS_CONSUMER,
      ...batch,
      contracts: LEGAL_STATUS_EVENTS,
      handles: COUNTED_EVENTS.legalStatus,
      handler: (envelope, manager) => this.facts.applyLegalEvent(envelope, manager),
    });
    await this.consumers.start({
      ...STATISTICS_REPATRIATION_CONSUMER,
      ...batch,
      contracts: REPATRIATION_EVENTS,
      handles: COUNTED_EVENTS.repatriation,
      handler: (envelope, manager) => this.facts.applyRepatriationEvent(envelope, manager),
    });
    await this.consumers.start({
      ...STATISTICS_NOTIFICATIONS_CONSUMER,
      ...batch,
      contracts: NOTIFICATIONS_EVENTS,
      handles: COUNTED_EVENTS.notifications,
      handler: (envelope, manager) => this.facts.applyNotificationsEvent(envelope, manager),
    });
  }
}
