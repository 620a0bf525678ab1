import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

function blankToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

/** `true`/`false`/`1`/`0`; anything else is left for `@IsBoolean()` to refuse. */
export function EnvBoolean(): PropertyDecorator {
  return Transform(({ value }) => {
    const raw = blankToUndefined(value);
    if (typeof raw !== 'string') return raw;
    const lower = raw.trim().toLowerCase();
    if (lower === 'true' || lower === '1') return true;
    if (lower === 'false' || lower === '0') return false;
    return raw;
  });
}

/** A decimal integer; anything else is left as it is for `@IsInt()` to refuse. */
export function EnvInteger(): PropertyDecorator {
  return Transform(({ value }) => {
    const raw = blankToUndefined(value);
    if (typeof raw !== 'string') return raw;
    return /^\s*-?\d+\s*$/.test(raw) ? Number.parseInt(raw, 10) : raw;
  });
}

/**
 * A whole number from `min` to `max`: `@EnvInteger() @IsInt() @Min(min) @Max(max)` in one, the
 * rules checked in that order, so an error names the first one broken (`isInt`, `min`, `max`).
 */
export function EnvIntegerBetween(min: number, max: number): PropertyDecorator {
  const decorators = [EnvInteger(), IsInt(), Min(min), Max(max)];
  return (target, property) => {
    // Registered in this order, they are checked in this order: "1.5" is not a whole number
    // (isInt), rather than "over the most" as four decorators written one above the other say.
    for (const decorate of decorators) decorate(target, property);
  };
}

/** A comma-separated list; blanks dropped. */
export function EnvList(): PropertyDecorator {
  return Transform(({ value }) => {
    const raw = blankToUndefined(value);
    if (typeof raw !== 'string') return raw;
    return raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
  });
}

/** A string; blank counts as unset so that defaults and `@IsOptional()` apply. */
export function EnvString(): PropertyDecorator {
  return Transform(({ value }) => blankToUndefined(value));
}

/** A PEM whose line breaks were written as `\n` (one-line env files) gets them back. */
export function EnvPem(): PropertyDecorator {
  return Transform(({ value }) => (typeof value === 'string' ? value.replace(/\\n/g, '\n').trim() : value));
}
