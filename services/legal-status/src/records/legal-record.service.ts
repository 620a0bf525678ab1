import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { EventEnvelope, eventType } from '@opis/contracts-envelope';
import {
  caseRegisteredV1,
  CaseRegisteredV1,
  caseTransferredV1,
  CaseTransferredV1,
  caseUpdatedV1,
  CaseUpdatedV1,
  channelledToDifV1,
  procuraduriaNotifiedV1,
  ProcuraduriaNotifiedV1,
} from '@opis/contracts-intake';
import { recordOpenedV1 } from '@opis/contracts-legal-status';
import { OutboxWriter } from '@opis/messaging';

import { LegalCalendar } from '../calendar/legal-calendar.service';
import { LegalStatusConfig } from '../legal-status.config';
import { LegalEffects } from '../lock/legal-effects.service';
import { ChildTextCipher } from './child-text.cipher';
import { Caller, LegalAccess } from './legal-access.service';
import { LegalRecordView, toRecordView } from './legal-record.view';
import { LegalRecordEntity } from './legal-record.entity';
import { LegalRepository } from './legal.repository';

const REGISTERED = eventType(caseRegisteredV1.name);
const UPDATED = eventType(caseUpdatedV1.name);
const TRANSFERRED = eventType(caseTransferredV1.name);
const NOTIFIED = eventType(procuraduriaNotifiedV1.name);
const CHANNELLED = eventType(channelledToDifV1.name);
const FOLLOWED: ReadonlySet<string> = new Set([UPDATED, TRANSFERRED, NOTIFIED, CHANNELLED]);
const SERVICE_ACTOR = { kind: 'service' as const, id: 'legal-status' };

/** An event that arrives before the case it belongs to: retried (nak) until `registered` is applied. */
class RecordNotYetOpened extends Error {}

@Injectable()
export class LegalRecordService {
  constructor(
    private readonly records: LegalRepository,
    private readonly access: LegalAccess,
    private readonly effects: LegalEffects,
    private readonly calendar: LegalCalendar,
    private readonly outbox: OutboxWriter,
    private readonly config: LegalStatusConfig,
    private readonly childText: ChildTextCipher,
  ) {}

  /** Intake's case events; the ones legal-status does not keep are acknowledged and ignored. */
  public async applyIntakeEvent(envelope: EventEnvelope, manager: EntityManager, streamSequence: number): Promise<void> {
    if (envelope.type === REGISTERED) return this.openRecord(envelope as EventEnvelope<CaseRegisteredV1>, manager, streamSequence);
    if (!FOLLOWED.has(envelope.type)) return;
    const record = await this.records.findRecord(manager, envelope.caseId, { lock: true });
    if (!record) throw new RecordNotYetOpened(`no legal record yet for an ${envelope.type} event`);
    // A retried older event must not undo a newer one that was applied meanwhile.
    if (streamSequence <= record.intakeSequence) return;
    const context = { actor: SERVICE_ACTOR, correlationId: envelope.correlationId };
    const now = new Date();
    if (envelope.type === NOTIFIED) {
      const data = envelope.data as ProcuraduriaNotifiedV1;
      await this.records.updateRecord(manager, record.caseId, { procuraduriaNotifiedAt: new Date(data.notifiedAt), intakeSequence: streamSequence });
      await this.effects.openDuty(manager, record.caseId, 'PROCURADURIA_NOTIFICATION', 'PROCURADURIA_NOTIFIED', now);
      return;
    }
    if (envelope.type === CHANNELLED) {
      await this.records.updateRecord(manager, record.caseId, { intakeSequence: streamSequence });
      await this.effects.openDuty(manager, record.caseId, 'DIF_CHANNELLING', 'CHANNELLED_TO_DIF', now);
      return;
    }
    const data = envelope.data as CaseUpdatedV1 | CaseTransferredV1;
    // A need flagged by a later screening is identified; a flag cleared later does not clear it (GD-03).
    const newlyFlagged = 'screening' in data && data.screening.protectionNeedIndicated && record.protectionStatus === 'NOT_ASSESSED';
    await this.records.updateRecord(manager, record.caseId, {
      ageBand: data.ageBand,
      sex: data.sex,
      nationality: data.nationality,
      accompaniment: data.accompaniment,
      // Office scope follows the case (the event is published on the receiving office).
      ...('toOffice' in data ? { officeCode: data.toOffice } : {}),
      ...(newlyFlagged ? { protectionStatus: 'NEED_IDENTIFIED', needIdentifiedAt: now, needSource: 'SCREENING' } : {}),
      intakeSequence: streamSequence,
    });
    await this.effects.settle(manager, record, context);
  }

  private async openRecord(envelope: EventEnvelope<CaseRegisteredV1>, manager: EntityManager, streamSequence: number): Promise<void> {
    const { data } = envelope;
    const now = new Date();
    const flagged = data.screening.protectionNeedIndicated;
    const record: LegalRecordEntity = {
      caseId: envelope.caseId,
      caseNumber: data.caseNumber,
      officeCode: envelope.officeCode,
      ageBand: data.ageBand,
      sex: data.sex,
      nationality: data.nationality,
      accompaniment: data.accompaniment,
      speaksSpanish: data.speaksSpanish,
      detectedAt: new Date(data.detectedAt),
      intakeSequence: streamSequence,
      procuraduriaNotifiedAt: null,
      stayStatus: 'VRH_CAUTELAR',
      procedureStatus: 'VRH_CAUTELAR',
      procedureOpenedAt: null,
      procedureResolution: null,
      procedureResolvedAt: null,
      procedureOverrideReason: null,
      procedureOverrideBy: null,
      procedureReviewKind: null,
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
      fearOfReturnAt: null,
      returnLocked: false,
      consularLocked: false,
      lockReasons: [],
      biRecommendsReturn: false,
      statusAsOf: now,
      openedAt: now,
      updatedAt: now,
    };
    const opened = await this.records.openRecordWithDuty(manager, record, this.effects.dutyFor(envelope.caseId, 'RIGHTS', 'RECORD_OPENED', now));
    if (!opened) return;
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
  }

  public async get(caller: Caller, caseId: string): Promise<LegalRecordView> {
    return this.access.read(caller, 'legal-record.read', caseId, (manager) => this.viewIn(manager, caseId));
  }

  /** The view of a record, read in the caller's manager (inside a change's transaction too). */
  public async viewIn(manager: EntityManager, caseId: string): Promise<LegalRecordView> {
    const record = await this.records.findRecord(manager, caseId);
    if (!record) throw new Error(`record ${caseId} vanished inside its own transaction`);
    const calendar = await this.calendar.load(manager);
    const bestInterests = await this.records.findBestInterests(manager, caseId);
    const sessions = await this.records.findSessions(manager, caseId);
    return toRecordView(record, {
      checklist: await this.records.findChecklist(manager, caseId),
      bestInterests: bestInterests.map((bi) => ({ ...bi, childViews: this.childText.open('best_interests_record.child_views', bi.id, bi.childViews) })),
      sessions: sessions.map((session) => ({
        ...session,
        understanding: this.childText.open('information_session.understanding', session.id, session.understanding),
        childViews: this.childText.openOptional('information_session.child_views', session.id, session.childViews),
      })),
      duties: await this.records.findDuties(manager, caseId),
      calendar,
      config: this.config,
    });
  }
}
