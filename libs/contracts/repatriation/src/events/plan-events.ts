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

import { defineEvent } from '@opis/contracts-envelope';
import { CaseCategories } from '@opis/contracts-intake';

import {
  ABORT_REASONS,
  AbortReason,
  CHECK_STAGES,
  CheckStage,
  PLAN_STATUSES,
  PlanStatus,
  RETURN_PRECONDITION_NAMES,
  ReturnPrecondition,
} from '../vocabulary/repatriation-vocabulary';
import { REGISTRY_CODE } from './registry-code';

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

  @Matches(REGISTRY_CODE)
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

  @Matches(REGISTRY_CODE)
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

  @Matches(REGISTRY_CODE)
  public receivingAuthorityCode!: string;

  @Matches(REGISTRY_CODE)
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
