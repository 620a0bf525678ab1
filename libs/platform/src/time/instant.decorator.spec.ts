import { isCalendarDate } from '../calendar/working-days';
import { isInstant } from './instant.decorator';

describe('instants and calendar days', () => {
  it('accepts a date-time with a zone only', () => {
    expect(isInstant('2026-12-06T10:15:00Z')).toBe(true);
    expect(isInstant('2026-12-06T10:15:00.123-06:00')).toBe(true);
    expect(isInstant('2026-12-06')).toBe(false);
    expect(isInstant('2026-12-06T10:15:00')).toBe(false);
    expect(isInstant('2026-02-30T10:15:00Z')).toBe(false);
    expect(isInstant('2026-12-06T24:00:00Z')).toBe(false);
    expect(isInstant(20261206)).toBe(false);
  });

  it('accepts a real calendar day only', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-12-06T10:15:00Z')).toBe(false);
  });
});
