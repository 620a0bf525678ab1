/**
 * Working days on the Mexican federal calendar, for legal clocks counted in "días hábiles"
 * (COMAR's 45 working days, IP-02; the 30-day filing term, IP-01; appeal windows, IP-07).
 * Pure: dates are calendar dates (`YYYY-MM-DD`) in Mexico City; the caller supplies the
 * administrator-defined holidays and suspension periods (IP-08) that the law cannot fix ahead.
 */

/** A calendar date, `YYYY-MM-DD`. */
export type CalendarDate = string;

/** A period in which legal terms do not run (both ends included), e.g. COMAR's suspension notices. */
export interface SuspensionPeriod {
  from: CalendarDate;
  to: CalendarDate;
}

export interface WorkingDayCalendarOptions {
  /** Extra rest days decided by an administrator (e.g. an election day, LFT art. 74 fr. IX). */
  extraHolidays?: readonly CalendarDate[];
  suspensions?: readonly SuspensionPeriod[];
}

export const MEXICO_CITY_TIME_ZONE = 'America/Mexico_City';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function parse(date: CalendarDate): Date {
  const match = DATE.exec(date);
  if (!match) throw new Error(`invalid calendar date "${date}"`);
  const parsed = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (format(parsed) !== date) throw new Error(`invalid calendar date "${date}"`);
  return parsed;
}

function format(date: Date): CalendarDate {
  return date.toISOString().slice(0, 10);
}

export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string') return false;
  try {
    parse(value);
    return true;
  } catch {
    return false;
  }
}

/** The date in Mexico City at an instant: a term counts the days as the office lives them. */
export function mexicoCityDate(instant: Date): CalendarDate {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: MEXICO_CITY_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  return format(new Date(parse(date).getTime() + days * DAY_MS));
}

/** The `nth` (1-based) Monday of a month. */
function nthMonday(year: number, monthIndex: number, nth: number): CalendarDate {
  const first = new Date(Date.UTC(year, monthIndex, 1));
  const offset = (8 - first.getUTCDay()) % 7;
  return format(new Date(Date.UTC(year, monthIndex, 1 + offset + (nth - 1) * 7)));
}

/**
 * The official rest days of LFT art. 74 in a year: fixed dates, the Mondays the law moves
 * (5 February, 21 March, 20 November) and the day of the federal executive's transmission of
 * power: 1 December until 2018, 1 October from 2024 (reform of 2023/2024), every six years.
 */
export function federalRestDays(year: number): CalendarDate[] {
  const pad = (month: number, day: number) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const days = [
    pad(1, 1),
    nthMonday(year, 1, 1),
    nthMonday(year, 2, 3),
    pad(5, 1),
    pad(9, 16),
    nthMonday(year, 10, 3),
    pad(12, 25),
  ];
  if (year >= 2024 && (year - 2024) % 6 === 0) days.push(pad(10, 1));
  if (year < 2024 && year >= 1988 && (year - 1988) % 6 === 0) days.push(pad(12, 1));
  return days.sort();
}

/** A calendar that answers "is this a working day" and counts terms in working days. */
export class WorkingDayCalendar {
  private readonly extraHolidays: ReadonlySet<CalendarDate>;
  private readonly suspensions: readonly SuspensionPeriod[];
  private readonly restDaysByYear = new Map<number, ReadonlySet<CalendarDate>>();

  constructor(options: WorkingDayCalendarOptions = {}) {
    for (const date of options.extraHolidays ?? []) parse(date);
    for (const period of options.suspensions ?? []) {
      if (parse(period.from).getTime() > parse(period.to).getTime()) throw new Error(`suspension ends before it starts`);
    }
    this.extraHolidays = new Set(options.extraHolidays ?? []);
    this.suspensions = [...(options.suspensions ?? [])];
  }

  public isRestDay(date: CalendarDate): boolean {
    const parsed = parse(date);
    const weekday = parsed.getUTCDay();
    if (weekday === 0 || weekday === 6) return true;
    if (this.extraHolidays.has(date)) return true;
    const year = parsed.getUTCFullYear();
    let rest = this.restDaysByYear.get(year);
    if (!rest) {
      rest = new Set(federalRestDays(year));
      this.restDaysByYear.set(year, rest);
    }
    return rest.has(date);
  }

  public isSuspended(date: CalendarDate): boolean {
    return this.suspensions.some((period) => period.from <= date && date <= period.to);
  }

  /** A day on which a legal term runs: not a weekend, not a rest day, not suspended. */
  public isWorkingDay(date: CalendarDate): boolean {
    return !this.isRestDay(date) && !this.isSuspended(date);
  }

  /**
   * The date of the `days`-th working day after `start` (a term starts running the day after
   * the act that opens it). `days` = 0 is `start` itself.
   */
  public addWorkingDays(start: CalendarDate, days: number): CalendarDate {
    if (!Number.isInteger(days) || days < 0) throw new Error(`invalid number of working days ${days}`);
    let date = start;
    let counted = 0;
    while (counted < days) {
      date = addCalendarDays(date, 1);
      if (this.isWorkingDay(date)) counted += 1;
    }
    return date;
  }

  /** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
  public workingDaysBetween(from: CalendarDate, to: CalendarDate): number {
    let count = 0;
    for (let date = addCalendarDays(from, 1); date <= to; date = addCalendarDays(date, 1)) {
      if (this.isWorkingDay(date)) count += 1;
    }
    return count;
  }
}
