import { EventContract, EventEnvelope, eventType, isOfficeCode, OfficeCode } from '@opis/contracts-envelope';
import {
  careIncidentReportedV1,
  CareIncidentReportedV1,
  careNeedDeliveredV1,
  CareNeedDeliveredV1,
  careNeedOverdueV1,
  CareNeedOverdueV1,
  carePlacementRefusedV1,
  CarePlacementRefusedV1,
  careRecordClosedV1,
} from '@opis/contracts-care';
import { callLoggedV1, callOverdueV1 } from '@opis/contracts-family-contact';
import {
  caseClosedV1,
  caseExitedAdultFlowV1,
  channelledToDifV1,
  deadlineOverdueV1,
  DeadlineOverdueV1,
  mpNoticeOverdueV1,
  mpNotifiedV1,
  procuraduriaNotifiedV1,
} from '@opis/contracts-intake';
import {
  childInformedV1,
  ChildInformedV1,
  deadlineAlertedV1,
  DeadlineAlertedV1,
  informOverdueV1,
  InformOverdueV1,
  protectionChangedV1,
  ProtectionChangedV1,
  residenceTaskChangedV1,
  ResidenceTaskChangedV1,
} from '@opis/contracts-legal-status';
import { TASK_TRIGGERS, TaskTrigger } from '@opis/contracts-notifications';
import { planAbortedV1, PlanAbortedV1 } from '@opis/contracts-repatriation';

/**
 * What needs a person, as codes (the contracts' vocabulary: the task events carry them). Each names
 * a row of `escalation_rule` (its national default, and any office's own), so who is addressed and
 * how fast it escalates are data, not code.
 */
export const TRIGGERS = TASK_TRIGGERS;
export type Trigger = TaskTrigger;

/** What a trigger's task is about, short enough for an SMS and with nothing about the child. */
export const TRIGGER_LABELS: Readonly<Record<Trigger, string>> = {
  INTAKE_DEADLINE_ESCALATION: 'Plazo INV-03 por vencer',
  INTAKE_DEADLINE_BREACH: 'Plazo INV-03 vencido',
  INTAKE_MP_NOTICE_OVERDUE: 'Aviso al MP vencido',
  CARE_NEED_OVERDUE: 'Necesidad inmediata vencida',
  CARE_SERIOUS_INCIDENT: 'Incidente grave',
  CARE_DETENTION_PLACEMENT_ATTEMPT: 'Intento de alojamiento prohibido',
  FAMILY_FIRST_CALL_OVERDUE: 'Primera llamada vencida',
  LEGAL_INFORM_OVERDUE: 'Informar al niño: plazo vencido',
  LEGAL_CLAIM_DECISION_MARK: 'COMAR: plazo de resolución',
  LEGAL_COMAR_NOTICE_MISSED: 'COMAR: aviso de 72 horas no recibido',
  LEGAL_RESIDENCE_TASK_OVERDUE: 'Residencia permanente: trámite vencido',
  REPATRIATION_RETURN_ABORTED: 'Retorno detenido',
  DEAD_LETTER_HELD_BACK: 'Caso detenido por un evento fallido',
};

/** A task to open: one per triggering event; `condition` names what clears it within the case. */
export interface TaskOpening {
  trigger: Trigger;
  condition: string;
  /** A short code of what the task is about (a need, a clock, a topic), never free text. */
  subject: string;
}

/** Conditions of a case that an event clears; a prefix ending in `:` clears every condition under it. */
export interface TaskClearing {
  conditions: string[];
}

export interface TriggerDecision {
  open?: TaskOpening;
  clear?: TaskClearing;
}

type Data<T extends object> = EventEnvelope<T>['data'];

/** Decided COMAR claims: the decision term's marks no longer matter. */
const CLAIM_DECIDED = new Set(['RECOGNIZED_REFUGEE', 'COMPLEMENTARY_PROTECTION', 'DENIED', 'FINAL_DENIED', 'WITHDRAWN']);

/**
 * The one place that says which event opens a task and which clears one. Pure: the consumer
 * applies the decision in its transaction, so a redelivered event decides the same again and
 * the unique source event id makes the second opening nothing.
 */
export function decide(envelope: EventEnvelope): TriggerDecision {
  switch (envelope.type) {
    // intake: INV-03 clocks (Procuraduría notification, DIF channelling), the MP notice.
    case eventTypeOf(deadlineOverdueV1): {
      const data = envelope.data as Data<DeadlineOverdueV1>;
      return {
        open: {
          trigger: data.level === 'BREACH' ? 'INTAKE_DEADLINE_BREACH' : 'INTAKE_DEADLINE_ESCALATION',
          condition: `intake.deadline:${data.clock}`,
          subject: data.clock,
        },
      };
    }
    case eventTypeOf(procuraduriaNotifiedV1):
      return { clear: { conditions: ['intake.deadline:PROCURADURIA_NOTIFICATION'] } };
    case eventTypeOf(channelledToDifV1):
      return { clear: { conditions: ['intake.deadline:DIF_CHANNELLING'] } };
    case eventTypeOf(mpNoticeOverdueV1):
      return { open: { trigger: 'INTAKE_MP_NOTICE_OVERDUE', condition: 'intake.mp-notice', subject: 'MP_NOTICE' } };
    case eventTypeOf(mpNotifiedV1):
      return { clear: { conditions: ['intake.mp-notice'] } };
    case eventTypeOf(caseClosedV1):
      return { clear: { conditions: ['intake.deadline:'] } };
    case eventTypeOf(caseExitedAdultFlowV1):
      // Out of the child flow: the child-only clocks stop (GD-12); incidents stay for a person to close.
      return { clear: { conditions: ['intake.deadline:', 'intake.mp-notice', 'care.need:', 'family.first-call', 'legal.inform:'] } };

    // care: a need past due, a serious incident, an attempt to place a child in detention.
    case eventTypeOf(careNeedOverdueV1): {
      const data = envelope.data as Data<CareNeedOverdueV1>;
      return { open: { trigger: 'CARE_NEED_OVERDUE', condition: `care.need:${data.need}`, subject: data.need } };
    }
    case eventTypeOf(careNeedDeliveredV1): {
      const data = envelope.data as Data<CareNeedDeliveredV1>;
      return { clear: { conditions: [`care.need:${data.need}`] } };
    }
    case eventTypeOf(careRecordClosedV1):
      // Care of the child ended (hand-over to DIF, or out of the child flow): the needs' clocks stop.
      return { clear: { conditions: ['care.need:'] } };
    case eventTypeOf(careIncidentReportedV1): {
      const data = envelope.data as Data<CareIncidentReportedV1>;
      if (!data.notifySupervisors && data.severity !== 'SERIOUS' && data.severity !== 'CRITICAL') return {};
      return { open: { trigger: 'CARE_SERIOUS_INCIDENT', condition: `care.incident:${data.incidentId}`, subject: data.type } };
    }
    case eventTypeOf(carePlacementRefusedV1): {
      const data = envelope.data as Data<CarePlacementRefusedV1>;
      // Only the attempt to detain (LM-08, INV-04) is an alert; a setting refused under GD-07 is ordinary validation.
      if (data.reason !== 'DETENTION_FACILITY') return {};
      return { open: { trigger: 'CARE_DETENTION_PLACEMENT_ATTEMPT', condition: `care.placement-attempt:${envelope.id}`, subject: data.rule } };
    }

    // family-contact: the first free call.
    case eventTypeOf(callOverdueV1):
      return { open: { trigger: 'FAMILY_FIRST_CALL_OVERDUE', condition: 'family.first-call', subject: 'FIRST_CALL' } };
    case eventTypeOf(callLoggedV1):
      // Any call offered (made or declined) discharges the duty to offer it.
      return { clear: { conditions: ['family.first-call'] } };

    // legal-status: informing the child, COMAR's terms and notice, the residence task.
    case eventTypeOf(informOverdueV1): {
      const data = envelope.data as Data<InformOverdueV1>;
      return { open: { trigger: 'LEGAL_INFORM_OVERDUE', condition: `legal.inform:${data.topic}`, subject: data.topic } };
    }
    case eventTypeOf(childInformedV1): {
      const data = envelope.data as Data<ChildInformedV1>;
      return { clear: { conditions: [`legal.inform:${data.topic}`] } };
    }
    case eventTypeOf(deadlineAlertedV1): {
      const data = envelope.data as Data<DeadlineAlertedV1>;
      if (data.deadline === 'CLAIM_DECISION') {
        return { open: { trigger: 'LEGAL_CLAIM_DECISION_MARK', condition: 'legal.deadline:CLAIM_DECISION', subject: `${data.level}${data.workingDay ? `_DAY_${data.workingDay}` : ''}` } };
      }
      if (data.deadline === 'COMAR_NOTICE') {
        return { open: { trigger: 'LEGAL_COMAR_NOTICE_MISSED', condition: 'legal.deadline:COMAR_NOTICE', subject: data.level } };
      }
      return { open: { trigger: 'LEGAL_RESIDENCE_TASK_OVERDUE', condition: 'legal.deadline:RESIDENCE_TASK', subject: data.level } };
    }
    case eventTypeOf(protectionChangedV1): {
      const data = envelope.data as Data<ProtectionChangedV1>;
      return CLAIM_DECIDED.has(data.status) ? { clear: { conditions: ['legal.deadline:CLAIM_DECISION'] } } : {};
    }
    case eventTypeOf(residenceTaskChangedV1): {
      const data = envelope.data as Data<ResidenceTaskChangedV1>;
      return data.status === 'COMPLETED' ? { clear: { conditions: ['legal.deadline:RESIDENCE_TASK'] } } : {};
    }

    // repatriation: a return stopped by the protection lock or a reopened procedure, or while travelling.
    case eventTypeOf(planAbortedV1): {
      const data = envelope.data as Data<PlanAbortedV1>;
      if (!data.urgent && data.reason !== 'PROTECTION_LOCK' && data.reason !== 'PROCEDURE_REOPENED') return {};
      return { open: { trigger: 'REPATRIATION_RETURN_ABORTED', condition: `repatriation.plan:${data.planId}`, subject: data.reason } };
    }
    default:
      return {};
  }
}

function eventTypeOf(contract: EventContract): string {
  return eventType(contract.name);
}

/** The contracts `decide` acts on, for the consumers' `handles`. */
export const TRIGGER_CONTRACTS = {
  intake: [deadlineOverdueV1, procuraduriaNotifiedV1, channelledToDifV1, mpNoticeOverdueV1, mpNotifiedV1, caseClosedV1, caseExitedAdultFlowV1],
  care: [careNeedOverdueV1, careNeedDeliveredV1, careRecordClosedV1, careIncidentReportedV1, carePlacementRefusedV1],
  familyContact: [callOverdueV1, callLoggedV1],
  legalStatus: [informOverdueV1, childInformedV1, deadlineAlertedV1, protectionChangedV1, residenceTaskChangedV1],
  repatriation: [planAbortedV1],
} as const;

/** A dead letter as a consumer publishes it on `opis.dlq.<service>.<durable>` (libs/messaging). */
export interface DeadLetterNotice {
  id: string;
  service: string;
  consumer: string;
  /** The message as it arrived: an envelope when it was one. */
  payload: string;
}

/** A task about the case a dead letter holds back, with what names it. */
export interface DeadLetterOpening extends TaskOpening {
  sourceId: string;
  caseId: string;
  officeCode: OfficeCode;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE = /^[a-z][a-z0-9.-]{0,99}$/;

/**
 * A dead letter holds back its case in the consumer's service (its later events wait behind it)
 * until an operator replays or skips it: the office's supervisors are told which service and
 * which kind of event, never the payload or the reason (which may quote it). Null when the letter
 * names no case (a message that was not an envelope): there is no office to tell.
 */
export function decideDeadLetter(notice: unknown): DeadLetterOpening | null {
  if (!notice || typeof notice !== 'object') return null;
  const { id, service, consumer, payload } = notice as Partial<DeadLetterNotice>;
  if (typeof id !== 'string' || !UUID.test(id) || typeof payload !== 'string' || typeof service !== 'string' || typeof consumer !== 'string') return null;
  let envelope: Partial<EventEnvelope>;
  try {
    envelope = JSON.parse(payload) as Partial<EventEnvelope>;
  } catch {
    return null;
  }
  if (!envelope || typeof envelope.caseId !== 'string' || !UUID.test(envelope.caseId) || !isOfficeCode(envelope.officeCode)) return null;
  const type = typeof envelope.type === 'string' && CODE.test(envelope.type) ? envelope.type : 'unknown';
  const where = CODE.test(service) ? service : 'unknown';
  return { trigger: 'DEAD_LETTER_HELD_BACK', condition: `dead-letter:${id}`, subject: `${where}:${type}`, sourceId: id, caseId: envelope.caseId, officeCode: envelope.officeCode };
}
