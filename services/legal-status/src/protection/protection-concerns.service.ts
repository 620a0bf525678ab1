import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { careIncidentReportedV1 } from '@opis/contracts-care';
import { EventContract, EventEnvelope, OfficeCode } from '@opis/contracts-envelope';
import { childConcernStatedV1, memberFlaggedV1 } from '@opis/contracts-family-contact';
import { ProcedureResolution, ProcedureStatus, ProtectionConcern, ProtectionStatus } from '@opis/contracts-legal-status';
import { planAbortedV1 } from '@opis/contracts-repatriation';
import { AuditTrail } from '@opis/platform';

import { LegalEffects } from '../lock/legal-effects.service';
import { LegalRecordEntity, ProtectionConcernEntity } from '../records/legal-record.entity';
import { LegalRecordRepository } from '../records/legal-record.repository';
import { ConcernDecision, decideConcern, REOPENED_PROCEDURE_STATUS, reportedConcern, sourceOf } from './concern-rules';
import { ProtectionRepository } from './protection.repository';

const SERVICE_ACTOR = { kind: 'service' as const, id: 'legal-status' };

/** The events of each producer that legal-status acts on: the consumers' `handles`. */
export const CONCERN_EVENTS = {
  care: [careIncidentReportedV1],
  familyContact: [memberFlaggedV1, childConcernStatedV1],
  repatriation: [planAbortedV1],
} as const satisfies Record<string, readonly EventContract[]>;

/**
 * Fear of return and protection needs heard by other services (issue 18, INV-01, GD-08), and
 * returns aborted back to re-plan (DOMAIN.md 4.5 a). Runs in the consumer's transaction, which
 * applies each producer's events of a case once and in order. Like every change of fear, need or
 * lock, it decides under the record's row lock, so a move clearance is ordered before or after it.
 */
@Injectable()
export class ProtectionConcernService {
  constructor(
    private readonly records: LegalRecordRepository,
    private readonly protection: ProtectionRepository,
    private readonly effects: LegalEffects,
    private readonly audit: AuditTrail,
  ) {}

  public async applyEvent(envelope: EventEnvelope, manager: EntityManager): Promise<void> {
    const reported = reportedConcern(envelope);
    if (!reported) return;
    // Before the record is looked for: a registration committing meanwhile then sees this concern.
    await this.records.lockCaseKey(manager, envelope.caseId);
    const record = await this.records.findRecord(manager, envelope.caseId, { lock: true });
    const concern: ProtectionConcernEntity = {
      eventId: envelope.id,
      caseId: envelope.caseId,
      sourceService: sourceOf(envelope.type).service,
      sourceEventType: envelope.type,
      reportedBy: envelope.actor.id,
      concern: reported.concern,
      returnAborted: reported.returnAborted,
      reportedAt: reported.reportedAt,
      receivedAt: new Date(),
      appliedAt: null,
      outcomes: null,
    };
    if (!(await this.protection.insertConcern(manager, concern))) return;
    // No record yet: the concern waits for the registration, which applies it (LegalRecordService).
    if (!record) return;
    await this.applyConcern(manager, record, concern, envelope.correlationId);
  }

  /** The concerns reported before the record opened, in the order they were said; in the registration's transaction. */
  public async applyWaiting(manager: EntityManager, caseId: string, correlationId?: string): Promise<void> {
    for (const concern of await this.protection.findWaitingConcerns(manager, caseId)) {
      const record = await this.records.findRecord(manager, caseId, { lock: true });
      if (!record) throw new Error(`legal record ${caseId} vanished inside its own transaction`);
      await this.applyConcern(manager, record, concern, correlationId);
    }
  }

  /**
   * INV-01: intake corrected a child taken for Mexican to a foreign nationality. The concerns heard
   * meanwhile were kept without a lock (NATIONAL_CHILD_NOT_LOCKED); each is applied again as for
   * any foreign child, fear and need alike, in the correction's transaction under the row lock.
   * An abort among them does not reopen the procedure again: that part was applied when it came.
   * The caller settles the lock once for the whole correction.
   */
  public async applyToForeignChild(manager: EntityManager, caseId: string): Promise<void> {
    for (const concern of await this.protection.findConcernsNotLockedAsNational(manager, caseId)) {
      const record = await this.records.findRecord(manager, caseId, { lock: true });
      if (!record) throw new Error(`legal record ${caseId} vanished inside its own transaction`);
      const decision = await this.write(manager, record, { ...concern, returnAborted: false }, new Date());
      const outcomes = ['NATIONALITY_CORRECTED', ...decision.outcomes];
      await this.protection.appendConcernOutcomes(manager, concern.eventId, outcomes);
      await this.auditConcern(manager, record, concern, outcomes);
    }
  }

  private async applyConcern(
    manager: EntityManager,
    record: LegalRecordEntity,
    concern: ProtectionConcernEntity,
    correlationId: string | undefined,
  ): Promise<void> {
    const now = new Date();
    const decision = await this.write(manager, record, concern, now);
    if (decision.fearOfReturn || decision.needIdentified || decision.reopenProcedure) {
      await this.effects.settle(manager, record, { actor: SERVICE_ACTOR, correlationId });
    }
    await this.protection.markConcernApplied(manager, concern.eventId, decision.outcomes, now);
    await this.auditConcern(manager, record, concern, decision.outcomes);
  }

  /** What the concern changes on the record, written; the lock is the caller's to settle. */
  private async write(manager: EntityManager, record: LegalRecordEntity, concern: ProtectionConcernEntity, now: Date): Promise<ConcernDecision> {
    const decision = decideConcern(
      {
        nationality: record.nationality,
        protectionStatus: record.protectionStatus as ProtectionStatus,
        fearOfReturn: record.fearOfReturnAt !== null,
        procedureStatus: record.procedureStatus as ProcedureStatus,
        procedureResolution: record.procedureResolution as ProcedureResolution | null,
        procedureResolvedAt: record.procedureResolvedAt,
      },
      { concern: concern.concern as ProtectionConcern | null, returnAborted: concern.returnAborted, reportedAt: concern.reportedAt },
    );
    const changes: Partial<LegalRecordEntity> = {
      ...(decision.fearOfReturn ? { fearOfReturnAt: concern.reportedAt } : {}),
      ...(decision.needIdentified ? { protectionStatus: 'NEED_IDENTIFIED', needIdentifiedAt: now, needSource: sourceOf(concern.sourceEventType).source } : {}),
      ...(decision.reopenProcedure
        ? {
            procedureStatus: REOPENED_PROCEDURE_STATUS,
            procedureResolution: null,
            procedureResolvedAt: null,
            procedureOverrideReason: null,
            procedureOverrideBy: null,
            procedureReviewKind: null,
            procedureImpactAssessment: null,
            procedurePlanId: null,
            procedureReopenedAt: now,
            procedureReopenCause: 'RETURN_ABORTED',
          }
        : {}),
    };
    if (Object.keys(changes).length > 0) await this.records.updateRecord(manager, record.caseId, changes);
    return decision;
  }

  private async auditConcern(manager: EntityManager, record: LegalRecordEntity, concern: ProtectionConcernEntity, outcomes: readonly string[]): Promise<void> {
    await this.audit.record(
      {
        actor: { subject: `${concern.sourceService}:${concern.reportedBy}`, roles: [] },
        action: 'protection.concern',
        caseId: record.caseId,
        officeCode: record.officeCode as OfficeCode,
        outcome: 'allowed',
        reason: [concern.sourceEventType, concern.concern ?? '-', ...outcomes].join(' '),
        requestId: concern.eventId,
      },
      manager,
    );
  }
}
