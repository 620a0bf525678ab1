import { Injectable } from '@nestjs/common';

import { DueProcessItem, InformTopic, ProcedureStatus, RecommendedMeasure } from '@opis/contracts-legal-status';
import { InvalidInputError, isInFuture, notInFutureViolation } from '@opis/platform';

import { BestInterestsRepository } from '../best-interests/best-interests.repository';
import { InformingRepository } from '../informing/informing.repository';
import { LegalErrorCode, LegalRuleViolation } from '../legal.exception';
import { LegalEffects } from '../lock/legal-effects.service';
import { ChildTextCipher } from '../records/child-text.cipher';
import { Caller, LegalAccess } from '../records/legal-access.service';
import { LegalRecordViews } from '../records/legal-record-views.service';
import { LegalRecordRepository } from '../records/legal-record.repository';
import { LegalRecordView } from '../records/legal-record.view';
import { assertCanOpen, assertCanRequestPlan, assertCanResolve, assertCanSeekReview, assertChecklistEntry, assertChecklistOpen } from './procedure-rules';
import { ChecklistEvidenceDto, OpenProcedureDto, ResolveProcedureDto, SeekReviewDto } from './procedure.dto';
import { ProcedureRepository } from './procedure.repository';

export function assertNotFuture(at: Date, field: string): void {
  if (isInFuture(at)) {
    throw new LegalRuleViolation(LegalErrorCode.RECORDED_IN_FUTURE, 'The time recorded is in the future.', undefined, [notInFutureViolation(field)]);
  }
}

/**
 * A time recorded on a case (a decision, a filing, a session): not in the future beyond the clock
 * skew (422), and not before the child was detected, when the case began (400, `notBeforeCase`):
 * nothing in a child's procedure happens before the authorities met the child, so such a time is
 * a typing error (a year in 1970, a day from another case).
 */
export function assertRecordedTime(at: Date, field: string, record: { detectedAt: Date }): void {
  if (at.getTime() < record.detectedAt.getTime()) {
    throw new InvalidInputError([{ field, rule: 'notBeforeCase', message: `${field} must not be before the case began (the child was detected)` }]);
  }
  assertNotFuture(at, field);
}

/** The migration procedure (PAM), DOMAIN.md 4.4 (a). */
@Injectable()
export class ProcedureService {
  constructor(
    private readonly records: LegalRecordRepository,
    private readonly procedures: ProcedureRepository,
    private readonly bestInterests: BestInterestsRepository,
    private readonly informing: InformingRepository,
    private readonly access: LegalAccess,
    private readonly effects: LegalEffects,
    private readonly views: LegalRecordViews,
    private readonly childText: ChildTextCipher,
  ) {}

  private actor(caller: Caller) {
    return { actor: { kind: 'officer' as const, id: caller.principal.subject } };
  }

  public async open(caller: Caller, caseId: string, dto: OpenProcedureDto): Promise<LegalRecordView> {
    return this.access.change(caller, 'procedure.open', caseId, async (manager, record) => {
      const openedAt = dto.openedAt ? new Date(dto.openedAt) : new Date();
      assertRecordedTime(openedAt, 'openedAt', record);
      const status = assertCanOpen(record.procedureStatus as ProcedureStatus, record.procuraduriaNotifiedAt, openedAt);
      // A plan the Procuraduría issued before the PAM opened counts as received.
      const plan = await this.bestInterests.findLatestPlan(manager, caseId);
      await this.records.updateRecord(manager, caseId, { procedureStatus: plan ? 'PLAN_RECEIVED' : status, procedureOpenedAt: openedAt });
      await this.effects.settle(manager, record, this.actor(caller));
      return this.views.viewIn(manager, caseId);
    });
  }

  public async requestPlan(caller: Caller, caseId: string): Promise<LegalRecordView> {
    return this.access.change(caller, 'procedure.request-plan', caseId, async (manager, record) => {
      await this.records.updateRecord(manager, caseId, { procedureStatus: assertCanRequestPlan(record.procedureStatus as ProcedureStatus) });
      await this.effects.settle(manager, record, this.actor(caller));
      return this.views.viewIn(manager, caseId);
    });
  }

  public async recordChecklistItem(caller: Caller, caseId: string, item: DueProcessItem, dto: ChecklistEvidenceDto): Promise<LegalRecordView> {
    return this.access.change(caller, 'procedure.checklist', caseId, async (manager, record) => {
      const completedAt = new Date(dto.completedAt);
      assertRecordedTime(completedAt, 'completedAt', record);
      assertChecklistOpen(record.procedureStatus as ProcedureStatus);
      const notApplicable = dto.notApplicable === true;
      if (notApplicable && !dto.notApplicableReason) {
        throw new LegalRuleViolation(LegalErrorCode.NOT_APPLICABLE_REFUSED, 'A guarantee marked not applicable needs the reason.', 'GD-04', [
          { field: 'notApplicableReason', rule: 'required', message: 'notApplicableReason is required when notApplicable' },
        ]);
      }
      assertChecklistEntry(item, notApplicable, { speaksSpanish: record.speaksSpanish, consularContactLocked: record.consularLocked });
      await this.procedures.upsertChecklistItem(manager, {
        caseId,
        item,
        completedAt,
        documentReference: dto.documentReference,
        person: dto.person,
        notApplicableReason: notApplicable ? (dto.notApplicableReason ?? null) : null,
        recordedBy: caller.principal.subject,
        recordedAt: new Date(),
      });
      return this.views.viewIn(manager, caseId);
    });
  }

  public async resolve(caller: Caller, caseId: string, dto: ResolveProcedureDto): Promise<LegalRecordView> {
    return this.access.change(caller, 'procedure.resolve', caseId, async (manager, record) => {
      const plan = await this.bestInterests.findLatestPlan(manager, caseId);
      const checklist = await this.procedures.findChecklist(manager, caseId);
      const sessions = await this.informing.findSessions(manager, caseId);
      const duties = await this.informing.findDuties(manager, caseId);
      const outcome = assertCanResolve({
        status: record.procedureStatus as ProcedureStatus,
        resolution: dto.resolution,
        plan: plan ? { recommendedMeasure: plan.recommendedMeasure as RecommendedMeasure, decidedAt: plan.decidedAt } : null,
        reopenedAt: record.procedureReopenedAt,
        checklist: new Set(checklist.map((entry) => entry.item as DueProcessItem)),
        informedTopics: new Set(sessions.map((session) => session.topic as InformTopic)),
        duties: {
          open: new Set(duties.filter((duty) => duty.dischargedAt === null).map((duty) => duty.topic as InformTopic)),
          ever: new Set(duties.map((duty) => duty.topic as InformTopic)),
        },
        returnLocked: record.returnLocked,
        override: dto.override ? { reason: dto.override.reason, roles: caller.principal.roles } : undefined,
        impactAssessment: dto.impactAssessment,
      });
      const now = new Date();
      await this.records.updateRecord(manager, caseId, {
        procedureStatus: outcome.status,
        procedureResolution: outcome.resolution,
        procedureResolvedAt: now,
        procedureOverrideReason: outcome.overridden ? (dto.override?.reason ?? null) : null,
        procedureOverrideBy: outcome.overridden ? caller.principal.subject : null,
        ...(outcome.stayStatus ? { stayStatus: outcome.stayStatus } : {}),
        procedureImpactAssessment: this.childText.seal('legal_record.procedure_impact_assessment', caseId, dto.impactAssessment as string),
        procedurePlanId: plan?.id ?? null,
      });
      await this.effects.settle(manager, record, this.actor(caller));
      return this.views.viewIn(manager, caseId);
    });
  }

  public async seekReview(caller: Caller, caseId: string, dto: SeekReviewDto): Promise<LegalRecordView> {
    return this.access.change(caller, 'procedure.review', caseId, async (manager, record) => {
      assertRecordedTime(new Date(dto.filedAt), 'filedAt', record);
      await this.records.updateRecord(manager, caseId, {
        procedureStatus: assertCanSeekReview(record.procedureStatus as ProcedureStatus),
        procedureReviewKind: dto.kind,
      });
      await this.effects.settle(manager, record, this.actor(caller));
      return this.views.viewIn(manager, caseId);
    });
  }
}
