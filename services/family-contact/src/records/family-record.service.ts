import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { EventEnvelope, eventType } from '@opis/contracts-envelope';
import { recordOpenedV1 } from '@opis/contracts-family-contact';
import {
  caseRegisteredV1,
  CaseRegisteredV1,
  caseTransferredV1,
  CaseTransferredV1,
  caseUpdatedV1,
  CaseUpdatedV1,
} from '@opis/contracts-intake';
import { ProtectionChangedV1 } from '@opis/contracts-legal-status';
import { OutboxWriter } from '@opis/messaging';

import { FamilyContactConfig } from '../family-contact.config';
import { Caller, FamilyAccess } from './family-access.service';
import { FamilyRecordView, toRecordView } from './family-record.view';
import { FamilyRepository } from './family.repository';

const REGISTERED = eventType(caseRegisteredV1.name);
const UPDATED = eventType(caseUpdatedV1.name);
const TRANSFERRED = eventType(caseTransferredV1.name);
const MINUTE_MS = 60_000;

/** A record that arrives before the case it belongs to: retried (nak) until `registered` is applied. */
class RecordNotYetOpened extends Error {}

@Injectable()
export class FamilyRecordService {
  constructor(
    private readonly records: FamilyRepository,
    private readonly access: FamilyAccess,
    private readonly outbox: OutboxWriter,
    private readonly config: FamilyContactConfig,
  ) {}

  /** Intake's case events; the ones family-contact does not keep are acknowledged and ignored. */
  public async applyIntakeEvent(envelope: EventEnvelope, manager: EntityManager, streamSequence: number): Promise<void> {
    if (envelope.type === REGISTERED) return this.openRecord(envelope as EventEnvelope<CaseRegisteredV1>, manager, streamSequence);
    if (envelope.type !== UPDATED && envelope.type !== TRANSFERRED) return;
    const record = await this.records.findRecord(manager, envelope.caseId, { lock: true });
    if (!record) throw new RecordNotYetOpened(`no family record yet for an ${envelope.type} event`);
    // A retried older event must not undo a newer one that was applied meanwhile.
    if (streamSequence <= record.intakeSequence) return;
    const data = envelope.data as CaseUpdatedV1 | CaseTransferredV1;
    await this.records.updateRecord(manager, envelope.caseId, {
      ageBand: data.ageBand,
      sex: data.sex,
      nationality: data.nationality,
      accompaniment: data.accompaniment,
      ...('screening' in data ? { protectionNeedIndicated: data.screening.protectionNeedIndicated } : {}),
      // Office scope follows the case (the event is published on the receiving office).
      ...('toOffice' in data ? { officeCode: data.toOffice } : {}),
      intakeSequence: streamSequence,
    });
  }

  private async openRecord(envelope: EventEnvelope<CaseRegisteredV1>, manager: EntityManager, streamSequence: number): Promise<void> {
    const { data } = envelope;
    const registeredAt = new Date(envelope.occurredAt);
    const firstCallDueAt = new Date(registeredAt.getTime() + this.config.FIRST_CALL_DEADLINE_MINUTES * MINUTE_MS);
    const now = new Date();
    const opened = await this.records.insertRecordIfAbsent(manager, {
      caseId: envelope.caseId,
      caseNumber: data.caseNumber,
      officeCode: envelope.officeCode,
      ageBand: data.ageBand,
      sex: data.sex,
      nationality: data.nationality,
      accompaniment: data.accompaniment,
      speaksSpanish: data.speaksSpanish,
      protectionNeedIndicated: data.screening.protectionNeedIndicated,
      status: 'NOT_STARTED',
      registeredAt,
      firstCallDueAt,
      firstCallAt: null,
      reunifiedAt: null,
      intakeSequence: streamSequence,
      openedAt: now,
      updatedAt: now,
    });
    if (!opened) return;
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
