/**
 * What needs a person, as codes: the kind of alert a task is (issue 22). Notifications decides
 * which event opens which; subscribers group by them (time to acknowledge per trigger and office).
 */
export const TASK_TRIGGERS = [
  'INTAKE_DEADLINE_ESCALATION',
  'INTAKE_DEADLINE_BREACH',
  'INTAKE_MP_NOTICE_OVERDUE',
  'CARE_NEED_OVERDUE',
  'CARE_SERIOUS_INCIDENT',
  'CARE_DETENTION_PLACEMENT_ATTEMPT',
  'FAMILY_FIRST_CALL_OVERDUE',
  'LEGAL_INFORM_OVERDUE',
  'LEGAL_CLAIM_DECISION_MARK',
  'LEGAL_COMAR_NOTICE_MISSED',
  'LEGAL_RESIDENCE_TASK_OVERDUE',
  'REPATRIATION_RETURN_ABORTED',
  'DEAD_LETTER_HELD_BACK',
] as const;
export type TaskTrigger = (typeof TASK_TRIGGERS)[number];

/** How a task ended: by a person (the first four), or by the events (its condition cleared, or a later alert of the same condition replaced it). */
export const TASK_OUTCOMES = ['RESOLVED', 'NO_ACTION_NEEDED', 'REFERRED', 'FALSE_ALARM', 'CLEARED', 'SUPERSEDED'] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];

/** Closed by a person through the API. */
export const PERSON_OUTCOMES = ['RESOLVED', 'NO_ACTION_NEEDED', 'REFERRED', 'FALSE_ALARM'] as const;
export type PersonOutcome = (typeof PERSON_OUTCOMES)[number];

/**
 * Whom a task has reached: 0 whom it was addressed to (the case's officer or the officers on
 * shift, or the supervisors), 1 the office's supervisors, 2 the national duty officer.
 */
export const TASK_LEVELS = [0, 1, 2] as const;
export type TaskLevel = (typeof TASK_LEVELS)[number];

/** Whom a task is addressed to first, by its escalation rule. */
export const ADDRESSED_ROLES = ['OFFICER', 'SUPERVISOR'] as const;
export type AddressedRole = (typeof ADDRESSED_ROLES)[number];
