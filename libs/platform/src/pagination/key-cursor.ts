import { InvalidInputError } from '../errors/domain-error';
import { Page } from '../http/api-conventions';

/** What one part of a key may be: a pattern, or a closed vocabulary. */
export type KeyPart = RegExp | readonly string[];

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * The cursor of a list ordered by a key of codes (a country, a point, a topic with an age band
 * and a language): the last row's key, opaque to clients. The keyset cursor orders by a time and
 * a uuid, which reference tables keyed by codes do not have.
 */
export function encodeKeyCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * Reads a cursor encodeKeyCursor made, holding each part to its pattern or vocabulary: the key
 * goes into a query, so anything else is a 400 naming `field` (rule `isCursor`).
 */
export function decodeKeyCursor(cursor: string, parts: readonly KeyPart[], field = 'cursor'): string[] {
  const key = BASE64URL.test(cursor) ? parseKey(Buffer.from(cursor, 'base64url').toString('utf8'), parts) : undefined;
  if (!key || encodeKeyCursor(key) !== cursor) {
    throw new InvalidInputError([{ field, rule: 'isCursor', message: `${field} must be a nextCursor value from a previous page` }]);
  }
  return key;
}

function parseKey(text: string, parts: readonly KeyPart[]): string[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== parts.length) return undefined;
  const fits = parsed.every((value, index) => {
    const part = parts[index];
    if (typeof value !== 'string') return false;
    return part instanceof RegExp ? part.test(value) : part.includes(value);
  });
  return fits ? (parsed as string[]) : undefined;
}

/** A page of `rows` read with one row more than `limit`: that extra row says another page follows. */
export function keyPage<T>(rows: readonly T[], limit: number, keyOf: (row: T) => readonly string[]): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: last !== undefined && rows.length > limit ? encodeKeyCursor(keyOf(last)) : null };
}
