import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { CaseCopy, CaseCopyChange, CaseCopyOutcome, CaseCopyProjector } from '@opis/case-copy';
import { EventContract, EventEnvelope, eventType } from '@opis/contracts-envelope';
import {
  CaseRegistered,
  CaseTransferredV1,
  CaseUpdatedV1,
  channelledToDifV1,
  procuraduriaNotifiedV1,
  ProcuraduriaNotifiedV1,
} from '@opis/contracts-intake';
import { recordOpenedV1 } from '@opis/contracts-legal-status';
import { OutboxWriter } from '@opis/messaging';

import { LegalEffects } from '../lock/legal-effects.service';
import { ProtectionConcernService } from '../protection/protection-concerns.service';
import { VrhGrounds } from '../vrh/vrh-grounds.service';
import { LegalRecordEntity } from './legal-record.entity';
import { LegalRecordRepository } from './legal-record.repository';

const NOTIFIED = eventType(procuraduriaNotifiedV1.name);
const SERVICE_ACTOR = { kind: 'service' as const, id: 'legal-status' };

@Injectable()
export class LegalRecordService {
  private readonly projector: CaseCopyProjector;

  constructor(
    private readonly records: LegalRecordRepository,
    private readonly effects: LegalEffects,
    private readonly outbox: OutboxWriter,
    private readonly concerns: ProtectionConcernService,
    private readonly vrh: VrhGrounds,
  ) {
    // The copy's office, categories and version are the projector's (@opis/case-copy); legal-status
    // adds its machines: a need from intake's screening, the duties of the notification and hand-over.
    this.projector = new CaseCopyProjector(records.copies, {
      open: (manager, copy, envelope) => this.openRecord(manager, copy, envelope),
      corrected: (manager, change) => this.corrected(manager, change),
      transferred: (manager, change) => this.transferred(manager, change),
      follows: [procuraduriaNotifiedV1, channelledToDifV1],
      followed: (manager, change) => this.followed(manager, change),
    });
  }

  /** The intake events the record follows: the consumer's `handles`. */
  public get handles(): readonly EventContract[] {
    return this.projector.handles;
  }

  /** Intake's case events, in the consumer's transaction. */
  public async applyIntakeEvent(envelope: EventEnvelope, manager: EntityManager): Promise<CaseCopyOutcome> {
    return this.projector.apply(manager, envelope);
  }

  /**
   * A need flagged by a later screening is identified; a flag cleared later does not clear it (GD-03).
   * A child taken for Mexican and corrected to a foreign nationality is from now on protected as one.
   */
  private async corrected(manager: EntityManager, { before, after, envelope }: CaseCopyChange<CaseUpdatedV1>): Promise<void> {
    // Decided under the row lock, like every change of need or lock: a claim or a move clearance committing meanwhile is seen.
    const record = await this.mustFind(manager, envelope.caseId, { lock: true });
    if (envelope.data.screening.protectionNeedIndicated && record.protectionStatus === 'NOT_ASSESSED') {
      await this.records.updateRecord(manager, record.caseId, { protectionStatus: 'NEED_IDENTIFIED', needIdentifiedAt: new Date(), needSource: 'SCREENING' });
    }
    const context = { actor: SERVICE_ACTOR, correlationId: envelope.correlationId };
    // RLM-05, LM-17: a possible victim of trafficking holds a humanitarian stay as a victim; a flag cleared later does not end it.
    if (envelope.data.screening.traffickingIndicators) await this.vrh.start(manager, record, 'VICTIMA_TESTIGO', new Date(), 'SCREENING', context);
    if (before.nationality === 'MX' && after.nationality !== 'MX') {
      // INV-01: the fear and needs heard while the child was taken for Mexican now lock like any foreign child's.
      await this.concerns.applyToForeignChild(manager, record.caseId);
      // LM-03, LM-17: the humanitarian stay as a child, from the correction (the registration gave none).
      await this.vrh.start(manager, record, 'NNA', new Date(), 'NATIONALITY_CORRECTED', context);
    }
    await this.effects.settle(manager, record, context);
  }

  /** Office scope follows the case (the projector moved it); the lock is settled in the new office. */
  private async transferred(manager: EntityManager, { envelope }: CaseCopyChange<CaseTransferredV1>): Promise<void> {
    const record = await this.mustFind(manager, envelope.caseId, { lock: true });
    await this.effects.settle(manager, record, { actor: SERVICE_ACTOR, correlationId: envelope.correlationId });
  }

  /** The Procuraduría notified, or the child channelled to DIF: the child is to be told (LM-16). */
  private async followed(manager: EntityManager, { envelope }: CaseCopyChange): Promise<void> {
    const now = new Date();
    if (envelope.type === NOTIFIED) {
      const data = envelope.data as ProcuraduriaNotifiedV1;
      await this.records.updateRecord(manager, envelope.caseId, { procuraduriaNotifiedAt: new Date(data.notifiedAt) });
      await this.effects.openDuty(manager, envelope.caseId, 'PROCURADURIA_NOTIFICATION', 'PROCURADURIA_NOTIFIED', now);
      return;
    }
    await this.effects.openDuty(manager, envelope.caseId, 'DIF_CHANNELLING', 'CHANNELLED_TO_DIF', now);
  }

  private async openRecord(manager: EntityManager, copy: CaseCopy, envelope: EventEnvelope<CaseRegistered>): Promise<boolean> {
    const { data } = envelope;
    const now = new Date();
    const flagged = data.screening.protectionNeedIndicated;
    const record: LegalRecordEntity = {
      ...copy,
      caseNumber: data.caseNumber,
      speaksSpanish: data.speaksSpanish,
      detectedAt: new Date(data.detectedAt),
      procuraduriaNotifiedAt: null,
      turnsEighteenOn: null,
      turnsEighteenBasis: null,
      ageReviewFlaggedAt: null,
      stayStatus: 'VRH_CAUTELAR',
      procedureStatus: 'VRH_CAUTELAR',
      procedureOpenedAt: null,
      procedureResolution: null,
      procedureResolvedAt: null,
      procedureOverrideReason: null,
      procedureOverrideBy: null,
      procedureReviewKind: null,
      procedureImpactAssessment: null,
      procedurePlanId: null,
      procedureReopenedAt: null,
      procedureReopenCause: null,
      // Opened as not assessed; a positive screening is applied below as an identified need.
      protectionStatus: 'NOT_ASSESSED',
      needIdentifiedAt: null,
      needSource: null,
      claimFiledAt: null,
      claimRepresentative: null,
      claimInterpreterId: null,
      claimLateJustification: null,
      comarNoticeDueAt: null,
      comarNoticeReceivedAt: null,
      extensionGrantedAt: null,
      decidedAt: null,
      appealKind: null,
      appealFiledAt: null,
      withdrawalRepresentative: null,
      withdrawalChildViews: null,
      protectionEndedAt: null,
      residenceTaskOpenedAt: null,
      residenceTaskOwner: null,
      residenceTaskDueOn: null,
      residenceTaskCompletedAt: null,
      residenceTaskCompletedBy: null,
      residenceTaskDocumentReference: null,
      fearOfReturnAt: null,
      returnLocked: false,
      consularLocked: false,
      lockReasons: [],
      biRecommendsReturn: false,
      statusAsOf: now,
      openedAt: now,
      updatedAt: now,
    };
    const { opened, concernsWaiting } = await this.records.openRecordWithDuty(manager, record, this.effects.dutyFor(envelope.caseId, 'RIGHTS', 'RECORD_OPENED', now));
    if (!opened) return false;
    const context = { actor: SERVICE_ACTOR, correlationId: envelope.correlationId };
    await this.outbox.appendEvent(manager, recordOpenedV1, {
      caseId: envelope.caseId,
      officeCode: envelope.officeCode,
      ...context,
      occurredAt: now,
      data: {
        ageBand: data.ageBand,
        sex: data.sex,
        nationality: data.nationality,
        accompaniment: data.accompaniment,
        stayStatus: 'VRH_CAUTELAR',
        procedureStatus: 'VRH_CAUTELAR',
      },
    });
    if (flagged) {
      await this.records.updateRecord(manager, record.caseId, { protectionStatus: 'NEED_IDENTIFIED', needIdentifiedAt: now, needSource: 'SCREENING' });
      await this.effects.settle(manager, record, context);
    }
    if (data.screening.traffickingIndicators) await this.vrh.start(manager, record, 'VICTIMA_TESTIGO', now, 'SCREENING', context);
    if (concernsWaiting) await this.concerns.applyWaiting(manager, record.caseId, envelope.correlationId);
    return true;
  }

  private async mustFind(manager: EntityManager, caseId: string, options: { lock?: boolean } = {}): Promise<LegalRecordEntity> {
    const record = await this.records.findRecord(manager, caseId, options);
    if (!record) throw new Error(`record ${caseId} vanished inside its own transaction`);
    return record;
  }
}
