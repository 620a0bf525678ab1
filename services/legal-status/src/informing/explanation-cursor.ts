import { EXPLANATION_AGE_BANDS, ExplanationAgeBand, INFORM_TOPICS, InformTopic } from '@opis/contracts-legal-status';
import { InvalidInputError } from '@opis/platform';

/**
 * Where a page of explanation texts ended: their key, in the order they are listed. The texts
 * have no time and id to page on (libs/platform's keyset cursor), but a key of three values
 * each from a closed vocabulary, so the cursor is that key.
 */
export interface ExplanationPosition {
  topic: InformTopic;
  ageBand: ExplanationAgeBand;
  lang: string;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const LANG = /^[a-z]{3}$/;

export function encodeExplanationCursor(position: ExplanationPosition): string {
  return Buffer.from(JSON.stringify([position.topic, position.ageBand, position.lang])).toString('base64url');
}

/**
 * Reads a cursor encodeExplanationCursor made, and refuses anything else (400, `cursor`,
 * `isCursor`): it goes into a query, so only a key that can exist is let through.
 */
export function decodeExplanationCursor(cursor: string): ExplanationPosition {
  const position = BASE64URL.test(cursor) ? parse(Buffer.from(cursor, 'base64url').toString('utf8')) : undefined;
  if (!position) throw new InvalidInputError([{ field: 'cursor', rule: 'isCursor', message: 'cursor must be a nextCursor value from a previous page' }]);
  return position;
}

function parse(text: string): ExplanationPosition | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return undefined;
  const [topic, ageBand, lang] = parsed as unknown[];
  if (!(INFORM_TOPICS as readonly unknown[]).includes(topic) || !(EXPLANATION_AGE_BANDS as readonly unknown[]).includes(ageBand)) return undefined;
  if (typeof lang !== 'string' || !LANG.test(lang)) return undefined;
  return { topic: topic as InformTopic, ageBand: ageBand as ExplanationAgeBand, lang };
}
