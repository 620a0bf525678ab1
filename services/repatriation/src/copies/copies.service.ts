import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { EventContract, EventEnvelope, OfficeCode } from '@opis/contracts-envelope';
import { MemberFlaggedV1, memberFlaggedV1, MemberLocatedV1, memberLocatedV1, MemberVerifiedV1, memberVerifiedV1 } from '@opis/contracts-family-contact';
import { CaseRegisteredV1, caseRegisteredV1, CaseTransferredV1, caseTransferredV1, CaseUpdatedV1, caseUpdatedV1 } from '@opis/contracts-intake';
import {
  BestInterestsRecordedV1,
  bestInterestsRecordedV1,
  ChildInformedV1,
  childInformedV1,
  LockChangedV1,
  lockChangedV1,
  PROTECTION_LOCK_STATUSES,
  ProtectionChangedV1,
  protectionChangedV1,
} from '@opis/contracts-legal-status';
import { PlanStatus } from '@opis/contracts-repatriation';
import { AuditTrail } from '@opis/platform';

import { PlanService } from '../plans/plan.service';
import { CopiesRepository } from './copies.repository';

export const COPIES_ACTOR = { subject: 'repatriation-consumer', roles: [] };

/** Plans past approval that a lock stops at once (a proposed plan just fails its approval). */
const LOCKABLE: readonly PlanStatus[] = ['APPROVED', 'SCHEDULED', 'IN_TRANSIT'];

/**
 * The events each stream's method applies (the others are taken and ignored): the consumers pass
 * them as `handles`, so an ignored event costs an inbox row and no transaction. copies.service.spec
 * checks that the method ignores every event left out.
 */
export const APPLIED_EVENTS = {
  intake: [caseRegisteredV1, caseUpdatedV1, caseTransferredV1],
  legalStatus: [lockChangedV1, protectionChangedV1, bestInterestsRecordedV1, childInformedV1],
  familyContact: [memberLocatedV1, memberVerifiedV1, memberFlaggedV1],
} as const satisfies Record<string, readonly EventContract[]>;

/**
 * Keeps repatriation's copies of intake's cases, legal-status's lock, best interests and informing,
 * and family-contact's members. Runs inside each consumer's transaction; redelivery changes nothing
 * (inbox), and an older event retried after a nak never undoes a newer one (stream sequence).
 */
@Injectable()
export class CopiesService {
  constructor(
    private readonly copies: CopiesRepository,
    private readonly plans: PlanService,
    private readonly audit: AuditTrail,
  ) {}

  public async applyIntakeEvent(envelope: EventEnvelope, manager: EntityManager): Promise<void> {
    switch (envelope.type) {
      case 'intake.case.registered': {
        const data = (envelope as EventEnvelope<CaseRegisteredV1>).data;
        return this.copies.insertCase(manager, {
          caseId: envelope.caseId,
          officeCode: envelope.officeCode,
          entryPath: data.entryPath,
          ageBand: data.ageBand,
          sex: data.sex,
          nationality: data.nationality,
          accompaniment: data.accompaniment,
          protectionNeedIndicated: data.screening.protectionNeedIndicated,
        });
      }
      case 'intake.case.updated': {
        const data = (envelope as EventEnvelope<CaseUpdatedV1>).data;
        await this.mustHaveCase(manager, envelope);
        return this.copies.updateCase(manager, envelope.caseId, {
          ageBand: data.ageBand,
          sex: data.sex,
          nationality: data.nationality,
          accompaniment: data.accompaniment,
          protectionNeedIndicated: data.screening.protectionNeedIndicated,
        });
      }
      case 'intake.case.transferred': {
        const data = (envelope as EventEnvelope<CaseTransferredV1>).data;
        const copy = await this.mustHaveCase(manager, envelope);
        if (copy.officeCode === data.toOffice) return;
        await this.copies.updateCase(manager, envelope.caseId, { officeCode: data.toOffice });
        await this.plans.moveOffice(manager, envelope.caseId, data.toOffice);
        await this.audit.record(
          { actor: COPIES_ACTOR, action: 'repatriation.case.transfer', caseId: envelope.caseId, officeCode: data.toOffice as OfficeCode, outcome: 'allowed' },
          manager,
        );
        return;
      }
      default:
        return;
    }
  }

  public async applyLegalEvent(envelope: EventEnvelope, manager: EntityManager, streamSequence: number): Promise<void> {
    switch (envelope.type) {
      case 'legal.lock.changed': {
        const data = (envelope as EventEnvelope<LockChangedV1>).data;
        const applied = await this.copies.applyLock(manager, envelope.caseId, streamSequence, {
          returnLocked: data.returnLocked,
          reasons: data.reasons,
          biRecommendsReturn: data.bestInterestsRecommendsReturn,
        });
        if (applied && data.returnLocked) await this.abortOnLock(manager, envelope);
        return;
      }
      case 'legal.protection.changed': {
        const data = (envelope as EventEnvelope<ProtectionChangedV1>).data;
        await this.copies.applyProtection(manager, envelope.caseId, streamSequence, data.status);
        if (data.protectionClaimed || PROTECTION_LOCK_STATUSES.includes(data.status)) await this.abortOnLock(manager, envelope);
        return;
      }
      case 'legal.best-interests.recorded': {
        const data = (envelope as EventEnvelope<BestInterestsRecordedV1>).data;
        // The Procuraduría's plan decides (RP-01, GD-09); a BIA/BID alone is supporting evidence.
        if (data.recordType !== 'PLAN') return;
        return this.copies.applyBestInterests(manager, envelope.caseId, streamSequence, data.recommendedMeasure === 'ASSISTED_RETURN');
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
        return this.copies.applyMember(manager, envelope.caseId, { contactId: data.contactId, relationship: data.relationship, status: 'LOCATED' });
      }
      case 'family.member.verified': {
        const data = (envelope as EventEnvelope<MemberVerifiedV1>).data;
        return this.copies.applyMember(manager, envelope.caseId, { contactId: data.contactId, relationship: data.relationship, status: 'VERIFIED' });
      }
      case 'family.member.flagged': {
        const data = (envelope as EventEnvelope<MemberFlaggedV1>).data;
        return this.copies.applyMember(manager, envelope.caseId, { contactId: data.contactId, relationship: data.relationship, status: 'FLAGGED' });
      }
      default:
        return;
    }
  }

  /** INV-01: a lock that appears after approval stops the plan at once; in transit it is urgent. */
  private async abortOnLock(manager: EntityManager, envelope: EventEnvelope): Promise<void> {
    await this.plans.abortOpenPlans(manager, envelope.caseId, LOCKABLE, 'PROTECTION_LOCK', { kind: 'service', id: 'repatriation' }, envelope.correlationId);
  }

  private async mustHaveCase(manager: EntityManager, envelope: EventEnvelope) {
    const copy = await this.copies.findCase(manager, envelope.caseId, { lock: true });
    // Thrown as a plain error: the consumer naks and retries until the registration is applied.
    if (!copy) throw new Error(`${envelope.type} for case ${envelope.caseId} arrived before its registration; retrying`);
    return copy;
  }
}
