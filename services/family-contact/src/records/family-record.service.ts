import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { CaseCopy, CaseCopyChange, CaseCopyOutcome, CaseCopyProjector } from '@opis/case-copy';
import { EventContract, EventEnvelope } from '@opis/contracts-envelope';
import { recordOpenedV1 } from '@opis/contracts-family-contact';
import { CaseRegisteredV1, CaseUpdatedV1 } from '@opis/contracts-intake';
import { ProtectionChangedV1 } from '@opis/contracts-legal-status';
import { OutboxWriter } from '@opis/messaging';

import { FamilyContactConfig } from '../family-contact.config';
import { Caller, FamilyAccess } from './family-access.service';
import { FamilyRecordView, toRecordView } from './family-record.view';
import { FamilyRepository } from './family.repository';

const MINUTE_MS = 60_000;

@Injectable()
export class FamilyRecordService {
  private readonly projector: CaseCopyProjector;

  constructor(
    private readonly records: FamilyRepository,
    private readonly access: FamilyAccess,
    private readonly outbox: OutboxWriter,
    private readonly config: FamilyContactConfig,
  ) {
    // The copy's office, categories and version are the projector's (@opis/case-copy); the office
    // scope follows a transfer there. Family-contact adds the record's own columns and event.
    this.projector = new CaseCopyProjector(records.copies, {
      open: (manager, copy, envelope) => this.openRecord(manager, copy, envelope),
      corrected: (manager, change) => this.corrected(manager, change),
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

  private async openRecord(manager: EntityManager, copy: CaseCopy, envelope: EventEnvelope<CaseRegisteredV1>): Promise<boolean> {
    const { data } = envelope;
    const registeredAt = new Date(envelope.occurredAt);
    const firstCallDueAt = new Date(registeredAt.getTime() + this.config.FIRST_CALL_DEADLINE_MINUTES * MINUTE_MS);
    const now = new Date();
    const opened = await this.records.insertRecordIfAbsent(manager, {
      ...copy,
      caseNumber: data.caseNumber,
      speaksSpanish: data.speaksSpanish,
      protectionNeedIndicated: data.screening.protectionNeedIndicated,
      status: 'NOT_STARTED',
      registeredAt,
      firstCallDueAt,
      firstCallAt: null,
      reunifiedAt: null,
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
        firstCallDueAt: firstCallDueAt.toISOString(),
      },
    });
    return true;
  }

  /** Intake's screening flag (LM-12) follows corrections: a possible protection need locks consular contact too. */
  private async corrected(manager: EntityManager, { envelope }: CaseCopyChange<CaseUpdatedV1>): Promise<void> {
    await this.records.updateRecord(manager, envelope.caseId, { protectionNeedIndicated: envelope.data.screening.protectionNeedIndicated });
  }

  /** Legal-status's protection state, kept even before intake's case arrives (another stream). */
  public async applyProtectionChange(envelope: EventEnvelope, manager: EntityManager): Promise<void> {
    const data = envelope.data as ProtectionChangedV1;
    await this.records.upsertProtection(manager, {
      caseId: envelope.caseId,
      protectionClaimed: data.protectionClaimed,
      status: data.status,
      asOf: new Date(envelope.occurredAt),
      eventId: envelope.id,
    });
  }

  public async get(caller: Caller, caseId: string): Promise<FamilyRecordView> {
    return this.access.read(caller, 'family-record.read', caseId, async (manager, record) =>
      toRecordView(record, await this.records.findActivity(manager, caseId)),
    );
  }

  /** The view after a change, read in the change's transaction. */
  public async viewIn(manager: EntityManager, caseId: string): Promise<FamilyRecordView> {
    const record = await this.records.findRecord(manager, caseId);
    if (!record) throw new Error(`record ${caseId} vanished inside its own transaction`);
    return toRecordView(record, await this.records.findActivity(manager, caseId));
  }
}
