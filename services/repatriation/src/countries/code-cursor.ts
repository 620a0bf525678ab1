import { InvalidInputError, Page } from '@opis/platform';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * The cursor of a list ordered by a code (a country, a point): the last code of the page, opaque
 * to clients. The keyset cursor of libs/platform orders by a time and a uuid, which reference
 * tables keyed by a code do not have.
 */
export function encodeCodeCursor(code: string): string {
  return Buffer.from(code, 'utf8').toString('base64url');
}

/**
 * Reads a cursor encodeCodeCursor made, holding the code to the table's own pattern; anything else
 * is a 400 naming `field`, rule `isCursor`, never a value sent on to the query.
 */
export function decodeCodeCursor(cursor: string, pattern: RegExp, field = 'cursor'): string {
  const code = BASE64URL.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!pattern.test(code) || encodeCodeCursor(code) !== cursor) {
    throw new InvalidInputError([{ field, rule: 'isCursor', message: `${field} must be a nextCursor value from a previous page` }]);
  }
  return code;
}

/** A page of `rows` read with one row more than `limit`: that extra row says another page follows. */
export function codePage<T>(rows: T[], limit: number, codeOf: (row: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: last !== undefined && rows.length > limit ? encodeCodeCursor(codeOf(last)) : null };
}
