import { registerDecorator, ValidationOptions } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

import { isCalendarDate } from '../calendar/working-days';

/** RFC 3339 date-time with a zone: what every instant of the APIs is (docs/api.md). */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function isRealDay(year: string, month: string, day: string): boolean {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return date.getUTCFullYear() === Number(year) && date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day);
}

export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = INSTANT.exec(value);
  if (!match) return false;
  const [, year, month, day, hour, minute, second] = match;
  return isRealDay(year, month, day) && Number(hour) < 24 && Number(minute) < 60 && Number(second) < 60 && !Number.isNaN(Date.parse(value));
}

function stringRule(name: string, test: (value: unknown) => boolean, message: string, format: string, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `$property ${message}`, ...options },
      validator: { validate: (value: unknown) => test(value) },
    });
    JSONSchema({ type: 'string', format })(target, String(propertyName));
  };
}

/**
 * An instant: an RFC 3339 date-time with its zone (`2026-12-06T10:15:00Z`). A bare date, or a time
 * without a zone, is refused: where a moment is meant, a day is a guess. Documented as
 * `format: date-time`.
 */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return stringRule('isInstant', isInstant, 'must be a date-time with a zone (RFC 3339, e.g. 2026-12-06T10:15:00Z)', 'date-time', options);
}

/** A calendar day (`YYYY-MM-DD`): a date of birth, a holiday. Documented as `format: date`. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return stringRule('isCalendarDate', isCalendarDate, 'must be a calendar day (YYYY-MM-DD)', 'date', options);
}
