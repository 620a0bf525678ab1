import { CARE_NEEDS, CareNeed } from '@opis/contracts-care';

const MINUTE_MS = 60_000;

/** NOT_MET: the record closed (the child was handed to DIF) before the need was met; its clock stopped. */
export type NeedState = 'MET' | 'PENDING' | 'OVERDUE' | 'NOT_MET';

/** The needs whose meeting makes a record ACTIVE (DOMAIN.md 4.2); first aid is offered as needed. */
export const BASIC_NEEDS: readonly CareNeed[] = ['HEALTH', 'FOOD', 'CLOTHING', 'REST'];

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

export function needTiming(need: CareNeed, dueAt: Date, metAt: Date | null, now: Date, closedAt: Date | null = null): NeedTiming {
  const state: NeedState = metAt ? 'MET' : closedAt ? 'NOT_MET' : now >= dueAt ? 'OVERDUE' : 'PENDING';
  return {
    need,
    state,
    dueAt: dueAt.toISOString(),
    metAt: metAt ? metAt.toISOString() : null,
    late: (metAt ?? closedAt ?? now) > dueAt,
  };
}

export function minutesBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / MINUTE_MS));
}
