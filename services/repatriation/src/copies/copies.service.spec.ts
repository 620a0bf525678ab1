import { EventContract, EventEnvelope, eventType } from '@opis/contracts-envelope';
import { FAMILY_CONTACT_EVENTS } from '@opis/contracts-family-contact';
import { INTAKE_EVENTS } from '@opis/contracts-intake';
import { LEGAL_STATUS_EVENTS } from '@opis/contracts-legal-status';
import { AuditTrail } from '@opis/platform';
import { EntityManager } from 'typeorm';

import { PlanService } from '../plans/plan.service';
import { CopiesRepository } from './copies.repository';
import { APPLIED_EVENTS, CopiesService } from './copies.service';

/** A collaborator that notes that it was called, and finds whatever it is asked for. */
function recording<T extends object>(calls: string[]): T {
  return new Proxy({} as T, {
    get: (_target, method) => async () => {
      calls.push(String(method));
      return {};
    },
  });
}

/** Data under which every applied event changes a copy (a plan, a return-process session, ...). */
function envelopeOf(contract: EventContract): EventEnvelope {
  return {
    id: '0190e0a0-0000-7000-8000-000000000001',
    type: eventType(contract.name),
    version: contract.name.version,
    caseId: '0190e0a0-0000-7000-8000-000000000002',
    officeCode: 'CHP',
    occurredAt: '2026-11-30T10:00:00.000Z',
    data: { recordType: 'PLAN', topic: 'RETURN_PROCESS', heldAt: '2026-11-30T10:00:00.000Z', reasons: [], toOffice: 'TAB', screening: {} },
  } as unknown as EventEnvelope;
}

describe('APPLIED_EVENTS', () => {
  const manager = {} as EntityManager;
  const streams: Array<[keyof typeof APPLIED_EVENTS, readonly EventContract[], (copies: CopiesService, envelope: EventEnvelope) => Promise<void>]> = [
    ['intake', INTAKE_EVENTS, (copies, envelope) => copies.applyIntakeEvent(envelope, manager)],
    ['legalStatus', LEGAL_STATUS_EVENTS, (copies, envelope) => copies.applyLegalEvent(envelope, manager, 1)],
    ['familyContact', FAMILY_CONTACT_EVENTS, (copies, envelope) => copies.applyFamilyEvent(envelope, manager)],
  ];

  it.each(streams)('lists exactly the %s events the service applies', async (stream, contracts, apply) => {
    const applied: string[] = [];
    for (const contract of contracts) {
      const calls: string[] = [];
      const copies = new CopiesService(recording<CopiesRepository>(calls), recording<PlanService>(calls), recording<AuditTrail>(calls));
      await apply(copies, envelopeOf(contract));
      if (calls.length > 0) applied.push(eventType(contract.name));
    }
    expect(applied.sort()).toEqual(APPLIED_EVENTS[stream].map((contract) => eventType(contract.name)).sort());
  });
});
