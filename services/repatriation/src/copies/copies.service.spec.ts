import { CaseCopyStore } from '@opis/case-copy';
import { EventContract, EventEnvelope } from '@opis/contracts-envelope';
import { FAMILY_CONTACT_EVENTS } from '@opis/contracts-family-contact';
import { INTAKE_EVENTS } from '@opis/contracts-intake';
import { LEGAL_STATUS_EVENTS } from '@opis/contracts-legal-status';
import { AuditTrail } from '@opis/platform';
import { eventTypesActedOn, eventTypesOf, recordingStub } from '@opis/testing';
import { EntityManager } from 'typeorm';

import { PlanService } from '../plans/plan.service';
import { CopiesRepository } from './copies.repository';
import { APPLIED_EVENTS, CopiesService } from './copies.service';

/** Data under which every applied event changes a copy (a plan, a return-process session, ...). */
const ACTING_DATA = { recordType: 'PLAN', topic: 'RETURN_PROCESS', heldAt: '2026-11-30T10:00:00.000Z', reasons: [], toOffice: 'TAB', screening: {} };

/** The repository, its case copy's common columns included (the projector's store), noting every call. */
function repositoryStub(calls: string[]): CopiesRepository {
  const copies = recordingStub<CaseCopyStore>(calls);
  const repository = recordingStub<CopiesRepository>(calls);
  return new Proxy(repository, { get: (target, property) => (property === 'copies' ? copies : Reflect.get(target, property)) });
}

describe('APPLIED_EVENTS', () => {
  const manager = {} as EntityManager;
  const streams: Array<[keyof typeof APPLIED_EVENTS, readonly EventContract[], (copies: CopiesService, envelope: EventEnvelope) => Promise<void>]> = [
    ['intake', INTAKE_EVENTS, (copies, envelope) => copies.applyIntakeEvent(envelope, manager)],
    ['legalStatus', LEGAL_STATUS_EVENTS, (copies, envelope) => copies.applyLegalEvent(envelope, manager)],
    ['familyContact', FAMILY_CONTACT_EVENTS, (copies, envelope) => copies.applyFamilyEvent(envelope, manager)],
  ];

  it.each(streams)('lists exactly the %s events the service applies', async (stream, contracts, apply) => {
    const applied = await eventTypesActedOn(contracts, ACTING_DATA, (envelope, calls) =>
      apply(new CopiesService(repositoryStub(calls), recordingStub<PlanService>(calls), recordingStub<AuditTrail>(calls)), envelope),
    );
    expect(applied).toEqual(eventTypesOf(APPLIED_EVENTS[stream]));
  });
});
