import { Injectable, OnApplicationBootstrap } from '@nestjs/common';

import { CARE_EVENTS } from '@opis/contracts-care';
import { FAMILY_CONTACT_EVENTS } from '@opis/contracts-family-contact';
import { REPATRIATION_EVENTS } from '@opis/contracts-repatriation';
import { EventConsumerFactory } from '@opis/messaging';

import { LEGAL_STATUS_CARE_CONCERNS_CONSUMER, LEGAL_STATUS_FAMILY_CONTACT_CONCERNS_CONSUMER, LEGAL_STATUS_REPATRIATION_ABORTS_CONSUMER } from '@opis/platform-services';
import { CONCERN_EVENTS, ProtectionConcernService } from './protection-concerns.service';

/**
 * Adapters from care's, family-contact's and repatriation's streams to the concerns: every
 * contract of each stream is passed so that none is dead-lettered as unknown; only the ones that
 * can carry a concern or an abort reach the service.
 */
@Injectable()
export class ConcernEventsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumerFactory,
    private readonly concerns: ProtectionConcernService,
  ) {}

  public async onApplicationBootstrap(): Promise<void> {
    const handler = this.concerns.applyEvent.bind(this.concerns);
    await this.consumers.startForOffices({ ...LEGAL_STATUS_CARE_CONCERNS_CONSUMER, contracts: CARE_EVENTS, handles: CONCERN_EVENTS.care, handler });
    await this.consumers.startForOffices({ ...LEGAL_STATUS_FAMILY_CONTACT_CONCERNS_CONSUMER, contracts: FAMILY_CONTACT_EVENTS, handles: CONCERN_EVENTS.familyContact, handler });
    await this.consumers.startForOffices({ ...LEGAL_STATUS_REPATRIATION_ABORTS_CONSUMER, contracts: REPATRIATION_EVENTS, handles: CONCERN_EVENTS.repatriation, handler });
  }
}
