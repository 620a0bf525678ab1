import { EventContract, EventEnvelope, eventType } from '@opis/contracts-envelope';
import { FAMILY_CONTACT_EVENTS } from '@opis/contracts-family-contact';
import { INTAKE_EVENTS } from '@opis/contracts-intake';
import { LEGAL_STATUS_EVENTS } from '@opis/contracts-legal-status';
import { REPATRIATION_EVENTS } from '@opis/contracts-repatriation';
import { EntityManager } from 'typeorm';

import { FactsRepository } from './facts.repository';
import { COUNTED_EVENTS, FactsService } from './facts.service';

/** A repository that only notes that it was called. */
function recordingRepository(calls: string[]): FactsRepository {
  return new Proxy({} as FactsRepository, { get: (_target, method) => async () => void calls.push(String(method)) });
}

function envelopeOf(contract: EventContract): EventEnvelope {
  return {
    id: '0190e0a0-0000-7000-8000-000000000001',
    type: eventType(contract.name),
    version: contract.name.version,
    caseId: '0190e0a0-0000-7000-8000-000000000002',
    officeCode: 'CHP',
    occurredAt: '2026-11-30T10:00:00.000Z',
    data: { rules: [] },
  } as unknown as EventEnvelope;
}

describe('COUNTED_EVENTS', () => {
  const manager = {} as EntityManager;
  const streams: Array<[keyof typeof COUNTED_EVENTS, readonly EventContract[], (facts: FactsService, envelope: EventEnvelope) => Promise<void>]> = [
    ['intake', INTAKE_EVENTS, (facts, envelope) => facts.applyIntakeEvent(envelope, manager, 1)],
    ['familyContact', FAMILY_CONTACT_EVENTS, (facts, envelope) => facts.applyFamilyEvent(envelope, manager)],
    ['legalStatus', LEGAL_STATUS_EVENTS, (facts, envelope) => facts.applyLegalEvent(envelope, manager, 1)],
    ['repatriation', REPATRIATION_EVENTS, (facts, envelope) => facts.applyRepatriationEvent(envelope, manager)],
  ];

  it.each(streams)('lists exactly the %s events the service counts', async (stream, contracts, apply) => {
    const counted: string[] = [];
    for (const contract of contracts) {
      const calls: string[] = [];
      await apply(new FactsService(recordingRepository(calls)), envelopeOf(contract));
      if (calls.length > 0) counted.push(eventType(contract.name));
    }
    expect(counted.sort()).toEqual(COUNTED_EVENTS[stream].map((contract) => eventType(contract.name)).sort());
  });
});
