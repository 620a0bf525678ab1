import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { EventActor, OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import {
  InformTopic,
  lockChangedV1,
  ProcedureResolution,
  procedureChangedV1,
  ProcedureStatus,
  protectionChangedV1,
  protectionClaimedIn,
  ProtectionStatus,
  RecommendedMeasure,
  StayStatus,
} from '@opis/contracts-legal-status';
import { OutboxWriter } from '@opis/messaging';

import { BestInterestsRepository } from '../best-interests/best-interests.repository';
import { LegalCalendar } from '../calendar/legal-calendar.service';
import { InformingRepository } from '../informing/informing.repository';
import { LegalStatusConfig } from '../legal-status.config';
import { protectionClock } from '../protection/protection-clock';
import { InformDutyEntity, LegalRecordEntity } from '../records/legal-record.entity';
import { LegalRecordRepository } from '../records/legal-record.repository';
import { computeLock, Lock, sameLock } from './lock-rules';

const MINUTE_MS = 60_000;

export interface EffectContext {
  actor: EventActor;
  correlationId?: string;
}

export function lockOf(record: LegalRecordEntity): Lock {
  return {
    returnLocked: record.returnLocked,
    consularContactLocked: record.consularLocked,
    reasons: record.lockReasons as Lock['reasons'],
    bestInterestsRecommendsReturn: record.biRecommendsReturn,
  };
}

/**
 * What follows any change of a legal record, in the change's transaction: the lock recomputed
 * (and `legal.lock.changed` when it moved), `legal.protection.changed` / `legal.procedure.changed`
 * for the machines, and a duty to inform the child of each status change (LM-16, INV-11).
 */
@Injectable()
export class LegalEffects {
  constructor(
    private readonly records: LegalRecordRepository,
    private readonly bestInterests: BestInterestsRepository,
    private readonly informing: InformingRepository,
    private readonly calendar: LegalCalendar,
    private readonly outbox: OutboxWriter,
    private readonly config: LegalStatusConfig,
  ) {}

  public async settle(manager: EntityManager, before: LegalRecordEntity, context: EffectContext): Promise<LegalRecordEntity> {
    const now = new Date();
    let after = await this.mustFind(manager, before.caseId);
    const event = { caseId: after.caseId, officeCode: after.officeCode as OfficeCode, actor: context.actor, correlationId: context.correlationId, occurredAt: now };

    if (after.procedureStatus !== before.procedureStatus) {
      await this.outbox.appendEvent(manager, procedureChangedV1, {
        ...event,
        data: {
          status: after.procedureStatus as ProcedureStatus,
          previousStatus: before.procedureStatus as ProcedureStatus,
          ...(after.procedureResolution ? { resolution: after.procedureResolution as ProcedureResolution } : {}),
          ...(after.procedureOverrideBy ? { overridden: true } : {}),
          stayStatus: after.stayStatus as StayStatus,
        },
      });
      const topic: InformTopic = after.procedureResolution === 'ASSISTED_RETURN_APPROVED' ? 'RETURN_PROCESS' : 'MIGRATION_PROCEDURE';
      await this.openDuty(manager, after.caseId, topic, `PROCEDURE_${after.procedureStatus}`, now);
    }

    const protectionMoved = after.protectionStatus !== before.protectionStatus;
    const fearMoved = (after.fearOfReturnAt === null) !== (before.fearOfReturnAt === null);
    if (protectionMoved || fearMoved || after.extensionGrantedAt?.getTime() !== before.extensionGrantedAt?.getTime()) {
      const clock = protectionClock(after, await this.calendar.load(manager), this.config);
      await this.outbox.appendEvent(manager, protectionChangedV1, {
        ...event,
        data: {
          protectionClaimed: protectionClaimedIn(after.protectionStatus as ProtectionStatus),
          status: after.protectionStatus as ProtectionStatus,
          previousStatus: before.protectionStatus as ProtectionStatus,
          ...(clock.decisionDueDate ? { decisionDueDate: clock.decisionDueDate } : {}),
          ...(clock.appealWindowEndsDate ? { appealWindowEndsDate: clock.appealWindowEndsDate } : {}),
          fearOfReturn: after.fearOfReturnAt !== null,
        },
      });
      if (protectionMoved) await this.openDuty(manager, after.caseId, 'RIGHTS', `PROTECTION_${after.protectionStatus}`, now);
    }

    const plan = await this.bestInterests.findLatestPlan(manager, after.caseId);
    const lock = computeLock({
      protectionStatus: after.protectionStatus as ProtectionStatus,
      fearOfReturn: after.fearOfReturnAt !== null,
      protectionEndedAt: after.protectionEndedAt,
      latestPlan: plan?.recommendedMeasure ? { recommendedMeasure: plan.recommendedMeasure as RecommendedMeasure, decidedAt: plan.decidedAt } : null,
    });
    const lockMoved = !sameLock(lock, lockOf(after));
    if (lockMoved || protectionMoved || fearMoved) {
      await this.records.updateRecord(manager, after.caseId, {
        returnLocked: lock.returnLocked,
        consularLocked: lock.consularContactLocked,
        lockReasons: lock.reasons,
        biRecommendsReturn: lock.bestInterestsRecommendsReturn,
        statusAsOf: now,
      });
      after = await this.mustFind(manager, after.caseId);
    }
    if (lockMoved) await this.outbox.appendEvent(manager, lockChangedV1, { ...event, data: lock });
    return after;
  }

  /** A duty to tell the child about a change, due INFORM_DEADLINE_MINUTES later; one open per topic. */
  public async openDuty(manager: EntityManager, caseId: string, topic: InformTopic, cause: string, now: Date): Promise<void> {
    await this.informing.openDutyIfNone(manager, this.dutyFor(caseId, topic, cause, now));
  }

  /** A new duty to inform the child, due INFORM_DEADLINE_MINUTES after `now`. */
  public dutyFor(caseId: string, topic: InformTopic, cause: string, now: Date): InformDutyEntity {
    return {
      id: uuidv7(),
      caseId,
      topic,
      cause,
      openedAt: now,
      dueAt: new Date(now.getTime() + this.config.INFORM_DEADLINE_MINUTES * MINUTE_MS),
      dischargedAt: null,
      sessionId: null,
      overdueRaisedAt: null,
    };
  }

  private async mustFind(manager: EntityManager, caseId: string): Promise<LegalRecordEntity> {
    const record = await this.records.findRecord(manager, caseId);
    if (!record) throw new Error(`legal record ${caseId} vanished inside its own transaction`);
    return record;
  }
}
