import { DeadlineClock, DeadlineLevel } from '@opis/contracts-intake';

/** INV-03 thresholds in hours from detection; configurable because the law says "immediate". */
export interface DeadlineThresholds {
  escalationHours: number;
  breachHours: number;
}

export type DeadlineState = 'MET' | 'PENDING' | 'ESCALATED' | 'BREACHED';

export interface DeadlineView {
  clock: DeadlineClock;
  state: DeadlineState;
  escalationAt: string;
  breachAt: string;
  metAt: string | null;
  /** True once the breach threshold passed before the record existed (the record may exist now). */
  overdue: boolean;
}

const HOUR_MS = 3_600_000;

export function thresholdAt(detectedAt: Date, level: DeadlineLevel, thresholds: DeadlineThresholds): Date {
  const hours = level === 'ESCALATION' ? thresholds.escalationHours : thresholds.breachHours;
  return new Date(detectedAt.getTime() + hours * HOUR_MS);
}

export function deadlineView(
  clock: DeadlineClock,
  detectedAt: Date,
  metAt: Date | null,
  thresholds: DeadlineThresholds,
  now: Date,
): DeadlineView {
  const escalationAt = thresholdAt(detectedAt, 'ESCALATION', thresholds);
  const breachAt = thresholdAt(detectedAt, 'BREACH', thresholds);
  const reference = metAt ?? now;
  let state: DeadlineState;
  if (metAt) state = 'MET';
  else if (now >= breachAt) state = 'BREACHED';
  else if (now >= escalationAt) state = 'ESCALATED';
  else state = 'PENDING';
  return {
    clock,
    state,
    escalationAt: escalationAt.toISOString(),
    breachAt: breachAt.toISOString(),
    metAt: metAt ? metAt.toISOString() : null,
    overdue: reference >= breachAt,
  };
}
