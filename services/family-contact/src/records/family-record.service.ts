import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { CaseCopy, CaseCopyChange, CaseCopyOutcome, CaseCopyProjector } from '@opis/case-copy';
import { EventContract, EventEnvelope, eventType } from '@opis/contracts-envelope';
import { recordOpenedV1 } from '@opis/contracts-family-contact';
import { caseExitedAdultFlowV1, CaseExitedAdultFlowV1, CaseRegistered, CaseUpdatedV1 } from '@opis/contracts-intake';
import {
  LockChangedV1,
  lockChangedV1,
  ProtectionChangedV1,
  protectionChangedV1,
  recordOpenedV1 as legalRecordOpenedV1,
} from '@opis/contracts-legal-status';
import { LegalStatusClient } from '@opis/legal-status-client';
import { OutboxWriter } from '@opis/messaging';

import { FamilyContactConfig } from '../family-contact.config';
import { Caller, FamilyAccess } from './family-access.service';
import { FamilyRecordRepository } from './family-record.repository';
import { FamilyRecordView, protectionView, toRecordView } from './family-record.view';
import { answerOfEvents, answerOfReply, LegalStatusAnswer, newestAnswer } from './legal-status-answer';

const MINUTE_MS = 60_000;

@Injectable()
export class FamilyRecordService {
  private readonly projector: CaseCopyProjector;

  constructor(
    private readonly records: FamilyRecordRepository,
    private readonly access: FamilyAccess,
    private readonly outbox: OutboxWriter,
    private readonly config: FamilyContactConfig,
    private readonly legalStatus: LegalStatusClient,
  ) {
    // The copy's office, categories and version are the projector's (@opis/case-copy); the office
    // scope follows a transfer there. Family-contact adds the record's own columns and event.
    this.projector = new CaseCopyProjector(records.copies, {
      open: (manager, copy, envelope) => this.openRecord(manager, copy, envelope),
      corrected: (manager, change) => this.corrected(manager, change),
      // An adult is not owed a child's first call (GD-12): its deadline stops.
      follows: [caseExitedAdultFlowV1],
      followed: (manager, change) =>
        this.records.updateRecord(manager, change.envelope.caseId, { childFlowExitedAt: new Date((change.envelope.data as CaseExitedAdultFlowV1).exitedAt) }),
    });
  }

  /** The intake events the copy applies: the consumer's `handles`. */
  public get handles(): readonly EventContract[] {
    return this.projector.handles;
  }

  /** Intake's case events, in the consumer's transaction. */
  public async applyIntakeEvent(envelope: EventEnvelope, manager: EntityManager): Promise<CaseCopyOutcome> {
    return this.projector.apply(manager, envelope);
  }

  private async openRecord(manager: EntityManager, copy: CaseCopy, envelope: EventEnvelope<CaseRegistered>): Promise<boolean> {
    const { data } = envelope;
    const registeredAt = new Date(envelope.occurredAt);
    // DOMAIN.md's T0 is detection: a child registered late is not given more time for the call.
    const detectedAt = new Date(data.detectedAt);
    const firstCallDueAt = new Date(detectedAt.getTime() + this.config.FIRST_CALL_DEADLINE_MINUTES * MINUTE_MS);
    const now = new Date();
    const opened = await this.records.insertRecordIfAbsent(manager, {
      ...copy,
      caseNumber: data.caseNumber,
      speaksSpanish: data.speaksSpanish,
      protectionNeedIndicated: data.screening.protectionNeedIndicated,
      status: 'NOT_STARTED',
      registeredAt,
      detectedAt,
      firstCallDueAt,
      firstCallAt: null,
      reunifiedAt: null,
      childFlowExitedAt: null,
      openedAt: now,
      updatedAt: now,
    });
    if (!opened) return false;
    await this.outbox.appendEvent(manager, recordOpenedV1, {
      caseId: envelope.caseId,
      officeCode: envelope.officeCode,
      actor: { kind: 'service', id: 'family-contact' },
      correlationId: envelope.correlationId,
      occurredAt: now,
      data: {
        ageBand: data.ageBand,
        sex: data.sex,
        nationality: data.nationality,
        accompaniment: data.accompaniment,
        registeredAt: registeredAt.toISOString(),
        detectedAt: detectedAt.toISOString(),
        firstCallDueAt: firstCallDueAt.toISOString(),
      },
    });
    return true;
  }

  /** Intake's screening flag (LM-12) follows corrections: a possible protection need locks consular contact too. */
  private async corrected(manager: EntityManager, { envelope }: CaseCopyChange<CaseUpdatedV1>): Promise<void> {
    await this.records.updateRecord(manager, envelope.caseId, { protectionNeedIndicated: envelope.data.screening.protectionNeedIndicated });
  }

  /** The legal-status events the copy applies: the consumer's `handles`. */
  public readonly legalHandles: readonly EventContract[] = [legalRecordOpenedV1, protectionChangedV1, lockChangedV1];

  /**
   * Legal-status's own word, as it published it, kept even before intake's case arrives (another
   * stream): shown with its time when legal-status cannot be asked, and checked again when a
   * consular contact commits. A record opened is legal-status saying "not assessed, not locked".
   */
  public async applyLegalEvent(envelope: EventEnvelope, manager: EntityManager): Promise<void> {
    const asOf = new Date(envelope.occurredAt);
    const base = { caseId: envelope.caseId, asOf, eventId: envelope.id };
    const caseVersion = envelope.caseVersion;
    if (envelope.type === eventType(legalRecordOpenedV1.name)) {
      await this.records.upsertProtection(manager, { ...base, protectionClaimed: false, status: 'NOT_ASSESSED' });
      await this.records.upsertLockCopy(manager, { ...base, caseVersion, returnLocked: false, consularContactLocked: false, reasons: [] });
    } else if (envelope.type === eventType(protectionChangedV1.name)) {
      const data = envelope.data as ProtectionChangedV1;
      await this.records.upsertProtection(manager, { ...base, protectionClaimed: data.protectionClaimed, status: data.status });
    } else if (envelope.type === eventType(lockChangedV1.name)) {
      const data = envelope.data as LockChangedV1;
      await this.records.upsertLockCopy(manager, { ...base, caseVersion, returnLocked: data.returnLocked, consularContactLocked: data.consularContactLocked, reasons: data.reasons });
    }
  }

  /** legal-status's last events applied here about a case. */
  public async eventsAnswer(manager: EntityManager, caseId: string): Promise<LegalStatusAnswer> {
    return answerOfEvents(await this.records.findProtection(manager, caseId), await this.records.findLockCopy(manager, caseId));
  }

  /**
   * The record, its protection part as legal-status answers it now; when legal-status does not
   * answer, its last events, labelled so (issue 18, item 12). Asked after the audited read, so
   * that nothing is asked about a case the caller may not see.
   */
  public async get(caller: Caller, caseId: string): Promise<FamilyRecordView> {
    const view = await this.access.read(caller, 'family-record.read', caseId, async (manager, record) =>
      toRecordView(record, await this.records.findActivity(manager, caseId)),
    );
    const answer = await this.legalStatus.caseStatus(caseId);
    if (answer.kind === 'answered') view.protection = protectionView({ protectionNeedIndicated: view.protection.needIndicated }, answerOfReply(answer.reply));
    return view;
  }

  /** The view after a change, read in the change's transaction; `asked` is legal-status's answer the change relied on, if any. */
  public async viewIn(manager: EntityManager, caseId: string, asked?: LegalStatusAnswer): Promise<FamilyRecordView> {
    const record = await this.records.findRecord(manager, caseId);
    if (!record) throw new Error(`record ${caseId} vanished inside its own transaction`);
    const activity = await this.records.findActivity(manager, caseId);
    const events = answerOfEvents(activity.protection, activity.lock);
    return toRecordView(record, activity, asked ? newestAnswer(asked, events) : events);
  }
}
