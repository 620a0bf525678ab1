import { CaseCopyStore } from '@opis/case-copy';
import { EventContract, EventEnvelope } from '@opis/contracts-envelope';
import { FAMILY_CONTACT_EVENTS } from '@opis/contracts-family-contact';
import { INTAKE_EVENTS } from '@opis/contracts-intake';
import { LEGAL_STATUS_EVENTS, ProcedureChangedV1 } from '@opis/contracts-legal-status';
import { AuditTrail } from '@opis/platform';
import { eventTypesActedOn, eventTypesOf, recordingStub } from '@opis/testing';
import { EntityManager } from 'typeorm';

import { PlanAbortService } from '../plans/plan-abort.service';
import { PlanRepository } from '../plans/plan.repository';
import { CopiesRepository } from './copies.repository';
import { APPLIED_EVENTS, CopiesService, procedureOf } from './copies.service';

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
      apply(new CopiesService(repositoryStub(calls), recordingStub<PlanRepository>(calls), recordingStub<PlanAbortService>(calls), recordingStub<AuditTrail>(calls)), envelope),
    );
    expect(applied).toEqual(eventTypesOf(APPLIED_EVENTS[stream]));
  });
});

describe('procedureOf: when legal-status resolved the PAM (INV-01, GD-08)', () => {
  const at = '2026-12-01T10:00:00.000Z';
  const earlier = new Date('2026-11-20T10:00:00.000Z');
  const event = (data: Partial<ProcedureChangedV1>) =>
    ({ occurredAt: at, data: { status: 'RESOLVED', previousStatus: 'PLAN_RECEIVED', resolution: 'ASSISTED_RETURN_APPROVED', stayStatus: 'VRH_CAUTELAR', ...data } }) as EventEnvelope<ProcedureChangedV1>;
  const held = { status: 'RESOLVED', resolution: 'ASSISTED_RETURN_APPROVED', resolvedAt: earlier };

  it('dates a resolution by its event when the PAM becomes resolved, or changes its resolution', () => {
    expect(procedureOf(event({}), held).resolvedAt).toEqual(new Date(at));
    expect(procedureOf(event({}), null).resolvedAt).toEqual(new Date(at));
    expect(procedureOf(event({ previousStatus: 'RESOLVED' }), { ...held, resolution: 'REGULARIZED_HUMANITARIAN' }).resolvedAt).toEqual(new Date(at));
  });

  it('keeps the time held while the PAM stays resolved, and never guesses one it did not see', () => {
    expect(procedureOf(event({ previousStatus: 'RESOLVED' }), held).resolvedAt).toEqual(earlier);
    expect(procedureOf(event({ previousStatus: 'RESOLVED' }), null).resolvedAt).toBeNull();
    expect(procedureOf(event({ previousStatus: 'RESOLVED' }), { status: 'AWAITING_PLAN', resolution: null, resolvedAt: null }).resolvedAt).toBeNull();
  });

  it('holds no time for a PAM not resolved', () => {
    expect(procedureOf(event({ status: 'AWAITING_PLAN', previousStatus: 'RESOLVED', resolution: undefined }), held)).toEqual({ status: 'AWAITING_PLAN', resolution: null, resolvedAt: null });
  });
});
