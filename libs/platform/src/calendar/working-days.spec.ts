import { federalRestDays, isCalendarDate, mexicoCityDate, WorkingDayCalendar } from './working-days';

describe('Mexican federal working-day calendar', () => {
  it('computes the rest days of LFT art. 74, with the Mondays the law moves', () => {
    expect(federalRestDays(2026)).toEqual([
      '2026-01-01',
      '2026-02-02', // first Monday of February
      '2026-03-16', // third Monday of March
      '2026-05-01',
      '2026-09-16',
      '2026-11-16', // third Monday of November
      '2026-12-25',
    ]);
    expect(federalRestDays(2025)).toContain('2025-02-03');
    expect(federalRestDays(2025)).toContain('2025-03-17');
    expect(federalRestDays(2025)).toContain('2025-11-17');
  });

  it('adds the transmission of federal executive power every six years (1 October from 2024, 1 December before)', () => {
    expect(federalRestDays(2024)).toContain('2024-10-01');
    expect(federalRestDays(2030)).toContain('2030-10-01');
    expect(federalRestDays(2018)).toContain('2018-12-01');
    expect(federalRestDays(2026)).not.toContain('2026-10-01');
  });

  it('counts a term from the day after, skipping weekends and holidays', () => {
    const calendar = new WorkingDayCalendar();
    // Friday 30 Jan 2026 + 1 working day: Mon 2 Feb is a holiday, so Tue 3 Feb.
    expect(calendar.addWorkingDays('2026-01-30', 1)).toBe('2026-02-03');
    expect(calendar.addWorkingDays('2026-01-30', 0)).toBe('2026-01-30');
    // 45 working days from Mon 2 Mar 2026 skip 16 Mar and 1 May: Wed 6 May.
    expect(calendar.addWorkingDays('2026-03-02', 45)).toBe('2026-05-06');
    expect(calendar.workingDaysBetween('2026-03-02', '2026-05-06')).toBe(45);
  });

  it('does not count administrator holidays or suspension periods (IP-08)', () => {
    const plain = new WorkingDayCalendar();
    const suspended = new WorkingDayCalendar({
      extraHolidays: ['2026-03-04'],
      suspensions: [{ from: '2026-03-09', to: '2026-03-13' }],
    });
    expect(plain.addWorkingDays('2026-03-02', 10)).toBe('2026-03-17');
    // One extra holiday and a suspended week: six more days.
    expect(suspended.addWorkingDays('2026-03-02', 10)).toBe('2026-03-25');
    expect(suspended.isWorkingDay('2026-03-10')).toBe(false);
    expect(suspended.isSuspended('2026-03-10')).toBe(true);
    expect(suspended.isRestDay('2026-03-10')).toBe(false);
  });

  it('refuses malformed dates and periods', () => {
    expect(() => new WorkingDayCalendar({ extraHolidays: ['2026-02-30'] })).toThrow(/invalid calendar date/);
    expect(() => new WorkingDayCalendar({ suspensions: [{ from: '2026-03-10', to: '2026-03-01' }] })).toThrow(/ends before/);
    expect(isCalendarDate('2026-12-31')).toBe(true);
    expect(isCalendarDate('31/12/2026')).toBe(false);
  });

  it('dates an instant in Mexico City, not UTC', () => {
    expect(mexicoCityDate(new Date('2026-03-03T03:00:00Z'))).toBe('2026-03-02');
    expect(mexicoCityDate(new Date('2026-03-03T07:00:00Z'))).toBe('2026-03-03');
  });
});
