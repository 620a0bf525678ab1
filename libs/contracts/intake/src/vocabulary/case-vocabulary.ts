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

export const CASE_STATUSES = ['OPEN', 'HANDED_OVER', 'CLOSED'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

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
