import { createHmac } from 'node:crypto';

import { LOOKUP_KEY_MIN_BYTES, KeyMaterialError } from './field-keyring';

/**
 * A keyed hash (HMAC-SHA256) for exact-match lookup of an encrypted value: equal inputs give
 * equal hashes, but without the key a hash cannot be tested against guesses (a phone number
 * has too few possibilities for a plain hash). Its key is separate from the encryption keys.
 */
export class LookupHasher {
  constructor(private readonly key: Buffer) {
    if (key.length < LOOKUP_KEY_MIN_BYTES) throw new KeyMaterialError(`the lookup key must be at least ${LOOKUP_KEY_MIN_BYTES} bytes`);
  }

  /** `purpose` separates lookups of different kinds (a phone, a document number) that share the key. */
  public hash(purpose: string, normalisedValue: string): string {
    return createHmac('sha256', this.key).update(`${purpose}\u0000${normalisedValue}`, 'utf8').digest('base64url');
  }
}

/**
 * A phone number as digits after `+` (E.164 shape), so that `+502 5555-1234`, `00502 55551234`
 * and `+50255551234` match. Null when it cannot be a full international number.
 */
export function normalisePhoneNumber(raw: string): string | null {
  const compact = raw.trim().replace(/[\s().-]/g, '');
  const international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  return /^\+[1-9]\d{6,14}$/.test(international) ? international : null;
}
