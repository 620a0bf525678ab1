import { CARE_NEEDS, CareNeed } from '@opis/contracts-care';

const MINUTE_MS = 60_000;

export type NeedState = 'MET' | 'PENDING' | 'OVERDUE';

export interface NeedTiming {
  need: CareNeed;
  state: NeedState;
  dueAt: string;
  metAt: string | null;
  /** Past its due time before it was met (or still unmet): evidence for LM-11 indicators. */
  late: boolean;
}

/** Each need is due a configured number of minutes after detection (DOMAIN.md 4.2). */
export function dueTimes(detectedAt: Date, dueMinutes: Record<CareNeed, number>): Record<CareNeed, Date> {
  return Object.fromEntries(
    CARE_NEEDS.map((need) => [need, new Date(detectedAt.getTime() + dueMinutes[need] * MINUTE_MS)]),
  ) as Record<CareNeed, Date>;
}

export function needTiming(need: CareNeed, dueAt: Date, metAt: Date | null, now: Date): NeedTiming {
  const state: NeedState = metAt ? 'MET' : now >= dueAt ? 'OVERDUE' : 'PENDING';
  return {
    need,
    state,
    dueAt: dueAt.toISOString(),
    metAt: metAt ? metAt.toISOString() : null,
    late: (metAt ?? now) > dueAt,
  };
}

export function minutesBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / MINUTE_MS));
}
