import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { CaseCopy, CaseCopyChange, CaseCopyOutcome, CaseCopyProjector } from '@opis/case-copy';
import { careRecordClosedV1, careRecordOpenedV1, CareFlag, ClosedCareRecordStatus } from '@opis/contracts-care';
import { EventContract, EventEnvelope, eventType, uuidv7 } from '@opis/contracts-envelope';
import {
  caseClosedV1,
  CaseClosedV1,
  caseExitedAdultFlowV1,
  CaseExitedAdultFlowV1,
  CaseRegistered,
  CaseTransferredV1,
  CaseUpdatedV1,
  channelledToDifV1,
  ChannelledToDifV1,
} from '@opis/contracts-intake';
import { OutboxWriter } from '@opis/messaging';
import { AuditTrail } from '@opis/platform';

import { CareConfig } from '../care.config';
import { CareRepository } from './care.repository';
import { dueTimes } from './need-policy';

export const CARE_CONSUMER_ACTOR = { subject: 'care-intake-consumer', roles: [] };

const CHANNELLED = eventType(channelledToDifV1.name);
const EXITED_ADULT_FLOW = eventType(caseExitedAdultFlowV1.name);

type ClosingEvent = ChannelledToDifV1 | CaseClosedV1 | CaseExitedAdultFlowV1;

/** How an intake event closes a record, and when INM's care of the child ended. */
function closingOf(envelope: EventEnvelope<ClosingEvent>): { status: ClosedCareRecordStatus; closedAt: Date } {
  if (envelope.type === EXITED_ADULT_FLOW) return { status: 'EXIT_ADULT_FLOW', closedAt: new Date((envelope.data as CaseExitedAdultFlowV1).exitedAt) };
  if (envelope.type === CHANNELLED) return { status: 'TRANSFERRED', closedAt: new Date((envelope.data as ChannelledToDifV1).channelledAt) };
  return { status: 'TRANSFERRED', closedAt: new Date((envelope.data as CaseClosedV1).closedAt) };
}

/**
 * Keeps care's copy of intake's cases (@opis/case-copy): opens a record (with its checklist) per
 * registration, follows corrections and transfers, and closes it when intake hands the child to
 * DIF (DOMAIN.md 4.2 TRANSFERRED) or takes the person out of the child flow (GD-12). Care never waits on a procedure (LM-11, INV-07): intake's
 * other events do not change it. Runs inside the consumer's transaction.
 */
@Injectable()
export class CareRecordService {
  private readonly projector: CaseCopyProjector;

  constructor(
    private readonly records: CareRepository,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
    private readonly config: CareConfig,
  ) {
    this.projector = new CaseCopyProjector(records.copies, {
      open: (manager, copy, envelope) => this.open(manager, copy, envelope),
      corrected: (manager, change) => this.corrected(manager, change),
      transferred: (manager, change) => this.transferred(manager, change),
      // The hand-over closes the record; intake's closing (which needs the hand-over, LM-02) closes
      // one that somehow stayed open, and is otherwise a no-op. An adult's exit stops the child clocks.
      follows: [channelledToDifV1, caseClosedV1, caseExitedAdultFlowV1],
      followed: (manager, change) => this.closed(manager, change.envelope as EventEnvelope<ClosingEvent>),
    });
  }

  /** The intake events the copy applies: the consumer's `handles`. */
  public get handles(): readonly EventContract[] {
    return this.projector.handles;
  }

  public async applyIntakeEvent(envelope: EventEnvelope, manager: EntityManager): Promise<CaseCopyOutcome> {
    return this.projector.apply(manager, envelope);
  }

  private async open(manager: EntityManager, copy: CaseCopy, envelope: EventEnvelope<CaseRegistered>): Promise<boolean> {
    const { data } = envelope;
    const detectedAt = new Date(data.detectedAt);
    const dueAt = dueTimes(detectedAt, this.config.dueMinutes());
    const medicalEmergency = data.screening.medicalEmergency;
    const flags: CareFlag[] = medicalEmergency ? ['URGENT_MEDICAL_REFERRAL'] : [];
    const opened = await this.records.insertRecordWithNeeds(
      manager,
      {
        ...copy,
        caseNumber: data.caseNumber,
        householdId: data.householdId ?? null,
        detectedAt,
        ...data.screening,
        flags,
        openedByEventId: envelope.id,
      },
      dueAt,
    );
    if (!opened) return false;
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
    return true;
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

  /**
   * DIF continues the child's care outside INM's scope (LM-01), or the person is an adult (GD-12):
   * the record closes and its clocks stop. A record closed already stays as it closed.
   */
  private async closed(manager: EntityManager, envelope: EventEnvelope<ClosingEvent>): Promise<void> {
    const { status, closedAt } = closingOf(envelope);
    const unmetNeeds = await this.records.closeRecord(manager, envelope.caseId, status, closedAt);
    if (!unmetNeeds) return;
    await this.outbox.appendEvent(manager, careRecordClosedV1, {
      caseId: envelope.caseId,
      officeCode: envelope.officeCode,
      actor: { kind: 'service', id: 'care' },
      correlationId: envelope.correlationId,
      data: { status, closedAt: closedAt.toISOString(), unmetNeeds },
    });
  }

  /** The case moved to the receiving office's scope: its officers see it, the old office's do not. */
  private async transferred(manager: EntityManager, { before, after }: CaseCopyChange<CaseTransferredV1>): Promise<void> {
    if (before.officeCode === after.officeCode) return;
    await this.audit.record(
      { actor: CARE_CONSUMER_ACTOR, action: 'care.record.transfer', caseId: after.caseId, officeCode: after.officeCode, outcome: 'allowed' },
      manager,
    );
  }

  /** Intake corrected the case: keep the screening flags current; an emergency seen now opens its referral. */
  private async corrected(manager: EntityManager, { envelope }: CaseCopyChange<CaseUpdatedV1>): Promise<void> {
    const record = await this.records.findRecord(manager, envelope.caseId);
    if (!record) throw new Error(`care record ${envelope.caseId} vanished inside its own transaction`);
    const { screening } = envelope.data;
    await this.records.updateRecord(manager, envelope.caseId, { ...screening });
    if (screening.medicalEmergency && !record.medicalEmergency) {
      await this.openIntakeEmergencyReferral(manager, envelope.caseId, new Date(envelope.occurredAt));
    }
  }
}
