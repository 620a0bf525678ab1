import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { EventContract, EventEnvelope, eventType } from '@opis/contracts-envelope';
import { callLoggedV1, CallLoggedV1 } from '@opis/contracts-family-contact';
import {
  caseRegisteredV1,
  CaseRegisteredV1,
  caseRegisteredV2,
  CaseRegisteredV2,
  caseTransferredV1,
  CaseTransferredV1,
  caseUpdatedV1,
  CaseUpdatedV1,
  channelledToDifV1,
  ChannelledToDifV1,
  procuraduriaNotifiedV1,
  ProcuraduriaNotifiedV1,
} from '@opis/contracts-intake';
import {
  childInformedV1,
  ChildInformedV1,
  informOverdueV1,
  InformOverdueV1,
  protectionChangedV1,
  ProtectionChangedV1,
} from '@opis/contracts-legal-status';
import {
  taskAcknowledgedV1,
  TaskAcknowledgedV1,
  taskClosedV1,
  TaskClosedV1,
  taskEscalatedV1,
  taskOpenedV1,
  TaskFacts,
} from '@opis/contracts-notifications';
import {
  planHandedOverV1,
  PlanHandedOverV1,
  planProposedV1,
  PlanProposedV1,
  planRefusedV1,
  PlanRefusedV1,
  receptionArrivedV1,
  ReceptionArrivedV1,
} from '@opis/contracts-repatriation';

import { FactsRepository } from './facts.repository';

/** Narrows an envelope to one contract's data (type and version; the consumer validated the data). */
function is<T extends object>(envelope: EventEnvelope, contract: EventContract<T>): envelope is EventEnvelope<T> {
  return envelope.type === eventType(contract.name) && envelope.version === contract.name.version;
}

/**
 * The events each stream's method counts (the others are taken and ignored): the consumers pass
 * them as `handles`, so an ignored event costs an inbox row and no transaction. facts.service.spec
 * holds each list to its method.
 */
export const COUNTED_EVENTS = {
  intake: [caseRegisteredV2, caseRegisteredV1, caseUpdatedV1, caseTransferredV1, procuraduriaNotifiedV1, channelledToDifV1],
  familyContact: [callLoggedV1],
  legalStatus: [childInformedV1, informOverdueV1, protectionChangedV1],
  repatriation: [planProposedV1, planHandedOverV1, planRefusedV1, receptionArrivedV1],
  notifications: [taskOpenedV1, taskEscalatedV1, taskAcknowledgedV1, taskClosedV1],
} as const satisfies Record<string, readonly EventContract[]>;

/**
 * Turns events into facts. Events statistics does not count (assignments, overdue clocks other
 * than informing, members, consulates, locks, ...) are taken and ignored.
 */
@Injectable()
export class FactsService {
  constructor(private readonly facts: FactsRepository) {}

  /** Categories follow the case's newest intake event (its caseVersion); milestones are kept per event. */
  public async applyIntakeEvent(envelope: EventEnvelope, manager: EntityManager): Promise<void> {
    const version = envelope.caseVersion;
    if (is(envelope, caseRegisteredV2) || is(envelope, caseRegisteredV1)) {
      // v2 and then v1 of one registration (or v1 alone, from before v2): the point is counted by
      // its code, which only v2 carries; the other columns are the same in both.
      const data: CaseRegisteredV2 | CaseRegisteredV1 = envelope.data;
      await this.facts.upsertCase(
        manager,
        { caseId: envelope.caseId, personId: data.personId, nationality: data.nationality, ageBand: data.ageBand, sex: data.sex, accompaniment: data.accompaniment, version },
        {
          registeredOffice: envelope.officeCode,
          entryPath: data.entryPath,
          migrationPointCode: 'migrationPointCode' in data ? data.migrationPointCode : null,
          speaksSpanish: data.speaksSpanish,
          detectedAt: data.detectedAt,
        },
      );
    } else if (is(envelope, caseUpdatedV1)) {
      // A correction (or a merge of two people) changes the counts of the case's earlier events too.
      const data: CaseUpdatedV1 = envelope.data;
      await this.facts.upsertCase(manager, { caseId: envelope.caseId, personId: data.personId, nationality: data.nationality, ageBand: data.ageBand, sex: data.sex, accompaniment: data.accompaniment, version });
    } else if (is(envelope, caseTransferredV1)) {
      const data: CaseTransferredV1 = envelope.data;
      await this.facts.upsertCase(manager, { caseId: envelope.caseId, personId: null, nationality: data.nationality, ageBand: data.ageBand, sex: data.sex, accompaniment: data.accompaniment, version });
    } else if (is(envelope, procuraduriaNotifiedV1)) {
      const data: ProcuraduriaNotifiedV1 = envelope.data;
      await this.facts.insertMilestone(manager, {
        eventId: envelope.id,
        caseId: envelope.caseId,
        kind: 'PROCURADURIA_NOTIFIED',
        officeCode: envelope.officeCode,
        occurredAt: data.notifiedAt,
        minutesSinceDetection: data.minutesSinceDetection,
      });
    } else if (is(envelope, channelledToDifV1)) {
      const data: ChannelledToDifV1 = envelope.data;
      await this.facts.insertMilestone(manager, {
        eventId: envelope.id,
        caseId: envelope.caseId,
        kind: 'CHANNELLED_TO_DIF',
        officeCode: envelope.officeCode,
        occurredAt: data.channelledAt,
        minutesSinceDetection: data.minutesSinceDetection,
      });
    }
  }

  public async applyFamilyEvent(envelope: EventEnvelope, manager: EntityManager): Promise<void> {
    if (is(envelope, callLoggedV1)) {
      const data: CallLoggedV1 = envelope.data;
      await this.facts.insertSession(manager, {
        eventId: envelope.id,
        caseId: envelope.caseId,
        kind: 'CALL',
        officeCode: envelope.officeCode,
        topic: null,
        interpreterUsed: data.interpreterUsed,
        heldAt: data.calledAt,
      });
    }
  }

  public async applyLegalEvent(envelope: EventEnvelope, manager: EntityManager): Promise<void> {
    if (is(envelope, childInformedV1)) {
      const data: ChildInformedV1 = envelope.data;
      await this.facts.insertSession(manager, {
        eventId: envelope.id,
        caseId: envelope.caseId,
        kind: 'INFORMED',
        officeCode: envelope.officeCode,
        topic: data.topic,
        interpreterUsed: data.interpreterUsed,
        heldAt: data.heldAt,
      });
    } else if (is(envelope, informOverdueV1)) {
      const data: InformOverdueV1 = envelope.data;
      await this.facts.insertInformOverdue(manager, { eventId: envelope.id, caseId: envelope.caseId, officeCode: envelope.officeCode, topic: data.topic, dueAt: data.dueAt });
    } else if (is(envelope, protectionChangedV1)) {
      const data: ProtectionChangedV1 = envelope.data;
      await this.facts.insertProtectionChange(manager, {
        eventId: envelope.id,
        caseId: envelope.caseId,
        officeCode: envelope.officeCode,
        version: envelope.caseVersion,
        occurredAt: envelope.occurredAt,
        status: data.status,
        decisionDueDate: data.decisionDueDate ?? null,
      });
    }
  }

  public async applyRepatriationEvent(envelope: EventEnvelope, manager: EntityManager): Promise<void> {
    if (is(envelope, planProposedV1)) {
      const data: PlanProposedV1 = envelope.data;
      await this.facts.insertReturnPlan(manager, {
        planId: data.planId,
        caseId: envelope.caseId,
        receivingCountry: data.receivingCountry,
        nationality: data.nationality,
        ageBand: data.ageBand,
        sex: data.sex,
        accompaniment: data.accompaniment,
      });
    } else if (is(envelope, planHandedOverV1)) {
      const data: PlanHandedOverV1 = envelope.data;
      await this.facts.insertReturnHandover(manager, {
        eventId: envelope.id,
        planId: data.planId,
        caseId: envelope.caseId,
        officeCode: envelope.officeCode,
        exitPointCode: data.exitPointCode,
        handedOverAt: data.handedOverAt,
      });
    } else if (is(envelope, planRefusedV1)) {
      const data: PlanRefusedV1 = envelope.data;
      await this.facts.insertReturnRefusal(manager, {
        eventId: envelope.id,
        planId: data.planId,
        caseId: envelope.caseId,
        officeCode: envelope.officeCode,
        stage: data.stage,
        rules: [...new Set(data.rules)].sort(),
        refusedAt: envelope.occurredAt,
      });
    } else if (is(envelope, receptionArrivedV1)) {
      const data: ReceptionArrivedV1 = envelope.data;
      await this.facts.insertReceptionArrival(manager, {
        eventId: envelope.id,
        receptionId: data.receptionId,
        officeCode: envelope.officeCode,
        pointCode: data.pointCode,
        accompaniment: data.accompaniment,
        outOfHours: data.outOfHours,
        arrivedAt: data.arrivedAt,
      });
    }
  }

  /** Every task event says which task, its trigger and when it opened; acknowledging and closing add their instants. */
  public async applyNotificationsEvent(envelope: EventEnvelope, manager: EntityManager): Promise<void> {
    if (!(is(envelope, taskOpenedV1) || is(envelope, taskEscalatedV1) || is(envelope, taskAcknowledgedV1) || is(envelope, taskClosedV1))) return;
    const data: TaskFacts & Partial<Pick<TaskAcknowledgedV1, 'acknowledgedAt'> & Pick<TaskClosedV1, 'closedAt' | 'outcome'>> = envelope.data;
    await this.facts.upsertTask(manager, {
      taskId: data.taskId,
      caseId: envelope.caseId,
      trigger: data.trigger,
      officeCode: envelope.officeCode,
      version: envelope.caseVersion,
      openedAt: data.openedAt,
      level: data.level,
      acknowledgedAt: data.acknowledgedAt ?? null,
      closedAt: data.closedAt ?? null,
      outcome: data.outcome ?? null,
    });
  }
}
