/** Family-contact categories shared with other services. Values are stable API: add, never rename. */

/** DOMAIN.md 4.3: where a child's family-contact record stands. */
export const FAMILY_STATUSES = [
  'NOT_STARTED',
  'CALL_OFFERED',
  'IN_CONTACT',
  'TRACING',
  'VERIFYING',
  'VERIFIED',
  'FLAGGED_RISK',
  'NOT_LOCATED',
  /** Terminal: the child was handed to a verified family member (INV-08); no step moves it on. */
  'REUNIFIED',
] as const;
export type FamilyStatus = (typeof FAMILY_STATUSES)[number];

export const RELATIONSHIPS = [
  'PARENT',
  'LEGAL_GUARDIAN',
  'GRANDPARENT',
  'SIBLING',
  'AUNT_OR_UNCLE',
  'COUSIN',
  'OTHER_RELATIVE',
  'FAMILY_FRIEND',
  'OTHER_ADULT',
] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

/** Whether the child wants this person contacted: their wish is recorded, not presumed. */
export const CONTACT_WISHES = ['YES', 'NO', 'UNSURE'] as const;
export type ContactWish = (typeof CONTACT_WISHES)[number];

export const CONTACT_STATUSES = ['NAMED', 'LOCATED', 'VERIFIED', 'FLAGGED_RISK'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

/**
 * How an offered call ended. NO_NUMBER: the call was offered but the child has no number of anyone
 * to call (DOMAIN.md 4.3 "no_number"); like NO_ANSWER and WRONG_NUMBER, tracing starts.
 */
export const CALL_OUTCOMES = ['REACHED', 'NO_ANSWER', 'WRONG_NUMBER', 'REFUSED_BY_CHILD', 'NO_NUMBER'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Tracing when no one is reached: ICRC/RCRC Restoring Family Links, DIF networks, the consulate. */
export const TRACING_CHANNELS = ['RED_CROSS_FAMILY_LINKS', 'DIF_NETWORK', 'CONSULATE'] as const;
export type TracingChannel = (typeof TRACING_CHANNELS)[number];

export const TRACING_OUTCOMES = ['REQUESTED', 'NO_RESULT', 'LEAD_FOUND'] as const;
export type TracingOutcome = (typeof TRACING_OUTCOMES)[number];

/** How a family member was located: by the child's call or a tracing channel. */
export const LOCATION_CHANNELS = ['CALL', ...TRACING_CHANNELS] as const;
export type LocationChannel = (typeof LOCATION_CHANNELS)[number];

/** Evidence of kinship or guardianship (RLM-02 bases, US-05 documented kinship check). */
export const KINSHIP_EVIDENCE = [
  'BIRTH_CERTIFICATE',
  'IDENTITY_DOCUMENT',
  'GUARDIANSHIP_ORDER',
  'CONSULAR_CONFIRMATION',
  'DIF_ASSESSMENT',
  'CONSISTENT_STATEMENTS',
  'OTHER',
] as const;
export type KinshipEvidence = (typeof KINSHIP_EVIDENCE)[number];

/** The child's own wish about living with this person (INF-04, INV-11). */
export const CHILD_WISHES = ['WANTS_REUNIFICATION', 'DOES_NOT_WANT', 'UNDECIDED', 'UNABLE_TO_EXPRESS'] as const;
export type ChildWish = (typeof CHILD_WISHES)[number];

/** The family as a possible source of harm or trafficking (GD-05, LM-15, US-06). */
export const RISK_INDICATORS = [
  'VIOLENCE_AT_HOME',
  'ABUSE_OR_NEGLECT',
  'TRAFFICKING_SUSPECTED',
  'CHILD_EXPRESSED_FEAR',
  'OTHER_RISK',
] as const;
export type RiskIndicator = (typeof RISK_INDICATORS)[number];

/** Why a consulate was contacted: logged with every outbound contact (DOMAIN.md 4.3). */
export const CONSULAR_PURPOSES = [
  'IDENTITY_CONFIRMATION',
  'NATIONALITY_CONFIRMATION',
  'FAMILY_TRACING',
  'TRAVEL_DOCUMENTS',
  'CONSULAR_ASSISTANCE',
] as const;
export type ConsularPurpose = (typeof CONSULAR_PURPOSES)[number];

export const CONSULAR_MEANS = ['OFFICIAL_LETTER', 'EMAIL', 'PHONE', 'IN_PERSON'] as const;
export type ConsularMeans = (typeof CONSULAR_MEANS)[number];

/** Kinds of place a hand-over happens at; the place itself stays in family-contact. */
export const HANDOVER_PLACE_KINDS = ['DIF_FACILITY', 'INM_OFFICE', 'BORDER_POINT', 'CONSULATE', 'FAMILY_HOME', 'OTHER'] as const;
export type HandoverPlaceKind = (typeof HANDOVER_PLACE_KINDS)[number];
