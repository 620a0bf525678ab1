import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

import { ConfigError } from '../config/config-error';
import { loadConfig } from '../config/load-config';
import { ensureDevFieldKeys } from './dev-field-keys';
import { FieldCipher, FieldDecryptionError } from './field-cipher';
import { FieldCryptoConfig, fieldCryptoFor } from './field-crypto.config';
import { KeyMaterialError, parseFieldKeyring, parseLookupKey } from './field-keyring';
import { LookupHasher, normalisePhoneNumber } from './lookup-hasher';

const key = (bytes = 32) => randomBytes(bytes).toString('base64');
const baseEnv = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://svc@db:5432/svc',
  NATS_URL: 'nats://nats:4222',
  JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\\nMFkw\\n-----END PUBLIC KEY-----',
  JWT_ISSUER: 'https://id.inm.gob.mx',
};

function configFailure(env: Record<string, string>): ConfigError {
  try {
    loadConfig(FieldCryptoConfig, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('field encryption', () => {
  const k1 = key();
  const k2 = key();

  it('round-trips, never repeats a ciphertext, and prefixes the key id', () => {
    const cipher = new FieldCipher(parseFieldKeyring(`k1:${k1}`));
    const first = cipher.encrypt('+502 5555 1234');
    const second = cipher.encrypt('+502 5555 1234');
    expect(first).toMatch(/^k1:[A-Za-z0-9_-]+$/);
    expect(first).not.toEqual(second);
    expect(first).not.toContain('5555');
    expect(cipher.decrypt(first)).toBe('+502 5555 1234');
    expect(cipher.decrypt(cipher.encrypt(''))).toBe('');
  });

  it('rotates: the first key encrypts, older keys still decrypt, and old values can be re-encrypted', () => {
    const before = new FieldCipher(parseFieldKeyring(`k1:${k1}`)).encrypt('María');
    const after = new FieldCipher(parseFieldKeyring(`k2:${k2}, k1:${k1}`));
    expect(after.currentKeyId).toBe('k2');
    expect(after.decrypt(before)).toBe('María');
    expect(after.needsReencryption(before)).toBe(true);
    const rotated = after.reencrypt(before);
    expect(rotated.startsWith('k2:')).toBe(true);
    expect(after.needsReencryption(rotated)).toBe(false);
    expect(() => new FieldCipher(parseFieldKeyring(`k2:${k2}`)).decrypt(before)).toThrow(FieldDecryptionError);
  });

  it('refuses a tampered value or one moved to another context', () => {
    const cipher = new FieldCipher(parseFieldKeyring(`k1:${k1}`));
    const value = cipher.encrypt('Pérez', 'contact.family_names:1');
    expect(cipher.decrypt(value, 'contact.family_names:1')).toBe('Pérez');
    expect(() => cipher.decrypt(value, 'contact.family_names:2')).toThrow(FieldDecryptionError);
    const bytes = Buffer.from(value.slice(3), 'base64url');
    bytes[bytes.length - 1] ^= 1;
    expect(() => cipher.decrypt(`k1:${bytes.toString('base64url')}`, 'contact.family_names:1')).toThrow(FieldDecryptionError);
    expect(() => cipher.decrypt('no-key-id')).toThrow(FieldDecryptionError);
  });

  it('refuses short, malformed or repeated keys without echoing them', () => {
    const short = key(16);
    expect(() => parseFieldKeyring(`k1:${short}`)).toThrow(/key "k1" must be 32 bytes, got 16/);
    expect(() => parseFieldKeyring('')).toThrow(KeyMaterialError);
    expect(() => parseFieldKeyring(`bad id:${k1}`)).toThrow(KeyMaterialError);
    expect(() => parseFieldKeyring(`k1:${k1},k1:${k2}`)).toThrow(/appears twice/);
    expect(() => parseFieldKeyring('k1:not base64!')).toThrow(/not base64/);
    expect(() => parseLookupKey(short)).toThrow(/at least 32 bytes/);
    try {
      parseFieldKeyring(`k1:${short}`);
    } catch (error) {
      expect((error as Error).message).not.toContain(short);
    }
  });
});

describe('lookup hash of a phone number', () => {
  const hasher = new LookupHasher(randomBytes(32));

  it('matches the same number however it was written, and only with the same key and purpose', () => {
    const forms = ['+502 5555-1234', '00502 5555 1234', '+502 (5555) 1234', '+50255551234'];
    const hashes = forms.map((form) => hasher.hash('phone', normalisePhoneNumber(form) as string));
    expect(new Set(hashes).size).toBe(1);
    expect(hashes[0]).not.toContain('5555');
    expect(hasher.hash('document', '+50255551234')).not.toBe(hashes[0]);
    expect(new LookupHasher(randomBytes(32)).hash('phone', '+50255551234')).not.toBe(hashes[0]);
  });

  it('refuses what is not a full international number', () => {
    expect(normalisePhoneNumber('5555-1234')).toBeNull();
    expect(normalisePhoneNumber('+0 555 1234')).toBeNull();
    expect(normalisePhoneNumber('+502 abc')).toBeNull();
    expect(normalisePhoneNumber('+1234567890123456')).toBeNull();
  });
});

describe('field crypto configuration', () => {
  it('names a missing or short key clearly, without the key', () => {
    const missing = configFailure(baseEnv);
    expect(missing.violations.map((v) => v.variable).sort()).toEqual(['FIELD_KEYS', 'LOOKUP_KEY']);
    expect(missing.message).toContain('FIELD_KEYS must be a keyring id:<base64 of 32 bytes>');
    expect(missing.message).toContain('no key given');

    const short = key(16);
    const shortKey = configFailure({ ...baseEnv, FIELD_KEYS: `k1:${short}`, LOOKUP_KEY: key() });
    expect(shortKey.violations).toEqual([expect.objectContaining({ variable: 'FIELD_KEYS', rule: 'isFieldKeyring' })]);
    expect(shortKey.message).toContain('key "k1" must be 32 bytes, got 16');
    expect(shortKey.message).not.toContain(short);
  });

  it('refuses one key used for both jobs, and dev keys in production', () => {
    const shared = key();
    const reused = configFailure({ ...baseEnv, FIELD_KEYS: `k1:${shared}`, LOOKUP_KEY: shared });
    expect(reused.violations).toEqual([expect.objectContaining({ variable: 'LOOKUP_KEY', rule: 'isLookupKey' })]);
    const dev = configFailure({ ...baseEnv, FIELD_DEV_KEYS: 'true' });
    expect(dev.violations.map((v) => [v.variable, v.rule])).toEqual(
      expect.arrayContaining([['FIELD_DEV_KEYS', 'notInProduction'], ['FIELD_KEYS', 'isFieldKeyring']]),
    );
  });

  it('builds the cipher and hasher from configured keys', () => {
    const config = loadConfig(FieldCryptoConfig, { ...baseEnv, FIELD_KEYS: `k2:${key()},k1:${key()}`, LOOKUP_KEY: key() });
    const { cipher, lookup } = fieldCryptoFor(config);
    expect(cipher.currentKeyId).toBe('k2');
    expect(lookup.hash('phone', '+50255551234')).toHaveLength(43);
  });

  it('makes local dev keys once, readable only by the owner', () => {
    const directory = mkdtempSync(join(tmpdir(), 'opis-field-keys-'));
    try {
      const first = ensureDevFieldKeys(directory);
      expect(ensureDevFieldKeys(directory)).toEqual(first);
      expect(parseFieldKeyring(first.fieldKeys).currentKeyId).toBe('dev1');
      expect(parseLookupKey(first.lookupKey)).toHaveLength(32);
      expect(statSync(first.path).mode & 0o077).toBe(0);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('accepts dev keys outside production without FIELD_KEYS', () => {
    const config = loadConfig(FieldCryptoConfig, { ...baseEnv, NODE_ENV: 'development', FIELD_DEV_KEYS: 'true' });
    expect(config.FIELD_KEYS).toBeUndefined();
  });
});
