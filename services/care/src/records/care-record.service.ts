import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { careRecordOpenedV1, CareFlag } from '@opis/contracts-care';
import { EventEnvelope, OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import { CaseRegisteredV1, CaseTransferredV1, CaseUpdatedV1 } from '@opis/contracts-intake';
import { OutboxWriter } from '@opis/messaging';
import { AuditTrail } from '@opis/platform';

import { CareConfig } from '../care.config';
import { CareRepository } from './care.repository';
import { dueTimes } from './need-policy';

export const CARE_CONSUMER_ACTOR = { subject: 'care-intake-consumer', roles: [] };

/** Thrown for an event about a case whose record is not there yet: the consumer retries it. */
export class RecordNotYetOpened extends Error {
  constructor(caseId: string, type: string) {
    super(`${type} for case ${caseId} arrived before its registration; retrying`);
  }
}

/**
 * Keeps care's copy of intake's cases: opens a record (with its checklist) per registration,
 * follows transfers and corrections. Runs inside the consumer's transaction.
 */
@Injectable()
export class CareRecordService {
  constructor(
    private readonly records: CareRepository,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
    private readonly config: CareConfig,
  ) {}

  public async applyIntakeEvent(envelope: EventEnvelope, manager: EntityManager): Promise<void> {
    switch (envelope.type) {
      case 'intake.case.registered':
        return this.open(envelope as EventEnvelope<CaseRegisteredV1>, manager);
      case 'intake.case.transferred':
        return this.transfer(envelope as EventEnvelope<CaseTransferredV1>, manager);
      case 'intake.case.updated':
        return this.refresh(envelope as EventEnvelope<CaseUpdatedV1>, manager);
      default:
        // Other intake case events (assignment, notification, channelling, closing) do not
        // change care: care never waits on a procedure (LM-11, INV-07).
        return;
    }
  }

  private async open(envelope: EventEnvelope<CaseRegisteredV1>, manager: EntityManager): Promise<void> {
    const { data } = envelope;
    const detectedAt = new Date(data.detectedAt);
    const dueAt = dueTimes(detectedAt, this.config.dueMinutes());
    const medicalEmergency = data.screening.medicalEmergency;
    const flags: CareFlag[] = medicalEmergency ? ['URGENT_MEDICAL_REFERRAL'] : [];
    const opened = await this.records.insertRecordWithNeeds(
      manager,
      {
        caseId: envelope.caseId,
        caseNumber: data.caseNumber,
        officeCode: envelope.officeCode,
        ageBand: data.ageBand,
        sex: data.sex,
        nationality: data.nationality,
        accompaniment: data.accompaniment,
        householdId: data.householdId ?? null,
        detectedAt,
        ...data.screening,
        flags,
        openedByEventId: envelope.id,
      },
      dueAt,
    );
    if (!opened) return;
    if (medicalEmergency) await this.openIntakeEmergencyReferral(manager, envelope.caseId, detectedAt);
    await this.outbox.appendEvent(manager, careRecordOpenedV1, {
      caseId: envelope.caseId,
      officeCode: envelope.officeCode,
      actor: { kind: 'service', id: 'care' },
      correlationId: envelope.correlationId,
      data: {
        caseNumber: data.caseNumber,
        ageBand: data.ageBand,
        sex: data.sex,
        nationality: data.nationality,
        accompaniment: data.accompaniment,
        detectedAt: detectedAt.toISOString(),
        dueAt: {
          HEALTH: dueAt.HEALTH.toISOString(),
          FOOD: dueAt.FOOD.toISOString(),
          CLOTHING: dueAt.CLOTHING.toISOString(),
          REST: dueAt.REST.toISOString(),
          PSYCHOLOGICAL_FIRST_AID: dueAt.PSYCHOLOGICAL_FIRST_AID.toISOString(),
        },
        urgentReferralOpened: medicalEmergency,
      },
    });
    // No audit row here: nobody read or changed the child's record; the inbox row and
    // care.record.opened are the trace, and one round trip less keeps the consumer fast.
  }

  /** A medical emergency seen at intake opens an urgent referral at once, and flags the record. */
  private async openIntakeEmergencyReferral(manager: EntityManager, caseId: string, at: Date): Promise<void> {
    await this.records.insertReferral(manager, {
      id: uuidv7(),
      caseId,
      urgent: true,
      reason: 'MEDICAL_EMERGENCY_AT_INTAKE',
      screeningId: null,
      openedAt: at,
      openedBy: CARE_CONSUMER_ACTOR.subject,
    });
    await this.records.addFlag(manager, caseId, 'URGENT_MEDICAL_REFERRAL');
  }

  /** The case moves to the receiving office's scope: its officers see it, the old office's do not. */
  private async transfer(envelope: EventEnvelope<CaseTransferredV1>, manager: EntityManager): Promise<void> {
    const record = await this.records.findRecord(manager, envelope.caseId, { lock: true });
    if (!record) throw new RecordNotYetOpened(envelope.caseId, envelope.type);
    if (record.officeCode === envelope.data.toOffice) return;
    await this.records.updateRecord(manager, envelope.caseId, { officeCode: envelope.data.toOffice });
    await this.audit.record(
      {
        actor: CARE_CONSUMER_ACTOR,
        action: 'care.record.transfer',
        caseId: envelope.caseId,
        officeCode: envelope.data.toOffice as OfficeCode,
        outcome: 'allowed',
      },
      manager,
    );
  }

  /** Intake corrected the case: keep the copy of its categories and screening flags current. */
  private async refresh(envelope: EventEnvelope<CaseUpdatedV1>, manager: EntityManager): Promise<void> {
    const record = await this.records.findRecord(manager, envelope.caseId, { lock: true });
    if (!record) throw new RecordNotYetOpened(envelope.caseId, envelope.type);
    const { data } = envelope;
    await this.records.updateRecord(manager, envelope.caseId, {
      ageBand: data.ageBand,
      sex: data.sex,
      nationality: data.nationality,
      accompaniment: data.accompaniment,
      ...data.screening,
    });
    if (data.screening.medicalEmergency && !record.medicalEmergency) {
      await this.openIntakeEmergencyReferral(manager, envelope.caseId, new Date(envelope.occurredAt));
    }
  }
}
