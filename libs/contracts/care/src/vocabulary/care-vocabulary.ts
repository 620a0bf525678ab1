/** Categories care shares with other services. Values are stable API: add, never rename. */

/** The immediate-needs checklist (DOMAIN.md 4.2, US-07). */
export const CARE_NEEDS = ['HEALTH', 'FOOD', 'CLOTHING', 'REST', 'PSYCHOLOGICAL_FIRST_AID'] as const;
export type CareNeed = (typeof CARE_NEEDS)[number];

/**
 * A care record's state (DOMAIN.md 4.2). ACTIVE: every basic need (HEALTH, FOOD, CLOTHING, REST)
 * met. TRANSFERRED: intake handed the child to DIF, which continues care outside INM's scope
 * (LM-01). EXIT_ADULT_FLOW: a competent age determination found the person an adult (GD-12), so
 * the child checklist's clocks stop. Both close the record.
 */
export const CARE_RECORD_STATUSES = ['OPEN', 'ACTIVE', 'TRANSFERRED', 'EXIT_ADULT_FLOW'] as const;
export type CareRecordStatus = (typeof CARE_RECORD_STATUSES)[number];

/** The states in which a record is closed. */
export const CLOSED_CARE_RECORD_STATUSES = ['TRANSFERRED', 'EXIT_ADULT_FLOW'] as const;
export type ClosedCareRecordStatus = (typeof CLOSED_CARE_RECORD_STATUSES)[number];

/** Kinds of meal; meals repeat, so FOOD has many deliveries. */
export const MEALS = ['BREAKFAST', 'LUNCH', 'DINNER', 'SNACK', 'INFANT_FEED'] as const;
export type Meal = (typeof MEALS)[number];

/** Diets a delivery can record, including the special diets of infants and young children. */
export const DIETS = [
  'STANDARD',
  'INFANT_MILK',
  'INFANT_SOFT',
  'YOUNG_CHILD',
  'PREGNANCY',
  'MEDICAL',
  'ALLERGY',
  'RELIGIOUS_OR_CULTURAL',
] as const;
export type Diet = (typeof DIETS)[number];

/**
 * Facilities a child may be placed in (GD-06, LM-08): DIF shelters, CAS, hospitals and INM
 * offices for a short, bounded wait. Never a migration station or provisional stay.
 */
export const PLACEMENT_FACILITY_TYPES = ['DIF_SHELTER', 'CAS', 'HOSPITAL', 'INM_OFFICE'] as const;
export type PlacementFacilityType = (typeof PLACEMENT_FACILITY_TYPES)[number];

/** Named only so that an attempt can be refused and audited (LM-08, INV-04). */
export const DETENTION_FACILITY_TYPES = ['ESTACION_MIGRATORIA', 'ESTANCIA_PROVISIONAL'] as const;
export type DetentionFacilityType = (typeof DETENTION_FACILITY_TYPES)[number];

export const REQUESTED_FACILITY_TYPES = [...PLACEMENT_FACILITY_TYPES, ...DETENTION_FACILITY_TYPES] as const;
export type RequestedFacilityType = (typeof REQUESTED_FACILITY_TYPES)[number];

/**
 * Where in a facility the child stays (GD-07, INV-09). A mixed-adult area is named only so that
 * it can be refused: no child shares space with unrelated adults.
 */
export const PLACEMENT_SETTINGS = ['CHILD_ONLY_AREA', 'FAMILY_UNIT_AREA', 'MIXED_ADULT_AREA'] as const;
export type PlacementSetting = (typeof PLACEMENT_SETTINGS)[number];

/**
 * Placements refused as attempts others must see (LM-08 RPT, INV-04, GD-07): a migration station
 * or provisional stay, or an area shared with unrelated adults.
 */
export const PLACEMENT_REFUSAL_REASONS = ['DETENTION_FACILITY', 'MIXED_ADULT_AREA'] as const;
export type PlacementRefusalReason = (typeof PLACEMENT_REFUSAL_REASONS)[number];

/** The DOMAIN.md rule behind each refusal reason. */
export const PLACEMENT_REFUSAL_RULES = { DETENTION_FACILITY: 'LM-08', MIXED_ADULT_AREA: 'GD-07' } as const satisfies Record<PlacementRefusalReason, string>;
export type PlacementRefusalRule = (typeof PLACEMENT_REFUSAL_RULES)[PlacementRefusalReason];

export const INCIDENT_TYPES = ['INJURY', 'ILLNESS', 'RUNAWAY', 'ABUSE_DISCLOSURE', 'THREAT'] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

export const INCIDENT_SEVERITIES = ['MINOR', 'MODERATE', 'SERIOUS', 'CRITICAL'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

/** Incidents that always reach supervisors, whatever severity was recorded. */
export const ALWAYS_SERIOUS_INCIDENT_TYPES: readonly IncidentType[] = ['RUNAWAY', 'ABUSE_DISCLOSURE'];

export function isSeriousIncident(type: IncidentType, severity: IncidentSeverity): boolean {
  return severity === 'SERIOUS' || severity === 'CRITICAL' || ALWAYS_SERIOUS_INCIDENT_TYPES.includes(type);
}

/** Flags a care record carries for whoever looks at the case. */
export const CARE_FLAGS = ['URGENT_MEDICAL_REFERRAL', 'SERIOUS_INCIDENT'] as const;
export type CareFlag = (typeof CARE_FLAGS)[number];

export const REFERRAL_REASONS = ['MEDICAL_EMERGENCY_AT_INTAKE', 'HEALTH_SCREENING'] as const;
export type ReferralReason = (typeof REFERRAL_REASONS)[number];

/**
 * What an incident may record that the child disclosed (issue 18): legal-status's own vocabulary,
 * re-exported so that care's code needs nothing of legal-status (LM-11, INV-07) and the two can
 * never disagree on a value.
 */
export { PROTECTION_CONCERNS, type ProtectionConcern } from '@opis/contracts-legal-status';
