/**
 * Legal-status vocabulary (DOMAIN.md 4.4). Values are stable API: add, never rename.
 * No value names a custodial state: a child is never "presented" or "detained" (LM-10, INV-04).
 */

/** The migration procedure (PAM), DOMAIN.md 4.4 (a). */
export const PROCEDURE_STATUSES = ['VRH_CAUTELAR', 'PAM_OPEN', 'AWAITING_PLAN', 'PLAN_RECEIVED', 'RESOLVED', 'UNDER_REVIEW'] as const;
export type ProcedureStatus = (typeof PROCEDURE_STATUSES)[number];

export const PROCEDURE_RESOLUTIONS = [
  'REGULARIZED_HUMANITARIAN',
  'REFERRED_TO_PROTECTION',
  'REUNIFICATION_IN_MEXICO',
  'REUNIFICATION_THIRD_COUNTRY',
  'ASSISTED_RETURN_APPROVED',
] as const;
export type ProcedureResolution = (typeof PROCEDURE_RESOLUTIONS)[number];

/** The plan de restitución's recommended measures (GD-13), also a BIA/BID's recommended solution. */
export const RECOMMENDED_MEASURES = [
  'REFUGE',
  'HUMANITARIAN_REGULARISATION',
  'REUNIFICATION_IN_MEXICO',
  'REUNIFICATION_THIRD_COUNTRY',
  'ASSISTED_RETURN',
] as const;
export type RecommendedMeasure = (typeof RECOMMENDED_MEASURES)[number];

/** Which resolution follows each measure (LM-06): a mismatch needs a supervisor's reasoned override. */
export const RESOLUTION_FOR_MEASURE: Readonly<Record<RecommendedMeasure, ProcedureResolution>> = {
  REFUGE: 'REFERRED_TO_PROTECTION',
  HUMANITARIAN_REGULARISATION: 'REGULARIZED_HUMANITARIAN',
  REUNIFICATION_IN_MEXICO: 'REUNIFICATION_IN_MEXICO',
  REUNIFICATION_THIRD_COUNTRY: 'REUNIFICATION_THIRD_COUNTRY',
  ASSISTED_RETURN: 'ASSISTED_RETURN_APPROVED',
};

/**
 * The grounds of a Visitante por Razones Humanitarias stay (LM-17, LM art. 52 fr. V): an
 * unaccompanied or migrant child (NNA, LM-03), a protection claimant until the claim is resolved
 * (SOLICITANTE), a victim or witness of crime, such as trafficking (VICTIMA_TESTIGO, RLM-05).
 */
export const VRH_TYPES = ['NNA', 'SOLICITANTE', 'VICTIMA_TESTIGO'] as const;
export type VrhType = (typeof VRH_TYPES)[number];

/** The condition of stay: VRH-cautelar for every migrant child (LM-03, LM-07, INV-12). */
export const STAY_STATUSES = ['VRH_CAUTELAR', 'VRH_REGULARIZED'] as const;
export type StayStatus = (typeof STAY_STATUSES)[number];

/** The eleven due-process guarantees of GD-04 (LGDNNA art. 92), I to XI. */
export const DUE_PROCESS_ITEMS = [
  'NOTICE_OF_PROCEDURE',
  'RIGHTS_INFORMATION',
  'SPECIALISED_OFFICIAL',
  'RIGHT_TO_BE_HEARD',
  'INTERPRETER',
  'CONSULAR_ACCESS',
  'LAWYER',
  'PROCURADURIA_REPRESENTATION',
  'REASONED_DECISION',
  'RIGHT_TO_APPEAL',
  'DURATION_KNOWN',
] as const;
export type DueProcessItem = (typeof DUE_PROCESS_ITEMS)[number];

export const PROTECTION_DECISIONS = ['REFUGEE', 'COMPLEMENTARY_PROTECTION', 'DENIED'] as const;
export type ProtectionDecision = (typeof PROTECTION_DECISIONS)[number];

export const PROTECTION_NEED_SOURCES = ['SCREENING', 'OFFICER', 'PROCURADURIA', 'CHILD'] as const;
export type ProtectionNeedSource = (typeof PROTECTION_NEED_SOURCES)[number];

export const APPEAL_KINDS = ['REVISION', 'AMPARO'] as const;
export type AppealKind = (typeof APPEAL_KINDS)[number];

export const APPEAL_OUTCOMES = ['REFUGEE', 'COMPLEMENTARY_PROTECTION', 'UPHELD_DENIAL'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];

/** Best-interests records (IP-09, GD-13): the Procuraduría's plan, and UNHCR's BIA and BID. */
export const BEST_INTERESTS_TYPES = ['PLAN', 'BIA', 'BID'] as const;
export type BestInterestsType = (typeof BEST_INTERESTS_TYPES)[number];

/** The five things a child is told about (LM-16). */
export const INFORM_TOPICS = ['DIF_CHANNELLING', 'PROCURADURIA_NOTIFICATION', 'MIGRATION_PROCEDURE', 'RIGHTS', 'RETURN_PROCESS'] as const;
export type InformTopic = (typeof INFORM_TOPICS)[number];

/**
 * Deadlines legal-status watches and alerts on: COMAR's decision (IP-02, IP-03), COMAR's 72-hour
 * notice to INM (IP-04), and the permanent-residence task after protection is granted (LM-17, IP-06).
 */
export const LEGAL_DEADLINES = ['CLAIM_DECISION', 'COMAR_NOTICE', 'RESIDENCE_TASK'] as const;
export type LegalDeadline = (typeof LEGAL_DEADLINES)[number];

/** APPROACHING: a warning day of the term (IP-02: days 30 and 40); DUE: the last day; OVERDUE: passed undone. */
export const LEGAL_DEADLINE_LEVELS = ['APPROACHING', 'DUE', 'OVERDUE'] as const;
export type LegalDeadlineLevel = (typeof LEGAL_DEADLINE_LEVELS)[number];

/** Why a record is flagged for an officer's review. TURNED_EIGHTEEN: the child came of age during the case (DOMAIN.md 3.4, GD-12). */
export const REVIEW_REASONS = ['TURNED_EIGHTEEN'] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

/** The permanent-residence task (LM-17, IP-06). */
export const RESIDENCE_TASK_STATUSES = ['OPEN', 'COMPLETED'] as const;
export type ResidenceTaskStatus = (typeof RESIDENCE_TASK_STATUSES)[number];

/** Who may be present when the child is informed or heard (INF-02): roles, never names. */
export const SESSION_ATTENDEE_ROLES = [
  'OPI',
  'INTERPRETER',
  'PROCURADURIA_REPRESENTATIVE',
  'LAWYER',
  'DIF_STAFF',
  'PSYCHOLOGIST',
  'CARER',
  'RELATIVE',
  'OTHER',
] as const;
export type SessionAttendeeRole = (typeof SESSION_ATTENDEE_ROLES)[number];

/** How a session was made accessible to the child (INF-02, LGDNNA art. 83: accessible formats). */
export const ACCESSIBILITY_ADAPTATIONS = [
  'SIGN_LANGUAGE',
  'EASY_READ',
  'PICTOGRAMS',
  'BRAILLE',
  'AUDIO',
  'LARGE_PRINT',
  'PLAY_MATERIALS',
  'EXTRA_TIME',
  'BREAKS',
] as const;
export type AccessibilityAdaptation = (typeof ACCESSIBILITY_ADAPTATIONS)[number];

/** Explanation texts by age (INF-01): 6-11, 12-17, and for the carers of children 0-5. */
export const EXPLANATION_AGE_BANDS = ['6-11', '12-17', 'CARER_0-5'] as const;
export type ExplanationAgeBand = (typeof EXPLANATION_AGE_BANDS)[number];

/**
 * Why return and consular contact are locked (INV-01, INV-06). The lock on return is lifted
 * after FINAL_DENIED or WITHDRAWN only by a fresh best-interests plan recommending return.
 */
export const LOCK_REASONS = [
  'NEED_FLAGGED',
  'CLAIM_PENDING',
  'PROTECTION_GRANTED',
  'APPEAL_WINDOW',
  'APPEAL_PENDING',
  'FEAR_OF_RETURN',
  'AWAITING_FRESH_BEST_INTERESTS',
] as const;
export type LockReason = (typeof LOCK_REASONS)[number];

/**
 * Reasons that lock consular contact too. Every reason does: after FINAL_DENIED or WITHDRAWN the
 * consulate is contacted only once a fresh best-interests determination recommends return (RP-05,
 * DOMAIN.md 4.4 b), since a child still waiting for it may yet need protection from that country.
 */
export const CONSULAR_LOCK_REASONS: readonly LockReason[] = [
  'NEED_FLAGGED',
  'CLAIM_PENDING',
  'PROTECTION_GRANTED',
  'APPEAL_WINDOW',
  'APPEAL_PENDING',
  'FEAR_OF_RETURN',
  'AWAITING_FRESH_BEST_INTERESTS',
];
