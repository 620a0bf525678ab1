/** Categories intake shares with other services. Values are stable API: add, never rename. */
export const SEXES = ['F', 'M', 'X'] as const;
export type Sex = (typeof SEXES)[number];

export const AGE_STATUSES = ['DOCUMENTED', 'DECLARED', 'ESTIMATED', 'DISPUTED'] as const;
export type AgeStatus = (typeof AGE_STATUSES)[number];

/** LGDNNA art. 5 statistical groups: niña/niño (0-11) and adolescente (12-17). */
export const AGE_BANDS = ['0-11', '12-17'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const ENTRY_PATHS = ['DETECTED', 'PUT_AT_DISPOSAL', 'RETURNED_FROM_USA'] as const;
export type EntryPath = (typeof ENTRY_PATHS)[number];

export const ACCOMPANIMENTS = ['ACCOMPANIED', 'SEPARATED', 'UNACCOMPANIED'] as const;
export type Accompaniment = (typeof ACCOMPANIMENTS)[number];

export const SPEAKS_SPANISH = ['YES', 'NO', 'PARTIAL'] as const;
export type SpeaksSpanish = (typeof SPEAKS_SPANISH)[number];

/**
 * A case's lifecycle. OPEN covers DOMAIN.md 4.1's steps before the hand-over (its `CASE_STAGES`);
 * EXIT_ADULT_FLOW: a competent age determination found the person an adult (GD-12, INV-10).
 */
export const CASE_STATUSES = ['OPEN', 'HANDED_OVER', 'CLOSED', 'EXIT_ADULT_FLOW'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/**
 * Where a case stands in DOMAIN.md 4.1's machine: a refinement of `status` (OPEN is IDENTIFYING
 * to CHANNELLING_TO_DIF), so that clients of `status` keep working. Identification and screening
 * never hold back the Procuraduría notice or the hand-over, which are immediate (INV-03, GD-14).
 */
export const CASE_STAGES = [
  'IDENTIFYING',
  'SCREENING',
  'NOTIFYING_PROCURADURIA',
  'CHANNELLING_TO_DIF',
  'HANDED_OVER',
  'CLOSED',
  'EXIT_ADULT_FLOW',
] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

/**
 * Who may determine a person's age (GD-12, DOMAIN.md 3.3). Which of them is competent is policy
 * ([U], intake's config); INM_OFFICER is named only so that an OPI's own finding can be refused.
 */
export const AGE_DETERMINING_AUTHORITIES = ['PROCURADURIA', 'CONSULATE', 'CIVIL_REGISTRY', 'JUDICIAL_AUTHORITY', 'INM_OFFICER'] as const;
export type AgeDeterminingAuthority = (typeof AGE_DETERMINING_AUTHORITIES)[number];

/** Evidence an age determination rests on; no invasive medical method is a category (OC-21/14). */
export const AGE_EVIDENCE_TYPES = ['BIRTH_CERTIFICATE', 'PASSPORT', 'NATIONAL_ID', 'CONSULAR_RECORD', 'MULTIDISCIPLINARY_ASSESSMENT'] as const;
export type AgeEvidenceType = (typeof AGE_EVIDENCE_TYPES)[number];

/** How an adult age was established: a document, or a competent assessment. Never a declaration. */
export const DETERMINED_AGE_STATUSES = ['DOCUMENTED', 'ESTIMATED'] as const;
export type DeterminedAgeStatus = (typeof DETERMINED_AGE_STATUSES)[number];

/** INV-03 clocks that run from `detectedAt`. */
export const DEADLINE_CLOCKS = ['PROCURADURIA_NOTIFICATION', 'DIF_CHANNELLING'] as const;
export type DeadlineClock = (typeof DEADLINE_CLOCKS)[number];

export const DEADLINE_LEVELS = ['ESCALATION', 'BREACH'] as const;
export type DeadlineLevel = (typeof DEADLINE_LEVELS)[number];

export const NOTIFICATION_MEANS = ['OFFICIAL_LETTER', 'EMAIL', 'PHONE', 'IN_PERSON', 'ELECTRONIC_PLATFORM'] as const;
export type NotificationMeans = (typeof NOTIFICATION_MEANS)[number];

/**
 * Kinds of place a child may be taken to. Migration stations and provisional stays are listed
 * only so that an attempt can be named and refused (LM-08, INV-04).
 */
export const FACILITY_TYPES = [
  'DIF_SHELTER',
  'CAS',
  'HOSPITAL',
  'INM_OFFICE',
  'ESTACION_MIGRATORIA',
  'ESTANCIA_PROVISIONAL',
] as const;
export type FacilityType = (typeof FACILITY_TYPES)[number];
