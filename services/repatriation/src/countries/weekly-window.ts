/** A weekly window in a place's local time: RP-08 hand-over windows, US-03 hours for unaccompanied children. */
export interface WeeklyWindow {
  timeZone: string;
  /** ISO weekdays, 1 = Monday ... 7 = Sunday. */
  weekdays: readonly number[];
  /** `HH:MM`, local time; the window includes its opening minute and excludes its closing minute. */
  opensAt: string;
  closesAt: string;
}

const WEEKDAY_NUMBERS: Readonly<Record<string, number>> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/** The weekday and minute of the day of `at` in `timeZone`. */
export function localTime(at: Date, timeZone: string): { weekday: number; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  return { weekday: WEEKDAY_NUMBERS[part('weekday')], minutes: Number(part('hour')) * 60 + Number(part('minute')) };
}

export function insideWindow(at: Date, window: WeeklyWindow): boolean {
  const local = localTime(at, window.timeZone);
  return window.weekdays.includes(local.weekday) && local.minutes >= minutesOf(window.opensAt) && local.minutes < minutesOf(window.closesAt);
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
