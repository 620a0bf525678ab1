import { InvalidInputError } from '../errors/domain-error';

/** Where a page ended, in a list ordered by a time and then an id (newest first, ties by id). */
export interface KeysetPosition {
  at: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** What toISOString writes for years 0 to 9999, all of which Postgres holds. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Opaque to clients: they pass back `nextCursor` as it came. */
export function encodeKeysetCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.at.toISOString(), position.id])).toString('base64url');
}

/**
 * Reads a cursor made by encodeKeysetCursor, and refuses (400, naming `field`, rule `isCursor`)
 * anything else. A cursor is client input that goes straight into a query, so well-formed is not
 * enough: an id that is not a uuid, or a time Postgres cannot hold, failed there as a 500. Only
 * the exact form encodeKeysetCursor writes is accepted (a canonical ISO time, a uuid).
 */
export function decodeKeysetCursor(cursor: string, field = 'cursor'): KeysetPosition {
  const position = BASE64URL.test(cursor) ? parsePosition(Buffer.from(cursor, 'base64url').toString('utf8')) : undefined;
  if (!position) {
    throw new InvalidInputError([{ field, rule: 'isCursor', message: `${field} must be a nextCursor value from a previous page` }]);
  }
  return position;
}

function parsePosition(text: string): KeysetPosition | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
  const [at, id] = parsed as unknown[];
  if (typeof at !== 'string' || typeof id !== 'string' || !UUID.test(id) || !ISO_TIME.test(at)) return undefined;
  const time = new Date(at);
  // The round trip refuses what Date reads leniently ("2026-02-31…" as March 3).
  if (Number.isNaN(time.getTime()) || time.toISOString() !== at) return undefined;
  return { at: time, id };
}

/** A page of `rows` read with one row more than `limit` (keyset-cursor twin of keyPage): the extra row says another page follows. */
export function keysetPage<T>(rows: readonly T[], limit: number, positionOf: (row: T) => KeysetPosition): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: last !== undefined && rows.length > limit ? encodeKeysetCursor(positionOf(last)) : null };
}
