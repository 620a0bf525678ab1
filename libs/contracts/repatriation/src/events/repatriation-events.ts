import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsISO8601,
  IsOptional,
  IsUUID,
  Matches,
  Min,
} from 'class-validator';

import { defineEvent, EventContract } from '@opis/contracts-envelope';
import { ACCOMPANIMENTS, CaseCategories } from '@opis/contracts-intake';

import {
  ABORT_REASONS,
  AbortReason,
  CHECK_STAGES,
  CheckStage,
  INCIDENT_KINDS,
  IncidentKind,
  PLAN_STATUSES,
  PlanStatus,
  PROCURADURIA_REFERRAL_GROUNDS,
  ProcuraduriaReferralGround,
  RECEPTION_HANDOVER_KINDS,
  ReceptionHandoverKind,
  RETURN_PRECONDITION_NAMES,
  ReturnPrecondition,
  RISK_SCREEN_FINDINGS,
  RiskScreenFinding,
  US_AGENCIES,
  UsAgency,
} from '../vocabulary/repatriation-vocabulary';

/*
 * Data minimisation (ARCHITECTURE.md): repatriation events carry ids, codes and categories only.
 * Officials' and family members' names, the acta's text and places stay in repatriation.
 */

/** Registry codes (exit points, authorities, repatriation points): upper case, digits and dashes. */
const CODE = /^[A-Z0-9][A-Z0-9-]{1,39}$/;

export class PlanProposedV1 extends CaseCategories {
  @IsUUID()
  public planId!: string;

  @IsISO31661Alpha2()
  public receivingCountry!: string;
}

export const planProposedV1 = defineEvent({
  name: { service: 'repatriation', aggregate: 'plan', event: 'proposed', version: 1 },
  dataClass: PlanProposedV1,
  semantics: 'snapshot',
  description:
    'An assisted-return plan was proposed for a foreign child whose PAM legal-status resolved as ASSISTED_RETURN_APPROVED (DOMAIN.md 4.5 a, LM-06); nothing else is decided yet.',
  example: {
    planId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d20',
    receivingCountry: 'GT',
    ageBand: '12-17',
    sex: 'F',
    nationality: 'GT',
    accompaniment: 'UNACCOMPANIED',
  },
});

export class PlanApprovedV1 {
  @IsUUID()
  public planId!: string;

  @Matches(CODE)
  public receivingAuthorityCode!: string;

  /** When legal-status, asked at approval, last changed the case's lock (INV-01). */
  @IsISO8601({ strict: true })
  public legalStatusAsOf!: string;
}

export const planApprovedV1 = defineEvent({
  name: { service: 'repatriation', aggregate: 'plan', event: 'approved', version: 1 },
  dataClass: PlanApprovedV1,
  semantics: 'change',
  description: 'Every return precondition held and legal-status confirmed no protection lock (INV-01, INV-02, LM-13, RP-01..06).',
  example: { planId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d20', receivingAuthorityCode: 'GT-SBS', legalStatusAsOf: '2026-12-01T10:00:00.000Z' },
});

export class PlanRefusedV1 {
  @IsUUID()
  public planId!: string;

  @IsIn(CHECK_STAGES)
  public stage!: CheckStage;

  /** Every unmet precondition, by name; the rule IDs are in RETURN_PRECONDITIONS. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(RETURN_PRECONDITION_NAMES.length)
  @IsIn(RETURN_PRECONDITION_NAMES, { each: true })
  public unmet!: ReturnPrecondition[];

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(RETURN_PRECONDITION_NAMES.length)
  @Matches(/^[A-Z]+-[0-9A-Za-z.]+$/, { each: true })
  public rules!: string[];
}

export const planRefusedV1 = defineEvent({
  name: { service: 'repatriation', aggregate: 'plan', event: 'refused', version: 1 },
  dataClass: PlanRefusedV1,
  semantics: 'change',
  description: 'Approval, scheduling or departure was refused; names every unmet precondition and its rule (blocked-transition report, DOMAIN.md 7.2).',
  example: {
    planId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d20',
    stage: 'APPROVAL',
    unmet: ['NO_PROTECTION_LOCK', 'CHILD_INFORMED_AND_HEARD'],
    rules: ['INV-01', 'LM-16'],
  },
});

export class PlanScheduledV1 {
  @IsUUID()
  public planId!: string;

  @Matches(CODE)
  public exitPointCode!: string;

  @IsISO8601({ strict: true })
  public handoverAt!: string;

  @IsInt()
  @Min(1)
  public legs!: number;

  /** Escorts over all legs (LM-14, INV-08); who they are stays in repatriation. */
  @IsInt()
  @Min(1)
  public escorts!: number;

  /** The child travels with the adults of the family unit, as the Procuraduría's plan endorsed (RP-10, INV-09). */
  @IsOptional()
  @IsBoolean()
  public withFamilyAdults?: boolean;
}

export const planScheduledV1 = defineEvent({
  name: { service: 'repatriation', aggregate: 'plan', event: 'scheduled', version: 1 },
  dataClass: PlanScheduledV1,
  semantics: 'change',
  description: 'Point of exit and hand-over time inside the receiving country’s window (RP-07, RP-08), an escort on every leg (LM-14, INV-08).',
  example: {
    planId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d20',
    exitPointCode: 'MX-CHP-CIUDAD-HIDALGO',
    handoverAt: '2026-12-07T16:00:00.000Z',
    legs: 1,
    escorts: 2,
    withFamilyAdults: false,
  },
});

export class PlanDepartedV1 {
  @IsUUID()
  public planId!: string;

  @IsISO8601({ strict: true })
  public departedAt!: string;

  @IsISO8601({ strict: true })
  public legalStatusAsOf!: string;
}

export const planDepartedV1 = defineEvent({
  name: { service: 'repatriation', aggregate: 'plan', event: 'departed', version: 1 },
  dataClass: PlanDepartedV1,
  semantics: 'change',
  description: 'The child left with the escort, after legal-status confirmed again that no lock holds (INV-01): a link of the custody chain.',
  example: { planId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d20', departedAt: '2026-12-07T12:00:00.000Z', legalStatusAsOf: '2026-12-07T11:59:00.000Z' },
});

export class PlanHandedOverV1 {
  @IsUUID()
  public planId!: string;

  @IsUUID()
  public handoverId!: string;

  @Matches(CODE)
  public receivingAuthorityCode!: string;

  @Matches(CODE)
  public exitPointCode!: string;

  @IsISO8601({ strict: true })
  public handedOverAt!: string;
}

export const planHandedOverV1 = defineEvent({
  name: { service: 'repatriation', aggregate: 'plan', event: 'handed-over', version: 1 },
  dataClass: PlanHandedOverV1,
  semantics: 'change',
  description: 'The receiving authority signed the acta de entrega (RP-03, INV-08): the custody chain ends; the plan is closed afterwards (repatriation.plan.closed).',
  example: {
    planId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d20',
    handoverId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d21',
    receivingAuthorityCode: 'GT-SBS',
    exitPointCode: 'MX-CHP-CIUDAD-HIDALGO',
    handedOverAt: '2026-12-07T16:05:00.000Z',
  },
});

export class PlanClosedV1 {
  @IsUUID()
  public planId!: string;

  @IsISO8601({ strict: true })
  public closedAt!: string;

  /** A follow-up or reintegration note was recorded; the note itself stays in repatriation. */
  @IsBoolean()
  public followUpRecorded!: boolean;
}

export const planClosedV1 = defineEvent({
  name: { service: 'repatriation', aggregate: 'plan', event: 'closed', version: 1 },
  dataClass: PlanClosedV1,
  semantics: 'change',
  description: 'A handed-over return was closed (DOMAIN.md 4.5 a), with or without a follow-up or reintegration note.',
  example: { planId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d20', closedAt: '2026-12-21T10:00:00.000Z', followUpRecorded: true },
});

export class PlanAbortedV1 {
  @IsUUID()
  public planId!: string;

  @IsIn(ABORT_REASONS)
  public reason!: AbortReason;

  @IsIn(PLAN_STATUSES)
  public fromStatus!: PlanStatus;

  /** The child is travelling: the escort must be reached now. */
  @IsBoolean()
  public urgent!: boolean;
}

export const planAbortedV1 = defineEvent({
  name: { service: 'repatriation', aggregate: 'plan', event: 'aborted', version: 1 },
  dataClass: PlanAbortedV1,
  semantics: 'change',
  description:
    'The return stopped before hand-over (claim, fear, health, receiving authority; a protection lock or the PAM reopened in legal-status); back to legal-status to re-plan. legal-status acts on FEAR_EXPRESSED and PROTECTION_CLAIM.',
  example: { planId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d20', reason: 'PROTECTION_LOCK', fromStatus: 'IN_TRANSIT', urgent: true },
});

/*
 * Reception events: until intake has registered the child, the envelope's caseId is the
 * reception's id; `caseId` in the data is intake's case once linked.
 */

export class ReceptionOpenedV1 {
  @IsUUID()
  public receptionId!: string;

  @IsIn(US_AGENCIES)
  public usAgency!: UsAgency;

  @Matches(CODE)
  public expectedPointCode!: string;

  @IsISO8601({ strict: true })
  public expectedAt!: string;
}

export const receptionOpenedV1 = defineEvent({
  name: { service: 'repatriation', aggregate: 'reception', event: 'opened', version: 1 },
  dataClass: ReceptionOpenedV1,
  semantics: 'snapshot',
  description: 'A US notice of a Mexican child’s return opened a reception (US-02, DOMAIN.md 4.5 b). The US reference stays in repatriation.',
  example: { receptionId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d30', usAgency: 'USBP', expectedPointCode: 'MX-BCN-TIJUANA', expectedAt: '2026-12-03T17:00:00.000Z' },
});

export class ReceptionArrivedV1 {
  @IsUUID()
  public receptionId!: string;

  @Matches(CODE)
  public pointCode!: string;

  @IsISO8601({ strict: true })
  public arrivedAt!: string;

  @IsIn(ACCOMPANIMENTS)
  public accompaniment!: string;

  /** Outside the point's hours for unaccompanied children (US-03). */
  @IsBoolean()
  public outOfHours!: boolean;
}

export const receptionArrivedV1 = defineEvent({
  name: { service: 'repatriation', aggregate: 'reception', event: 'arrived', version: 1 },
  dataClass: ReceptionArrivedV1,
  semantics: 'change',
  description: 'The child was received at a registered repatriation point (US-03, US-05).',
  example: {
    receptionId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d30',
    pointCode: 'MX-BCN-TIJUANA',
    arrivedAt: '2026-12-03T17:10:00.000Z',
    accompaniment: 'UNACCOMPANIED',
    outOfHours: false,
  },
});

export class ReceptionHandedOverV1 {
  @IsUUID()
  public receptionId!: string;

  @IsUUID()
  public handoverId!: string;

  @IsIn(RECEPTION_HANDOVER_KINDS)
  public kind!: ReceptionHandoverKind;

  /** The family member (family-contact's contact id) for a FAMILY hand-over. */
  @IsOptional()
  @IsUUID()
  public familyContactId?: string;

  /** The home state (ISO 3166-2:MX code without prefix) for a STATE_DIF transfer. */
  @IsOptional()
  @Matches(/^[A-Z]{3}$/)
  public homeState?: string;

  @IsInt()
  @Min(0)
  public escorts!: number;

  @IsISO8601({ strict: true })
  public handedOverAt!: string;
}

export const receptionHandedOverV1 = defineEvent({
  name: { service: 'repatriation', aggregate: 'reception', event: 'handed-over', version: 1 },
  dataClass: ReceptionHandedOverV1,
  semantics: 'change',
  description: 'The returned child went to a verified family member (US-05) or, escorted, to the home state’s DIF (LM-14): a link of the custody chain.',
  example: {
    receptionId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d30',
    handoverId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d31',
    kind: 'FAMILY',
    familyContactId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d11',
    escorts: 0,
    handedOverAt: '2026-12-04T12:00:00.000Z',
  },
});

export class ReceptionReferredToProcuraduriaV1 {
  @IsUUID()
  public receptionId!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PROCURADURIA_REFERRAL_GROUNDS.length)
  @IsIn(PROCURADURIA_REFERRAL_GROUNDS, { each: true })
  public grounds!: ProcuraduriaReferralGround[];

  /** What the independent risk screen found (US-06), categories only. */
  @IsArray()
  @ArrayMaxSize(RISK_SCREEN_FINDINGS.length)
  @IsIn(RISK_SCREEN_FINDINGS, { each: true })
  public findings!: RiskScreenFinding[];
}

export const receptionReferredToProcuraduriaV1 = defineEvent({
  name: { service: 'repatriation', aggregate: 'reception', event: 'referred-to-procuraduria', version: 1 },
  dataClass: ReceptionReferredToProcuraduriaV1,
  semantics: 'change',
  description:
    'A returned child channelled to DIF goes to the Procuraduría (PROCURADURIA_MEASURE): a positive independent risk screen (US-06) or intrafamily violence among the causes of migration (LM-15). No family hand-over until a measure is recorded.',
  example: { receptionId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d30', grounds: ['RISK_SCREEN', 'INTRAFAMILY_VIOLENCE'], findings: ['VIOLENCE_AT_HOME'] },
});

export class ReceptionFamilyContactedV1 {
  @IsUUID()
  public receptionId!: string;

  /** The family member (family-contact's contact id) DIF reached. */
  @IsUUID()
  public familyContactId!: string;

  @IsISO8601({ strict: true })
  public contactedAt!: string;
}

export const receptionFamilyContactedV1 = defineEvent({
  name: { service: 'repatriation', aggregate: 'reception', event: 'family-contacted', version: 1 },
  dataClass: ReceptionFamilyContactedV1,
  semantics: 'change',
  description: 'DIF reached a parent or guardian of the returned child to collect them or arrange the transfer home (US-05, FAMILY_CONTACTED).',
  example: { receptionId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d30', familyContactId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d11', contactedAt: '2026-12-04T09:00:00.000Z' },
});

export class ReceptionClosedV1 {
  @IsUUID()
  public receptionId!: string;

  /** How the reception ended. */
  @IsIn(RECEPTION_HANDOVER_KINDS)
  public kind!: ReceptionHandoverKind;

  @IsISO8601({ strict: true })
  public closedAt!: string;
}

export const receptionClosedV1 = defineEvent({
  name: { service: 'repatriation', aggregate: 'reception', event: 'closed', version: 1 },
  dataClass: ReceptionClosedV1,
  semantics: 'change',
  description: 'A reception ended with the child with family or the home state’s DIF was closed (DOMAIN.md 4.5 b).',
  example: { receptionId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d30', kind: 'FAMILY', closedAt: '2026-12-05T10:00:00.000Z' },
});

export class IncidentRecordedV1 {
  @IsUUID()
  public incidentId!: string;

  @IsIn(INCIDENT_KINDS)
  public kind!: IncidentKind;

  @IsUUID()
  public receptionId!: string;

  @Matches(CODE)
  public pointCode!: string;

  @IsIn(US_AGENCIES)
  public usAgency!: UsAgency;

  @IsISO8601({ strict: true })
  public occurredAt!: string;
}

export const incidentRecordedV1 = defineEvent({
  name: { service: 'repatriation', aggregate: 'incident', event: 'recorded', version: 1 },
  dataClass: IncidentRecordedV1,
  semantics: 'change',
  description: 'An LRA breach to raise with the consulate and CBP: an unaccompanied child returned outside the point’s hours (US-03).',
  example: {
    incidentId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d40',
    kind: 'OUT_OF_HOURS_ARRIVAL',
    receptionId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d30',
    pointCode: 'MX-BCN-TIJUANA',
    usAgency: 'USBP',
    occurredAt: '2026-12-03T05:10:00.000Z',
  },
});

/** Every repatriation event contract, for catalogs, consumers and tests. */
export const REPATRIATION_EVENTS: readonly EventContract[] = [
  planProposedV1,
  planApprovedV1,
  planRefusedV1,
  planScheduledV1,
  planDepartedV1,
  planHandedOverV1,
  planAbortedV1,
  planClosedV1,
  receptionOpenedV1,
  receptionArrivedV1,
  receptionHandedOverV1,
  receptionReferredToProcuraduriaV1,
  receptionFamilyContactedV1,
  receptionClosedV1,
  incidentRecordedV1,
];
