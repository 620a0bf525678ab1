import { Injectable, OnApplicationBootstrap } from '@nestjs/common';

import { EventContract } from '@opis/contracts-envelope';
import { CARE_EVENTS } from '@opis/contracts-care';
import { FAMILY_CONTACT_EVENTS } from '@opis/contracts-family-contact';
import { INTAKE_EVENTS } from '@opis/contracts-intake';
import { LEGAL_STATUS_EVENTS } from '@opis/contracts-legal-status';
import { REPATRIATION_EVENTS } from '@opis/contracts-repatriation';
import { ConsumerSpec, EventConsumerFactory } from '@opis/messaging';

import { CASE_DIRECTORY_CONTRACTS } from '../cases/case-directory';
import {
  NOTIFICATIONS_CARE_CONSUMER,
  NOTIFICATIONS_FAMILY_CONTACT_CONSUMER,
  NOTIFICATIONS_INTAKE_CONSUMER,
  NOTIFICATIONS_LEGAL_STATUS_CONSUMER,
  NOTIFICATIONS_REPATRIATION_CONSUMER,
} from '@opis/platform-services';
import { TaskEngine } from '../tasks/task-engine';
import { TRIGGER_CONTRACTS } from './trigger-catalog';

/**
 * Adapters from the producers' streams to the task engine: every contract of each stream is
 * passed so that no event is dead-lettered as unknown; only those that open, clear or address a
 * task reach the engine. The task and the inbox row commit together, once per event.
 */
@Injectable()
export class TriggerEventsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumerFactory,
    private readonly engine: TaskEngine,
  ) {}

  public async onApplicationBootstrap(): Promise<void> {
    const directory = CASE_DIRECTORY_CONTRACTS as readonly EventContract[];
    await this.start(NOTIFICATIONS_INTAKE_CONSUMER, INTAKE_EVENTS, [...TRIGGER_CONTRACTS.intake, ...directory.filter((c) => c.name.service === 'intake')]);
    await this.start(NOTIFICATIONS_CARE_CONSUMER, CARE_EVENTS, [...TRIGGER_CONTRACTS.care, ...directory.filter((c) => c.name.service === 'care')]);
    await this.start(NOTIFICATIONS_FAMILY_CONTACT_CONSUMER, FAMILY_CONTACT_EVENTS, TRIGGER_CONTRACTS.familyContact);
    await this.start(NOTIFICATIONS_LEGAL_STATUS_CONSUMER, LEGAL_STATUS_EVENTS, TRIGGER_CONTRACTS.legalStatus);
    await this.start(NOTIFICATIONS_REPATRIATION_CONSUMER, REPATRIATION_EVENTS, TRIGGER_CONTRACTS.repatriation);
  }

  private async start(spec: ConsumerSpec, contracts: readonly EventContract[], handles: readonly EventContract[]): Promise<void> {
    await this.consumers.startForOffices({
      ...spec,
      contracts,
      handles,
      handler: (envelope, manager) => this.engine.applyEvent(envelope, manager),
      maxDeliver: 8,
      nakDelayMs: 500,
      batchSize: 64,
    });
  }
}
