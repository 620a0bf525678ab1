import { IsBoolean, registerDecorator, ValidateIf, ValidationArguments } from 'class-validator';

import { BaseServiceConfig } from '../config/base-service.config';
import { NotInProduction } from '../config/not-in-production.decorator';
import { EnvBoolean } from '../config/transforms';
import { ensureDevFieldKeys } from './dev-field-keys';
import { FieldCipher } from './field-cipher';
import { KeyMaterialError, parseFieldKeyring, parseLookupKey } from './field-keyring';
import { LookupHasher } from './lookup-hasher';

const devFieldKeysAllowed = (config: FieldCryptoConfig): boolean =>
  config.FIELD_DEV_KEYS === true && config.NODE_ENV !== 'production';

/** What is wrong with the value, or null; the message never carries key material. */
type KeyCheck = (value: string, config: FieldCryptoConfig) => unknown;

function problemOf(check: KeyCheck, value: unknown, config: FieldCryptoConfig): string | null {
  if (typeof value !== 'string') return 'no key given';
  try {
    check(value, config);
    return null;
  } catch (error) {
    if (error instanceof KeyMaterialError) return error.message;
    throw error;
  }
}

function KeyMaterial(name: string, check: KeyCheck, expected: string): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          problemOf(check, value, args.object as FieldCryptoConfig) === null,
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} must be ${expected} (${problemOf(check, args.value, args.object as FieldCryptoConfig)}); FIELD_DEV_KEYS=true makes local keys outside production`,
      },
    });
  };
}

/** One key doing both jobs would let a leaked lookup key decrypt, or the reverse. */
function assertDistinct(fieldKeys: string | undefined, lookupKey: Buffer): void {
  let keyring;
  try {
    keyring = parseFieldKeyring(fieldKeys);
  } catch {
    return; // FIELD_KEYS reports its own problem.
  }
  if ([...keyring.keys.values()].some((key) => key.equals(lookupKey))) {
    throw new KeyMaterialError('it is the same as a FIELD_KEYS key');
  }
}

function checkLookupKey(value: string, config: FieldCryptoConfig): void {
  assertDistinct(config.FIELD_KEYS, parseLookupKey(value));
}

/**
 * The environment of a service that encrypts fields at rest: extend it instead of
 * BaseServiceConfig. FIELD_KEYS is the keyring (`k2:<base64 32 bytes>,k1:<...>`, current first),
 * LOOKUP_KEY the separate HMAC key for exact-match lookups.
 */
export class FieldCryptoConfig extends BaseServiceConfig {
  @ValidateIf((config: FieldCryptoConfig) => !devFieldKeysAllowed(config) || config.FIELD_KEYS !== undefined)
  @KeyMaterial('isFieldKeyring', parseFieldKeyring, 'a keyring id:<base64 of 32 bytes>[,id:<...>], current key first')
  public FIELD_KEYS?: string;

  @ValidateIf((config: FieldCryptoConfig) => !devFieldKeysAllowed(config) || config.LOOKUP_KEY !== undefined)
  @KeyMaterial('isLookupKey', checkLookupKey, 'base64 of at least 32 random bytes, not one of the FIELD_KEYS')
  public LOOKUP_KEY?: string;

  @EnvBoolean()
  @IsBoolean()
  @NotInProduction(true, { message: 'FIELD_DEV_KEYS=true is refused in production' })
  public FIELD_DEV_KEYS = false;
}

export interface FieldCrypto {
  cipher: FieldCipher;
  lookup: LookupHasher;
}

/** The cipher and lookup hasher from a validated config (dev keys only when allowed and unset). */
export function fieldCryptoFor(config: FieldCryptoConfig): FieldCrypto {
  let fieldKeys = config.FIELD_KEYS;
  let lookupKey = config.LOOKUP_KEY;
  if ((fieldKeys === undefined || lookupKey === undefined) && devFieldKeysAllowed(config)) {
    const dev = ensureDevFieldKeys();
    fieldKeys ??= dev.fieldKeys;
    lookupKey ??= dev.lookupKey;
  }
  const keyring = parseFieldKeyring(fieldKeys);
  const lookup = parseLookupKey(lookupKey);
  assertDistinct(fieldKeys, lookup);
  return { cipher: new FieldCipher(keyring), lookup: new LookupHasher(lookup) };
}
