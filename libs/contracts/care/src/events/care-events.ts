import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsUUID,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';

import { defineEvent, EventContract } from '@opis/contracts-envelope';
import { CASE_NUMBER_PATTERN, CaseCategories } from '@opis/contracts-intake';
import { PROTECTION_CONCERNS, ProtectionConcern } from '@opis/contracts-legal-status';

import {
  CARE_NEEDS,
  CareNeed,
  CLOSED_CARE_RECORD_STATUSES,
  ClosedCareRecordStatus,
  DIETS,
  Diet,
  INCIDENT_SEVERITIES,
  INCIDENT_TYPES,
  IncidentSeverity,
  IncidentType,
  MEALS,
  Meal,
  PLACEMENT_FACILITY_TYPES,
  PLACEMENT_REFUSAL_REASONS,
  PLACEMENT_REFUSAL_RULES,
  PLACEMENT_SETTINGS,
  PlacementFacilityType,
  PlacementRefusalReason,
  PlacementRefusalRule,
  PlacementSetting,
  REQUESTED_FACILITY_TYPES,
  RequestedFacilityType,
} from '../vocabulary/care-vocabulary';

/** When each need of the checklist is due, from `detectedAt` and the configured windows. */
export class NeedsDue {
  @IsISO8601({ strict: true })
  public HEALTH!: string;

  @IsISO8601({ strict: true })
  public FOOD!: string;

  @IsISO8601({ strict: true })
  public CLOTHING!: string;

  @IsISO8601({ strict: true })
  public REST!: string;

  @IsISO8601({ strict: true })
  public PSYCHOLOGICAL_FIRST_AID!: string;
}

export class CareRecordOpenedV1 extends CaseCategories {
  @Matches(CASE_NUMBER_PATTERN)
  public caseNumber!: string;

  @IsISO8601({ strict: true })
  public detectedAt!: string;

  @ValidateNested()
  @Type(() => NeedsDue)
  public dueAt!: NeedsDue;

  /** A medical emergency seen at intake opened an urgent referral with the record. */
  @IsBoolean()
  public urgentReferralOpened!: boolean;
}

export const careRecordOpenedV1 = defineEvent({
  name: { service: 'care', aggregate: 'record', event: 'opened', version: 1 },
  dataClass: CareRecordOpenedV1,
  semantics: 'snapshot',
  description:
    'A care record opened for a newly registered case, with the immediate-needs checklist and when each need is due (DOMAIN.md 4.2).',
  example: {
    caseNumber: 'CHP-2026-000123',
    ageBand: '12-17',
    sex: 'F',
    nationality: 'GT',
    accompaniment: 'UNACCOMPANIED',
    detectedAt: '2026-11-29T14:05:00.000Z',
    dueAt: {
      HEALTH: '2026-11-29T16:05:00.000Z',
      FOOD: '2026-11-29T16:05:00.000Z',
      CLOTHING: '2026-11-29T18:05:00.000Z',
      REST: '2026-11-29T16:05:00.000Z',
      PSYCHOLOGICAL_FIRST_AID: '2026-11-30T14:05:00.000Z',
    },
    urgentReferralOpened: false,
  },
});

/** A delivery of one need: when and what kind, never what the officer wrote. */
export class CareNeedDeliveredV1 {
  @IsIn(CARE_NEEDS)
  public need!: CareNeed;

  @IsISO8601({ strict: true })
  public deliveredAt!: string;

  /** True for the delivery that met the need; meals and later screenings repeat it. */
  @IsBoolean()
  public firstDelivery!: boolean;

  /** The need was met after its due time (evidence for LM-11 compliance indicators). */
  @IsBoolean()
  public late!: boolean;

  @IsInt()
  @Min(0)
  public minutesSinceDetection!: number;

  @IsOptional()
  @IsIn(MEALS)
  public meal?: Meal;

  @IsOptional()
  @IsIn(DIETS)
  public diet?: Diet;
}

export const careNeedDeliveredV1 = defineEvent({
  name: { service: 'care', aggregate: 'need', event: 'delivered', version: 1 },
  dataClass: CareNeedDeliveredV1,
  semantics: 'change',
  description: 'An immediate need was given to the child (a meal, clothing, a health screening, a rest space, first aid).',
  example: {
    need: 'FOOD',
    deliveredAt: '2026-11-29T15:00:00.000Z',
    firstDelivery: true,
    late: false,
    minutesSinceDetection: 55,
    meal: 'LUNCH',
    diet: 'STANDARD',
  },
});

export class CareNeedOverdueV1 {
  @IsIn(CARE_NEEDS)
  public need!: CareNeed;

  @IsISO8601({ strict: true })
  public detectedAt!: string;

  @IsISO8601({ strict: true })
  public dueAt!: string;
}

export const careNeedOverdueV1 = defineEvent({
  name: { service: 'care', aggregate: 'need', event: 'overdue', version: 1 },
  dataClass: CareNeedOverdueV1,
  semantics: 'change',
  description: 'An immediate need passed its due time without a delivery. Raised once per case and need.',
  example: { need: 'FOOD', detectedAt: '2026-11-29T14:05:00.000Z', dueAt: '2026-11-29T16:05:00.000Z' },
});

export class CarePlacementChangedV1 extends CaseCategories {
  @IsUUID()
  public placementId!: string;

  /** The facility's registry id; its name stays in care. */
  @IsUUID()
  public facilityId!: string;

  @IsIn(PLACEMENT_FACILITY_TYPES)
  public facilityType!: PlacementFacilityType;

  @IsIn(PLACEMENT_SETTINGS)
  public setting!: PlacementSetting;

  @IsISO8601({ strict: true })
  public placedAt!: string;

  @IsOptional()
  @IsIn(PLACEMENT_FACILITY_TYPES)
  public previousFacilityType?: PlacementFacilityType;

  /** INV-09: an accompanied child placed with their family unit. */
  @IsBoolean()
  public withFamilyUnit!: boolean;

  /** INV-09: a Procuraduría decision allowed placing an accompanied child apart from the family. */
  @IsBoolean()
  public procuraduriaDecisionRecorded!: boolean;
}

export const carePlacementChangedV1 = defineEvent({
  name: { service: 'care', aggregate: 'placement', event: 'changed', version: 1 },
  dataClass: CarePlacementChangedV1,
  semantics: 'snapshot',
  description: 'Where the child stays changed: a registered facility and the area in it (GD-06, GD-07, LM-08, INV-04, INV-09).',
  example: {
    ageBand: '12-17',
    sex: 'F',
    nationality: 'GT',
    accompaniment: 'UNACCOMPANIED',
    placementId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d10',
    facilityId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d11',
    facilityType: 'DIF_SHELTER',
    setting: 'CHILD_ONLY_AREA',
    placedAt: '2026-11-29T16:00:00.000Z',
    withFamilyUnit: false,
    procuraduriaDecisionRecorded: false,
  },
});

/** A refused attempt, as codes: what was asked for, which rule refused it, when. Never who or where by name. */
export class CarePlacementRefusedV1 {
  @IsIn(PLACEMENT_REFUSAL_REASONS)
  public reason!: PlacementRefusalReason;

  @IsIn(Object.values(PLACEMENT_REFUSAL_RULES))
  public rule!: PlacementRefusalRule;

  @IsIn(REQUESTED_FACILITY_TYPES)
  public requestedFacilityType!: RequestedFacilityType;

  @IsIn(PLACEMENT_SETTINGS)
  public requestedSetting!: PlacementSetting;

  /** When care refused it (the server's clock, not a time the request claimed). */
  @IsISO8601({ strict: true })
  public attemptedAt!: string;
}

export const carePlacementRefusedV1 = defineEvent({
  name: { service: 'care', aggregate: 'placement', event: 'refused', version: 1 },
  dataClass: CarePlacementRefusedV1,
  semantics: 'change',
  description:
    'An attempt to place a child in a migration station or provisional stay (LM-08, INV-04) or in an area shared with unrelated adults (GD-07) was refused: an alert for supervisors and oversight, beside the audit row. Nothing else was written.',
  example: {
    reason: 'DETENTION_FACILITY',
    rule: 'LM-08',
    requestedFacilityType: 'ESTACION_MIGRATORIA',
    requestedSetting: 'CHILD_ONLY_AREA',
    attemptedAt: '2026-11-29T16:02:00.000Z',
  },
});

export class CareIncidentReportedV1 {
  @IsUUID()
  public incidentId!: string;

  @IsIn(INCIDENT_TYPES)
  public type!: IncidentType;

  @IsIn(INCIDENT_SEVERITIES)
  public severity!: IncidentSeverity;

  @IsISO8601({ strict: true })
  public occurredAt!: string;

  /** Serious incidents: supervisors of the office are to be told now. */
  @IsBoolean()
  public notifySupervisors!: boolean;

  /**
   * The child disclosed fear of return or a protection need (threats or abuse in the country of
   * origin): legal-status acts on it (INV-01, GD-08). The account itself stays in care.
   */
  @IsOptional()
  @IsIn(PROTECTION_CONCERNS)
  public protectionConcern?: ProtectionConcern;
}

export const careIncidentReportedV1 = defineEvent({
  name: { service: 'care', aggregate: 'incident', event: 'reported', version: 1 },
  dataClass: CareIncidentReportedV1,
  semantics: 'change',
  description: 'An incident affecting the child (injury, illness, runaway, abuse disclosure, threat). Never carries the account itself.',
  example: {
    incidentId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d12',
    type: 'RUNAWAY',
    severity: 'SERIOUS',
    occurredAt: '2026-11-29T22:10:00.000Z',
    notifySupervisors: true,
  },
});

export class CareRecordClosedV1 {
  @IsIn(CLOSED_CARE_RECORD_STATUSES)
  public status!: ClosedCareRecordStatus;

  /** When INM's care of the child ended: the hand-over, or the exit from the child flow, recorded by intake. */
  @IsISO8601({ strict: true })
  public closedAt!: string;

  /** Needs not met when the record closed (LM-11 compliance indicators); their clocks stop. */
  @IsArray()
  @ArrayMaxSize(CARE_NEEDS.length)
  @ArrayUnique()
  @IsIn(CARE_NEEDS, { each: true })
  public unmetNeeds!: CareNeed[];
}

export const careRecordClosedV1 = defineEvent({
  name: { service: 'care', aggregate: 'record', event: 'closed', version: 1 },
  dataClass: CareRecordClosedV1,
  semantics: 'change',
  description:
    'The care record closed: intake handed the child to DIF, which continues care outside INM (DOMAIN.md 4.2 TRANSFERRED, LM-01), or a competent age determination took the person out of the child flow (EXIT_ADULT_FLOW, GD-12). Its needs leave the overdue worklist and scanner; later records are taken only for what happened before the closing.',
  example: { status: 'TRANSFERRED', closedAt: '2026-11-29T18:30:00.000Z', unmetNeeds: ['PSYCHOLOGICAL_FIRST_AID'] },
});

/** Every care event contract, for catalogs, consumers and tests. */
export const CARE_EVENTS: readonly EventContract[] = [
  careRecordOpenedV1,
  careNeedDeliveredV1,
  careNeedOverdueV1,
  carePlacementChangedV1,
  careIncidentReportedV1,
  carePlacementRefusedV1,
  careRecordClosedV1,
];
