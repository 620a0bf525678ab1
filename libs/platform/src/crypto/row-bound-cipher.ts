import { FieldCipher } from './field-cipher';

/**
 * Field encryption with each value bound to its `table.column` and row id: a ciphertext copied
 * into another row or column no longer decrypts. `C` names the columns a service seals, so a
 * typo in a column name fails to compile instead of sealing under a context nothing reads.
 */
export class RowBoundCipher<C extends string = string> {
  constructor(private readonly cipher: FieldCipher) {}

  /** The authenticated context; a migration that seals stored rows must build the same one. */
  public static context(column: string, rowId: string): string {
    return `${column}:${rowId}`;
  }

  public seal(column: C, rowId: string, value: string): string {
    return this.cipher.encrypt(value, RowBoundCipher.context(column, rowId));
  }

  public sealOptional(column: C, rowId: string, value: string | undefined | null): string | null {
    return value === undefined || value === null ? null : this.seal(column, rowId, value);
  }

  public open(column: C, rowId: string, ciphertext: string): string {
    return this.cipher.decrypt(ciphertext, RowBoundCipher.context(column, rowId));
  }

  public openOptional(column: C, rowId: string, ciphertext: string | null): string | null {
    return ciphertext === null ? null : this.open(column, rowId, ciphertext);
  }
}
