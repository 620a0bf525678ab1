import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { uuidv7 } from '@opis/contracts-envelope';
import { ProtectionStatus } from '@opis/contracts-legal-status';
import { mexicoCityDate } from '@opis/platform';

import { LegalCalendar } from '../calendar/legal-calendar.service';
import { LegalStatusConfig } from '../legal-status.config';
import { LegalEffects } from '../lock/legal-effects.service';
import { assertRecordedTime } from '../procedure/procedure.service';
import { ChildTextCipher } from '../records/child-text.cipher';
import { Caller, LegalAccess } from '../records/legal-access.service';
import { LegalRecordEntity } from '../records/legal-record.entity';
import { LegalRecordViews } from '../records/legal-record-views.service';
import { LegalRecordRepository } from '../records/legal-record.repository';
import { LegalRecordView } from '../records/legal-record.view';
import { VrhGrounds } from '../vrh/vrh-grounds.service';
import { ResidenceTaskService } from '../residence/residence-task.service';
import { protectionClock } from './protection-clock';
import { AppealDecisionDto, AppealDto, DatedActDto, DecisionDto, FileClaimDto, IdentifyNeedDto, LiftFearDto, WithdrawalDto } from './protection.dto';
import * as rules from './protection-rules';
import { ProtectionRepository } from './protection.repository';

const HOUR_MS = 3_600_000;
const ENDED: readonly string[] = ['FINAL_DENIED', 'WITHDRAWN'];
const GRANTED: readonly string[] = ['RECOGNIZED_REFUGEE', 'COMPLEMENTARY_PROTECTION'];

/** International protection (COMAR), DOMAIN.md 4.4 (b). */
@Injectable()
export class ProtectionService {
  constructor(
    private readonly records: LegalRecordRepository,
    private readonly protection: ProtectionRepository,
    private readonly access: LegalAccess,
    private readonly effects: LegalEffects,
    private readonly calendar: LegalCalendar,
    private readonly views: LegalRecordViews,
    private readonly config: LegalStatusConfig,
    private readonly childText: ChildTextCipher,
    private readonly residence: ResidenceTaskService,
    private readonly vrh: VrhGrounds,
  ) {}

  /** One protection transition: the change, the end/grant bookkeeping, then the lock and events. */
  private transition(
    caller: Caller,
    action: string,
    caseId: string,
    decide: (manager: EntityManager, record: LegalRecordEntity) => Promise<Partial<LegalRecordEntity>>,
  ): Promise<LegalRecordView> {
    return this.access.change(caller, action, caseId, async (manager, record) => {
      const changes = await decide(manager, record);
      const status = changes.protectionStatus ?? record.protectionStatus;
      const now = new Date();
      await this.records.updateRecord(manager, caseId, {
        ...changes,
        ...(ENDED.includes(status) && status !== record.protectionStatus ? { protectionEndedAt: now } : {}),
      });
      // IP-06, LM-17: a positive decision opens the permanent-residence task.
      if (GRANTED.includes(status) && !record.residenceTaskOpenedAt) await this.residence.open(manager, record, caller.principal.subject, now);
      const context = { actor: { kind: 'officer' as const, id: caller.principal.subject } };
      // LM-17 (c): a claimant holds a humanitarian stay until the claim is resolved.
      if (status !== record.protectionStatus && status === 'CLAIM_PENDING') await this.vrh.start(manager, record, 'SOLICITANTE', changes.claimFiledAt ?? now, 'CLAIM', context);
      if (status !== record.protectionStatus && (ENDED.includes(status) || GRANTED.includes(status))) await this.vrh.end(manager, record, 'SOLICITANTE', now, context);
      await this.effects.settle(manager, record, context);
      return this.views.viewIn(manager, caseId);
    });
  }

  public identifyNeed(caller: Caller, caseId: string, dto: IdentifyNeedDto): Promise<LegalRecordView> {
    return this.transition(caller, 'protection.need', caseId, async (_manager, record) => ({
      protectionStatus: rules.identifyNeed(record.protectionStatus as ProtectionStatus),
      needIdentifiedAt: new Date(),
      needSource: dto.source,
    }));
  }

  public fileClaim(caller: Caller, caseId: string, dto: FileClaimDto): Promise<LegalRecordView> {
    return this.transition(caller, 'protection.claim', caseId, async (manager, record) => {
      const filedAt = new Date(dto.filedAt);
      assertRecordedTime(filedAt, 'filedAt', record);
      const calendar = await this.calendar.load(manager);
      const status = rules.fileClaim(record.protectionStatus as ProtectionStatus, {
        representative: dto.representative,
        interpreterId: dto.interpreterId,
        speaksSpanish: record.speaksSpanish,
        workingDaysSinceEntry: calendar.workingDaysBetween(mexicoCityDate(record.detectedAt), mexicoCityDate(filedAt)),
        filingTermWorkingDays: this.config.CLAIM_FILING_WORKING_DAYS,
        lateFilingJustification: dto.lateFilingJustification,
      });
      return {
        protectionStatus: status,
        claimFiledAt: filedAt,
        claimRepresentative: dto.representative ?? null,
        claimInterpreterId: dto.interpreterId ?? null,
        claimLateJustification: this.childText.sealOptional('legal_record.claim_late_justification', caseId, dto.lateFilingJustification),
        // IP-04: COMAR tells INM within 72 h, so that no return step and no consular contact happen.
        comarNoticeDueAt: new Date(filedAt.getTime() + this.config.COMAR_NOTICE_HOURS * HOUR_MS),
        comarNoticeReceivedAt: null,
        extensionGrantedAt: null,
        decidedAt: null,
        appealKind: null,
        appealFiledAt: null,
      };
    });
  }

  public recordComarNotice(caller: Caller, caseId: string, dto: DatedActDto): Promise<LegalRecordView> {
    return this.transition(caller, 'protection.comar-notice', caseId, async (_manager, record) => {
      assertRecordedTime(new Date(dto.at), 'at', record);
      rules.assertClaimExists(record.protectionStatus as ProtectionStatus, 'record COMAR’s notice');
      return { comarNoticeReceivedAt: new Date(dto.at) };
    });
  }

  public grantExtension(caller: Caller, caseId: string, dto: DatedActDto): Promise<LegalRecordView> {
    return this.transition(caller, 'protection.extension', caseId, async (_manager, record) => {
      assertRecordedTime(new Date(dto.at), 'at', record);
      rules.grantExtension(record.protectionStatus as ProtectionStatus, record.extensionGrantedAt !== null);
      return { extensionGrantedAt: new Date(dto.at) };
    });
  }

  public decide(caller: Caller, caseId: string, dto: DecisionDto): Promise<LegalRecordView> {
    return this.transition(caller, 'protection.decision', caseId, async (_manager, record) => {
      assertRecordedTime(new Date(dto.decidedAt), 'decidedAt', record);
      return { protectionStatus: rules.decide(record.protectionStatus as ProtectionStatus, dto.decision), decidedAt: new Date(dto.decidedAt) };
    });
  }

  public appeal(caller: Caller, caseId: string, dto: AppealDto): Promise<LegalRecordView> {
    return this.transition(caller, 'protection.appeal', caseId, async (_manager, record) => {
      assertRecordedTime(new Date(dto.filedAt), 'filedAt', record);
      return { protectionStatus: rules.appeal(record.protectionStatus as ProtectionStatus), appealKind: dto.kind, appealFiledAt: new Date(dto.filedAt) };
    });
  }

  public decideAppeal(caller: Caller, caseId: string, dto: AppealDecisionDto): Promise<LegalRecordView> {
    return this.transition(caller, 'protection.appeal-decision', caseId, async (_manager, record) => {
      assertRecordedTime(new Date(dto.decidedAt), 'decidedAt', record);
      return { protectionStatus: rules.decideAppeal(record.protectionStatus as ProtectionStatus, dto.outcome) };
    });
  }

  public closeAppealWindow(caller: Caller, caseId: string): Promise<LegalRecordView> {
    return this.transition(caller, 'protection.appeal-window-closed', caseId, async (manager, record) => {
      const clock = protectionClock(record, await this.calendar.load(manager), this.config);
      const today = mexicoCityDate(new Date());
      return {
        protectionStatus: rules.closeAppealWindow(record.protectionStatus as ProtectionStatus, today, clock.appealWindowEndsDate ?? today),
      };
    });
  }

  /**
   * GD-08: a Procuraduría decision, with the child heard, lifts fear of return; the lock is
   * recomputed under the row lock (other reasons stay) and the child is to be told (LM-16).
   * The decision lifts every statement legal-status had received when it was taken, and only if
   * no statement came after it: the child's statements are kept, each weighed by some decision.
   */
  public liftFear(caller: Caller, caseId: string, dto: LiftFearDto): Promise<LegalRecordView> {
    return this.transition(caller, 'protection.fear-lifted', caseId, async (manager, record) => {
      const decidedAt = new Date(dto.decidedAt);
      assertRecordedTime(decidedAt, 'decidedAt', record);
      const lifts = await this.protection.findFearLifts(manager, caseId);
      const standing = rules.standingFear(
        await this.protection.findFearStatements(manager, caseId),
        lifts.map((lift) => lift.decidedAt),
      );
      // A decision lifted fear once under this reference: it weighed what legal-status had then, whatever date it is sent with now.
      const sameDecision = lifts.filter((lift) => lift.decisionReference === dto.decisionReference).map((lift) => lift.decidedAt.getTime());
      rules.assertCanLiftFear({
        fearOfReturnAt: record.fearOfReturnAt,
        standing,
        decidedAt: new Date(Math.min(decidedAt.getTime(), ...sameDecision)),
        childViews: dto.childViews,
        childViewsUnavailableReason: dto.childViewsUnavailableReason,
      });
      const id = uuidv7();
      const now = new Date();
      const stated = [...(record.fearOfReturnAt ? [record.fearOfReturnAt.getTime()] : []), ...standing.map((statement) => statement.statedAt.getTime())];
      await this.protection.insertFearLift(manager, {
        id,
        caseId,
        fearRecordedAt: new Date(Math.min(...stated)),
        decisionReference: dto.decisionReference,
        decidedAt,
        official: dto.official,
        childViews: this.childText.sealOptional('fear_lift.child_views', id, dto.childViews?.trim() ? dto.childViews : undefined),
        childViewsUnavailableReason: this.childText.sealOptional('fear_lift.child_views_unavailable_reason', id, dto.childViewsUnavailableReason?.trim() ? dto.childViewsUnavailableReason : undefined),
        liftedBy: caller.principal.subject,
        liftedAt: now,
      });
      await this.effects.openDuty(manager, caseId, 'RIGHTS', 'FEAR_LIFTED', now);
      return { fearOfReturnAt: null };
    });
  }

  public withdraw(caller: Caller, caseId: string, dto: WithdrawalDto): Promise<LegalRecordView> {
    return this.transition(caller, 'protection.withdrawal', caseId, async (_manager, record) => {
      assertRecordedTime(new Date(dto.withdrawnAt), 'withdrawnAt', record);
      return {
        protectionStatus: rules.withdraw(record.protectionStatus as ProtectionStatus, dto),
        withdrawalRepresentative: dto.procuraduriaRepresentative ?? null,
        withdrawalChildViews: this.childText.sealOptional('legal_record.withdrawal_child_views', caseId, dto.childViews),
      };
    });
  }
}
