import { MigrationInterface, QueryRunner } from 'typeorm';

import { FieldCipher, fieldCryptoFor, loadConfig } from '@opis/platform';

import { LegalStatusConfig } from '../legal-status.config';
import { SEALED_CHILD_TEXT } from '../records/child-text.cipher';

type Query = (sql: string, parameters?: unknown[]) => Promise<Array<Record<string, string>>>;

function isSealed(cipher: FieldCipher, value: string, context: string): boolean {
  try {
    cipher.decrypt(value, context);
    return true;
  } catch {
    return false;
  }
}

/**
 * Encrypts what the child said or understood that was stored before these columns were sealed;
 * a value that already decrypts is left alone, so running it twice changes nothing. Returns how
 * many values it sealed.
 */
export async function sealChildText(query: Query, cipher: FieldCipher): Promise<number> {
  let sealed = 0;
  for (const { table, column, key } of SEALED_CHILD_TEXT) {
    const rows = await query(`SELECT ${key} AS row_id, ${column} AS value FROM ${table} WHERE ${column} IS NOT NULL FOR UPDATE`);
    for (const row of rows) {
      const context = `${table}.${column}:${row.row_id}`;
      if (isSealed(cipher, row.value, context)) continue;
      await query(`UPDATE ${table} SET ${column} = $2 WHERE ${key} = $1`, [row.row_id, cipher.encrypt(row.value, context)]);
      sealed += 1;
    }
  }
  return sealed;
}

/**
 * The child's views and what the child understood or asked are encrypted at rest (FieldCipher):
 * the column types stay text, their comments say how they are sealed, and rows written in
 * plaintext before are sealed with the service's keys (FIELD_KEYS, or dev keys outside production).
 */
export class SealChildFreeText1764490000002 implements MigrationInterface {
  public readonly name = 'SealChildFreeText1764490000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const { table, column, key } of SEALED_CHILD_TEXT) {
      await queryRunner.query(`COMMENT ON COLUMN ${table}.${column} IS 'sealed: FieldCipher, context ${table}.${column}:<${key}>'`);
    }
    let stored = 0;
    for (const { table, column } of SEALED_CHILD_TEXT) {
      const [{ n }] = await queryRunner.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} IS NOT NULL`);
      stored += n;
    }
    // Keys are needed only when there is something to seal: a new database migrates without them.
    if (stored === 0) return;
    const { cipher } = fieldCryptoFor(loadConfig(LegalStatusConfig));
    await sealChildText((sql, parameters) => queryRunner.query(sql, parameters), cipher);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // The values stay sealed: unsealing them would put the child's words back in plaintext.
    for (const { table, column } of SEALED_CHILD_TEXT) {
      await queryRunner.query(`COMMENT ON COLUMN ${table}.${column} IS NULL`);
    }
  }
}
