export const REDACTED = '[redacted]';

// Keys are compared lower-cased with separators removed, so given_names, givenNames and
// GIVEN-NAMES all match.
const PERSONAL_KEYS = new Set([
  'authorization',
  'cookie',
  'setcookie',
  'password',
  'token',
  'accesstoken',
  'names',
  'name',
  'givenname',
  'givennames',
  'familyname',
  'familynames',
  'fullname',
  'firstname',
  'lastname',
  'surname',
  'surnames',
  'dateofbirth',
  'birthdate',
  'dob',
  'notes',
  'note',
  'freetext',
  'address',
  'email',
  'curp',
]);
const PERSONAL_KEY_PARTS = ['phone', 'photo', 'freetext', 'givenname', 'familyname', 'birth'];
const MAX_DEPTH = 10;

export function isPersonalKey(key: string): boolean {
  const normalised = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return PERSONAL_KEYS.has(normalised) || PERSONAL_KEY_PARTS.some((part) => normalised.includes(part));
}

/**
 * A copy of a log object with every personal field replaced, at any depth. Errors are kept as
 * they are: the error serializer decides what of them is written.
 */
export function redactPersonalData<T>(value: T): T {
  return redactValue(value, 0, new WeakSet()) as T;
}

function redactValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Error || value instanceof Date) return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1, seen));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = isPersonalKey(key) ? REDACTED : redactValue(item, depth + 1, seen);
  }
  return copy;
}
