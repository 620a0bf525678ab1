/** A key's id travels in every ciphertext, so it must be short and never contain the separator. */
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

export const FIELD_KEY_BYTES = 32;
export const LOOKUP_KEY_MIN_BYTES = 32;

/** AES-256-GCM keys by id; `currentKeyId` encrypts, every key decrypts (rotation). */
export interface FieldKeyring {
  currentKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
}

/** Refused key material. The message names the key id and what is wrong, never the key. */
export class KeyMaterialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyMaterialError';
  }
}

function decodeBase64(value: string, what: string): Buffer {
  if (!BASE64.test(value)) throw new KeyMaterialError(`${what} is not base64`);
  return Buffer.from(value, 'base64');
}

/**
 * Parses `k2:<base64 of 32 bytes>,k1:<...>`: the first key is the current one; the others only
 * decrypt values written before a rotation.
 */
export function parseFieldKeyring(spec: string | undefined): FieldKeyring {
  const entries = (spec ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length === 0) throw new KeyMaterialError('no key given; expected id:<base64 of 32 bytes>, current key first');
  const keys = new Map<string, Buffer>();
  for (const entry of entries) {
    const separator = entry.indexOf(':');
    const id = separator > 0 ? entry.slice(0, separator) : '';
    if (!KEY_ID.test(id)) {
      throw new KeyMaterialError('each key must be id:<base64>, the id 1 to 32 letters, digits, "_" or "-"');
    }
    if (keys.has(id)) throw new KeyMaterialError(`key id "${id}" appears twice`);
    const key = decodeBase64(entry.slice(separator + 1), `key "${id}"`);
    if (key.length !== FIELD_KEY_BYTES) {
      throw new KeyMaterialError(`key "${id}" must be ${FIELD_KEY_BYTES} bytes, got ${key.length}`);
    }
    keys.set(id, key);
  }
  return { currentKeyId: entries[0].slice(0, entries[0].indexOf(':')), keys };
}

/** The HMAC key for exact-match lookups: base64 of at least 32 random bytes. */
export function parseLookupKey(spec: string | undefined): Buffer {
  const value = (spec ?? '').trim();
  if (value.length === 0) throw new KeyMaterialError(`no key given; expected base64 of at least ${LOOKUP_KEY_MIN_BYTES} bytes`);
  const key = decodeBase64(value, 'the key');
  if (key.length < LOOKUP_KEY_MIN_BYTES) {
    throw new KeyMaterialError(`the key must be at least ${LOOKUP_KEY_MIN_BYTES} bytes, got ${key.length}`);
  }
  return key;
}
