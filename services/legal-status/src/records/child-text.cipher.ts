import { Injectable } from '@nestjs/common';

import { FieldCipher } from '@opis/platform';

/** The columns that hold, in free text, what the child said, asked or understood. */
export const SEALED_CHILD_TEXT = [
  { table: 'information_session', column: 'understanding', key: 'id' },
  { table: 'information_session', column: 'child_views', key: 'id' },
  { table: 'best_interests_record', column: 'child_views', key: 'id' },
  { table: 'legal_record', column: 'withdrawal_child_views', key: 'case_id' },
] as const;

/**
 * Columns sealed from the day they were made (issue 18): kept apart from SEALED_CHILD_TEXT, which
 * the migration that sealed older rows reads, and which must not name columns made after it.
 */
export const SEALED_SINCE_CREATED = [
  { table: 'fear_lift', column: 'child_views', key: 'id' },
  { table: 'fear_lift', column: 'child_views_unavailable_reason', key: 'id' },
  { table: 'legal_record', column: 'procedure_impact_assessment', key: 'case_id' },
  { table: 'information_session', column: 'hearing_appropriateness_reason', key: 'id' },
] as const;

/**
 * Free text that can tell what happened to the child, stored in clear until issue 19 sealed it.
 * Migration 1766000000012 seals the rows written before and reads this list, so it must not grow.
 */
export const SEALED_LATE_CLAIM_TEXT = [{ table: 'legal_record', column: 'claim_late_justification', key: 'case_id' }] as const;

export type SealedChildText =
  | (typeof SEALED_CHILD_TEXT)[number]
  | (typeof SEALED_SINCE_CREATED)[number]
  | (typeof SEALED_LATE_CLAIM_TEXT)[number];
export type SealedColumn = `${SealedChildText['table']}.${SealedChildText['column']}`;

/**
 * Encrypts the child's words at rest, each value bound to its table, column and row, so a
 * ciphertext copied into another row or column no longer decrypts. Events and logs never carry them.
 */
@Injectable()
export class ChildTextCipher {
  constructor(private readonly cipher: FieldCipher) {}

  public seal(column: SealedColumn, rowId: string, value: string): string {
    return this.cipher.encrypt(value, `${column}:${rowId}`);
  }

  public sealOptional(column: SealedColumn, rowId: string, value: string | undefined | null): string | null {
    return value === undefined || value === null ? null : this.seal(column, rowId, value);
  }

  public open(column: SealedColumn, rowId: string, ciphertext: string): string {
    return this.cipher.decrypt(ciphertext, `${column}:${rowId}`);
  }

  public openOptional(column: SealedColumn, rowId: string, ciphertext: string | null): string | null {
    return ciphertext === null ? null : this.open(column, rowId, ciphertext);
  }
}
