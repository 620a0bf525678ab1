import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

import { FieldKeyring, KeyMaterialError } from './field-keyring';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A stored value that cannot be read: unknown key id, altered bytes, or the wrong context. */
export class FieldDecryptionError extends Error {
  constructor(reason: string) {
    super(`encrypted field cannot be decrypted: ${reason}`);
    this.name = 'FieldDecryptionError';
  }
}

/**
 * Field encryption at rest with AES-256-GCM. A ciphertext reads `<keyId>:<base64url(iv|tag|data)>`,
 * so keys rotate: new values use the current key, old ones still decrypt with theirs. The
 * optional `context` (e.g. table, column and row id) is authenticated, so a value copied into
 * another row or column no longer decrypts.
 */
export class FieldCipher {
  constructor(private readonly keyring: FieldKeyring) {
    if (!keyring.keys.has(keyring.currentKeyId)) throw new KeyMaterialError('the current key is not in the keyring');
  }

  public get currentKeyId(): string {
    return this.keyring.currentKeyId;
  }

  public encrypt(plaintext: string, context = ''): string {
    const key = this.keyring.keys.get(this.keyring.currentKeyId) as Buffer;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const payload = Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url');
    return `${this.keyring.currentKeyId}:${payload}`;
  }

  public decrypt(ciphertext: string, context = ''): string {
    const separator = ciphertext.indexOf(':');
    if (separator <= 0) throw new FieldDecryptionError('no key id');
    const keyId = ciphertext.slice(0, separator);
    const key = this.keyring.keys.get(keyId);
    if (!key) throw new FieldDecryptionError(`key "${keyId}" is not in the keyring`);
    const payload = Buffer.from(ciphertext.slice(separator + 1), 'base64url');
    if (payload.length < IV_BYTES + TAG_BYTES) throw new FieldDecryptionError('too short');
    const decipher = createDecipheriv(ALGORITHM, key, payload.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(payload.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(payload.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new FieldDecryptionError('authentication failed');
    }
  }

  /** True when the value was written with an older key and should be re-encrypted. */
  public needsReencryption(ciphertext: string): boolean {
    return !ciphertext.startsWith(`${this.keyring.currentKeyId}:`);
  }

  /** The value under the current key (a rotation job calls this row by row). */
  public reencrypt(ciphertext: string, context = ''): string {
    return this.needsReencryption(ciphertext) ? this.encrypt(this.decrypt(ciphertext, context), context) : ciphertext;
  }
}
