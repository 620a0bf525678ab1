/** Repatriation vocabulary (DOMAIN.md 2.4, 2.5, 4.5). Values are stable API: add, never rename. */

/**
 * Outbound assisted return (DOMAIN.md 4.5 a). HANDED_OVER ends the custody chain (INV-08); CLOSED
 * follows it, with an optional follow-up or reintegration note.
 */
export const PLAN_STATUSES = ['PROPOSED', 'APPROVED', 'SCHEDULED', 'IN_TRANSIT', 'HANDED_OVER', 'ABORTED', 'CLOSED'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** Plans that may still move; an abort is possible from any of them (DOMAIN.md 4.5 a). */
export const OPEN_PLAN_STATUSES: readonly PlanStatus[] = ['PROPOSED', 'APPROVED', 'SCHEDULED', 'IN_TRANSIT'];

/**
 * Every precondition of a return (INV-01, INV-02, LM-13, RP-01..06, LM-16/INF-04, DOMAIN.md 4.5 a),
 * each with the rule that requires it. A refusal lists every one that is unmet.
 */
export const RETURN_PRECONDITIONS = {
  NO_PROTECTION_LOCK: 'INV-01',
  // DOMAIN.md 4.5 a: a return plan stands only on a PAM legal-status resolved as ASSISTED_RETURN_APPROVED.
  PROCEDURE_RESOLVED_FOR_RETURN: 'LM-06',
  LEGAL_STATUS_CONFIRMED: 'INV-01',
  BEST_INTERESTS_RECOMMENDS_RETURN: 'RP-01',
  FAMILY_OR_GUARDIAN_VERIFIED: 'RP-06',
  FAMILY_IN_COUNTRY_OF_RETURN: 'RP-06',
  NO_FLAGGED_RECEIVER: 'RP-06',
  RECEIVING_AUTHORITY_CONFIRMED: 'LM-13',
  // RP-09: a trafficking flag adds its checklist (detail [U]: what each item holds is a design choice).
  ORIGIN_RISK_ASSESSED: 'RP-09',
  RECEIVING_PROTECTION_PLAN_CONFIRMED: 'RP-09',
  CHILD_INFORMED_AND_HEARD: 'LM-16',
  // DOMAIN.md 4.5 a lists the health check among the preconditions without a rule ID of its own.
  FIT_TO_TRAVEL: 'DOMAIN-4.5a',
  EXIT_POINT_AGREED: 'RP-07',
  HANDOVER_IN_WINDOW: 'RP-08',
  NOTICE_PERIOD: 'RP-07',
  ESCORT_ON_EVERY_LEG: 'LM-14',
  NOT_WITH_ADULT_RETURNS: 'RP-08',
  FAMILY_UNIT_RETURN_ENDORSED: 'RP-10',
} as const;
export type ReturnPrecondition = keyof typeof RETURN_PRECONDITIONS;
export const RETURN_PRECONDITION_NAMES = Object.keys(RETURN_PRECONDITIONS) as ReturnPrecondition[];

/** The step at which preconditions were checked and refused. */
export const CHECK_STAGES = ['APPROVAL', 'SCHEDULING', 'DEPARTURE'] as const;
export type CheckStage = (typeof CHECK_STAGES)[number];

/**
 * Why a plan was aborted (DOMAIN.md 4.5 a). PROTECTION_LOCK and PROCEDURE_REOPENED are set by
 * legal-status's events (a lock; the PAM no longer resolved as ASSISTED_RETURN_APPROVED), never by an officer.
 */
export const ABORT_REASONS = ['PROTECTION_CLAIM', 'FEAR_EXPRESSED', 'HEALTH', 'RECEIVING_AUTHORITY_FAILED', 'PROTECTION_LOCK', 'PROCEDURE_REOPENED'] as const;
export type AbortReason = (typeof ABORT_REASONS)[number];
/** The reasons an officer gives; the others come from legal-status's events only. */
export const OFFICER_ABORT_REASONS: readonly AbortReason[] = ['PROTECTION_CLAIM', 'FEAR_EXPRESSED', 'HEALTH', 'RECEIVING_AUTHORITY_FAILED'];

export const TRAVEL_MODES = ['LAND', 'AIR'] as const;
export type TravelMode = (typeof TRAVEL_MODES)[number];

/**
 * Inbound reception of a Mexican child returned from the USA (DOMAIN.md 4.5 b, US-01..07):
 * PROCURADURIA_MEASURE after a positive risk screen (US-06) or intrafamily violence (LM-15), no
 * family hand-over until the measure is recorded; FAMILY_CONTACTED before a family hand-over (US-05).
 */
export const RECEPTION_STATUSES = [
  'NOTICE_RECEIVED',
  'RECEIVED_AT_POINT',
  'CHANNELLED_DIF_MODULE',
  'HANDED_TO_FAMILY',
  'TRANSFERRED_STATE_DIF',
  'PROCURADURIA_MEASURE',
  'FAMILY_CONTACTED',
  'CLOSED',
] as const;
export type ReceptionStatus = (typeof RECEPTION_STATUSES)[number];

/** Why a reception went to the Procuraduría (DOMAIN.md 4.5 b). */
export const PROCURADURIA_REFERRAL_GROUNDS = ['RISK_SCREEN', 'INTRAFAMILY_VIOLENCE'] as const;
export type ProcuraduriaReferralGround = (typeof PROCURADURIA_REFERRAL_GROUNDS)[number];

/** US-02: who delivers the child. */
export const US_AGENCIES = ['CBP-OFO', 'USBP', 'ICE-ERO'] as const;
export type UsAgency = (typeof US_AGENCIES)[number];

/** Where a reception ends: with the family (US-05) or the home state's DIF, escorted (LM-14). */
export const RECEPTION_HANDOVER_KINDS = ['FAMILY', 'STATE_DIF'] as const;
export type ReceptionHandoverKind = (typeof RECEPTION_HANDOVER_KINDS)[number];

/** LM-15: why a Mexican child returned from the USA had migrated (multi-select). */
export const CAUSES_OF_MIGRATION = ['FAMILY_REUNIFICATION', 'WORK', 'INTRAFAMILY_VIOLENCE', 'INSECURITY', 'OTHER'] as const;
export type CauseOfMigration = (typeof CAUSES_OF_MIGRATION)[number];

/** What the independent risk screen on arrival looks for (US-06). */
export const RISK_SCREEN_FINDINGS = ['TRAFFICKING', 'VIOLENCE_AT_HOME', 'FEAR'] as const;
export type RiskScreenFinding = (typeof RISK_SCREEN_FINDINGS)[number];

/** US-03: an arrival outside the point's hours for unaccompanied children is an LRA breach. */
export const INCIDENT_KINDS = ['OUT_OF_HOURS_ARRIVAL'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/** ISO weekdays, 1 = Monday ... 7 = Sunday. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
