import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { CASE_COPY_EVENTS, CaseCopy as IntakeCaseCopy, CaseCopyChange, CaseCopyProjector } from '@opis/case-copy';
import { EventContract, EventEnvelope } from '@opis/contracts-envelope';
import { MemberFlaggedV1, memberFlaggedV1, MemberLocatedV1, memberLocatedV1, MemberVerifiedV1, memberVerifiedV1 } from '@opis/contracts-family-contact';
import { CaseRegistered, CaseTransferredV1, CaseUpdatedV1 } from '@opis/contracts-intake';
import {
  BestInterestsRecordedV1,
  bestInterestsRecordedV1,
  ChildInformedV1,
  childInformedV1,
  LockChangedV1,
  lockChangedV1,
  ProcedureChangedV1,
  procedureChangedV1,
  PROTECTION_LOCK_STATUSES,
  ProtectionChangedV1,
  protectionChangedV1,
} from '@opis/contracts-legal-status';
import { OPEN_PLAN_STATUSES, PlanStatus } from '@opis/contracts-repatriation';
import { AuditTrail } from '@opis/platform';

import { PlanAbortService } from '../plans/plan-abort.service';
import { PlanRepository } from '../plans/plan.repository';
import { CopiesRepository, ProcedureCopy } from './copies.repository';

export const COPIES_ACTOR = { subject: 'repatriation-consumer', roles: [] };

const SERVICE_ACTOR = { kind: 'service', id: 'repatriation' } as const;

/** LM-06, DOMAIN.md 4.5 a: what a return plan stands on. */
function resolvedForReturn(procedure: ProcedureCopy): boolean {
  return procedure.status === 'RESOLVED' && procedure.resolution === 'ASSISTED_RETURN_APPROVED';
}

/**
 * The procedure an event leaves, with the time legal-status resolved it: the event's own time when
 * the PAM becomes RESOLVED (or changes its resolution), the held time when it stays resolved as
 * before, and none (unknown) when it stays resolved as a copy never saw it resolve. A time is never
 * guessed later than it was: a return stands only on a resolution after the case's last abort
 * (INV-01, GD-08), so an unknown time holds a case with an abort back.
 */
export function procedureOf({ data, occurredAt }: EventEnvelope<ProcedureChangedV1>, held: ProcedureCopy | null): ProcedureCopy {
  const procedure = { status: data.status, resolution: data.resolution ?? null };
  if (data.status !== 'RESOLVED') return { ...procedure, resolvedAt: null };
  if (data.previousStatus !== 'RESOLVED') return { ...procedure, resolvedAt: new Date(occurredAt) };
  if (held?.status !== 'RESOLVED') return { ...procedure, resolvedAt: null };
  return { ...procedure, resolvedAt: held.resolution === procedure.resolution ? held.resolvedAt : new Date(occurredAt) };
}

/** Plans past approval that a lock stops at once (a proposed plan just fails its approval). */
const LOCKABLE: readonly PlanStatus[] = ['APPROVED', 'SCHEDULED', 'IN_TRANSIT'];

/**
 * The events each stream's method applies (the others are taken and ignored): the consumers pass
 * them as `handles`, so an ignored event costs an inbox row and no transaction. copies.service.spec
 * checks that the method ignores every event left out.
 */
export const APPLIED_EVENTS = {
  intake: CASE_COPY_EVENTS,
  legalStatus: [lockChangedV1, protectionChangedV1, procedureChangedV1, bestInterestsRecordedV1, childInformedV1],
  familyContact: [memberLocatedV1, memberVerifiedV1, memberFlaggedV1],
} as const satisfies Record<string, readonly EventContract[]>;

/**
 * Keeps repatriation's copies of intake's cases (@opis/case-copy), legal-status's lock, procedure,
 * best interests and informing, and family-contact's members. Runs inside each consumer's transaction;
 * the consumer applies each stream's events of a case once and in caseVersion order, and an older
 * legal-status fact never undoes a newer one here either (each keeps the version it came from).
 */
@Injectable()
export class CopiesService {
  private readonly cases: CaseCopyProjector;

  constructor(
    private readonly copies: CopiesRepository,
    private readonly plans: PlanRepository,
    private readonly aborts: PlanAbortService,
    private readonly audit: AuditTrail,
  ) {
    this.cases = new CaseCopyProjector(copies.copies, {
      open: (manager, copy, envelope) => this.openCase(manager, copy, envelope),
      corrected: (manager, change) => this.corrected(manager, change),
      transferred: (manager, change) => this.transferred(manager, change),
    });
  }

  public async applyIntakeEvent(envelope: EventEnvelope, manager: EntityManager): Promise<void> {
    await this.cases.apply(manager, envelope);
  }

  private async openCase(manager: EntityManager, copy: IntakeCaseCopy, envelope: EventEnvelope<CaseRegistered>): Promise<boolean> {
    const { data } = envelope;
    return this.copies.insertCase(manager, {
      ...copy,
      entryPath: data.entryPath,
      protectionNeedIndicated: data.screening.protectionNeedIndicated,
      traffickingIndicated: data.screening.traffickingIndicators,
      detectedAt: new Date(data.detectedAt),
    });
  }

  /** Intake's screening flags: a need holds a return until legal-status has spoken (INV-01); trafficking adds RP-09's checklist. */
  private async corrected(manager: EntityManager, { envelope }: CaseCopyChange<CaseUpdatedV1>): Promise<void> {
    const { screening } = envelope.data;
    await this.copies.updateScreening(manager, envelope.caseId, { protectionNeedIndicated: screening.protectionNeedIndicated, traffickingIndicated: screening.traffickingIndicators });
  }

  /** The case's open plans move with it to the receiving office. */
  private async transferred(manager: EntityManager, { before, after }: CaseCopyChange<CaseTransferredV1>): Promise<void> {
    if (before.officeCode === after.officeCode) return;
    await this.plans.moveOffice(manager, after.caseId, after.officeCode);
    await this.audit.record(
      { actor: COPIES_ACTOR, action: 'repatriation.case.transfer', caseId: after.caseId, officeCode: after.officeCode, outcome: 'allowed' },
      manager,
    );
  }

  /** Legal-status's events; each fact keeps the legal-status caseVersion it came from. */
  public async applyLegalEvent(envelope: EventEnvelope, manager: EntityManager): Promise<void> {
    switch (envelope.type) {
      case 'legal.lock.changed': {
        const data = (envelope as EventEnvelope<LockChangedV1>).data;
        const applied = await this.copies.applyLock(manager, envelope.caseId, envelope.caseVersion, {
          returnLocked: data.returnLocked,
          reasons: data.reasons,
          biRecommendsReturn: data.bestInterestsRecommendsReturn,
        });
        if (applied && data.returnLocked) await this.abortOnLock(manager, envelope);
        return;
      }
      case 'legal.protection.changed': {
        const data = (envelope as EventEnvelope<ProtectionChangedV1>).data;
        await this.copies.applyProtection(manager, envelope.caseId, envelope.caseVersion, data.status);
        if (data.protectionClaimed || PROTECTION_LOCK_STATUSES.includes(data.status)) await this.abortOnLock(manager, envelope);
        return;
      }
      case 'legal.procedure.changed': {
        const data = (envelope as EventEnvelope<ProcedureChangedV1>).data;
        const { applied, before, now } = await this.copies.applyProcedure(manager, envelope.caseId, envelope.caseVersion, (held) =>
          procedureOf(envelope as EventEnvelope<ProcedureChangedV1>, held),
        );
        // Only a procedure that leaves the resolution aborts: an older step applied late (a
        // consumer behind a plan proposed on legal-status's live answer) never does. Without a
        // copy (events taken before repatriation kept one), the previous status tells.
        const wasResolved = before ? resolvedForReturn(before) : data.previousStatus === 'RESOLVED';
        if (applied && wasResolved && !resolvedForReturn(now)) {
          await this.aborts.abortOpenPlans(manager, envelope.caseId, OPEN_PLAN_STATUSES, 'PROCEDURE_REOPENED', SERVICE_ACTOR, envelope.correlationId);
        }
        return;
      }
      case 'legal.best-interests.recorded': {
        const data = (envelope as EventEnvelope<BestInterestsRecordedV1>).data;
        // The Procuraduría's plan decides (RP-01, GD-09); a BIA/BID alone is supporting evidence.
        if (data.recordType !== 'PLAN') return;
        return this.copies.applyBestInterests(manager, envelope.caseId, envelope.caseVersion, data.recommendedMeasure === 'ASSISTED_RETURN');
      }
      case 'legal.child.informed': {
        const data = (envelope as EventEnvelope<ChildInformedV1>).data;
        if (data.topic !== 'RETURN_PROCESS') return;
        return this.copies.applyReturnInformed(manager, envelope.caseId, new Date(data.heldAt));
      }
      default:
        return;
    }
  }

  public async applyFamilyEvent(envelope: EventEnvelope, manager: EntityManager): Promise<void> {
    switch (envelope.type) {
      case 'family.member.located': {
        const data = (envelope as EventEnvelope<MemberLocatedV1>).data;
        return this.copies.applyMember(manager, envelope.caseId, { contactId: data.contactId, relationship: data.relationship, status: 'LOCATED', country: data.country });
      }
      case 'family.member.verified': {
        const data = (envelope as EventEnvelope<MemberVerifiedV1>).data;
        return this.copies.applyMember(manager, envelope.caseId, { contactId: data.contactId, relationship: data.relationship, status: 'VERIFIED', country: null });
      }
      case 'family.member.flagged': {
        const data = (envelope as EventEnvelope<MemberFlaggedV1>).data;
        return this.copies.applyMember(manager, envelope.caseId, { contactId: data.contactId, relationship: data.relationship, status: 'FLAGGED', country: null });
      }
      default:
        return;
    }
  }

  /** INV-01: a lock that appears after approval stops the plan at once; in transit it is urgent. */
  private async abortOnLock(manager: EntityManager, envelope: EventEnvelope): Promise<void> {
    await this.aborts.abortOpenPlans(manager, envelope.caseId, LOCKABLE, 'PROTECTION_LOCK', SERVICE_ACTOR, envelope.correlationId);
  }
}
