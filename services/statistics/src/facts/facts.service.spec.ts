import { EventContract, EventEnvelope } from '@opis/contracts-envelope';
import { FAMILY_CONTACT_EVENTS } from '@opis/contracts-family-contact';
import { INTAKE_EVENTS } from '@opis/contracts-intake';
import { LEGAL_STATUS_EVENTS } from '@opis/contracts-legal-status';
import { NOTIFICATIONS_EVENTS } from '@opis/contracts-notifications';
import { REPATRIATION_EVENTS } from '@opis/contracts-repatriation';
import { eventTypesActedOn, eventTypesOf, recordingStub } from '@opis/testing';
import { EntityManager } from 'typeorm';

import { FactsRepository } from './facts.repository';
import { COUNTED_EVENTS, FactsService } from './facts.service';

describe('COUNTED_EVENTS', () => {
  const manager = {} as EntityManager;
  const streams: Array<[keyof typeof COUNTED_EVENTS, readonly EventContract[], (facts: FactsService, envelope: EventEnvelope) => Promise<void>]> = [
    ['intake', INTAKE_EVENTS, (facts, envelope) => facts.applyIntakeEvent(envelope, manager)],
    ['familyContact', FAMILY_CONTACT_EVENTS, (facts, envelope) => facts.applyFamilyEvent(envelope, manager)],
    ['legalStatus', LEGAL_STATUS_EVENTS, (facts, envelope) => facts.applyLegalEvent(envelope, manager)],
    ['repatriation', REPATRIATION_EVENTS, (facts, envelope) => facts.applyRepatriationEvent(envelope, manager)],
    ['notifications', NOTIFICATIONS_EVENTS, (facts, envelope) => facts.applyNotificationsEvent(envelope, manager)],
  ];

  it.each(streams)('lists exactly the %s events the service counts', async (stream, contracts, apply) => {
    const counted = await eventTypesActedOn(contracts, { rules: [] }, (envelope, calls) =>
      apply(new FactsService(recordingStub<FactsRepository>(calls)), envelope),
    );
    expect(counted).toEqual(eventTypesOf(COUNTED_EVENTS[stream]));
  });
});
