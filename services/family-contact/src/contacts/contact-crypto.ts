import { Injectable } from '@nestjs/common';

import { FieldCipher, LookupHasher, normalisePhoneNumber } from '@opis/platform';

const PHONE_PURPOSE = 'family-contact.phone';

/**
 * Encrypts each sensitive column bound to its table, column and row: a ciphertext copied into
 * another row or column no longer decrypts.
 */
@Injectable()
export class ContactCrypto {
  constructor(
    private readonly cipher: FieldCipher,
    private readonly lookup: LookupHasher,
  ) {}

  public seal(column: string, rowId: string, value: string): string {
    return this.cipher.encrypt(value, `${column}:${rowId}`);
  }

  public sealOptional(column: string, rowId: string, value: string | undefined | null): string | null {
    return value === undefined || value === null ? null : this.seal(column, rowId, value);
  }

  public open(column: string, rowId: string, ciphertext: string): string {
    return this.cipher.decrypt(ciphertext, `${column}:${rowId}`);
  }

  public openOptional(column: string, rowId: string, ciphertext: string | null): string | null {
    return ciphertext === null ? null : this.open(column, rowId, ciphertext);
  }

  /** The keyed hash of a normalised number, or null when it is not a full international number. */
  public phoneHash(raw: string): { normalised: string; hash: string } | null {
    const normalised = normalisePhoneNumber(raw);
    return normalised ? { normalised, hash: this.lookup.hash(PHONE_PURPOSE, normalised) } : null;
  }
}
