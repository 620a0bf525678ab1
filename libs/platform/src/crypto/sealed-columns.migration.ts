import { QueryRunner } from 'typeorm';

import { FieldCipher } from './field-cipher';
import { RowBoundCipher } from './row-bound-cipher';

/** A free-text column sealed row by row: each value bound to its table, column and the row's key. */
export interface SealedColumn {
  table: string;
  column: string;
  key: string;
}

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
 * Encrypts the values of `columns` stored in clear before they were sealed. A value that already
 * decrypts in its own place is left alone, so running it twice, or over rows the service wrote
 * sealed meanwhile, changes nothing. Returns how many values it sealed.
 */
export async function sealStoredValues(query: Query, cipher: FieldCipher, columns: readonly SealedColumn[]): Promise<number> {
  let sealed = 0;
  for (const { table, column, key } of columns) {
    const rows = await query(`SELECT ${key} AS row_id, ${column} AS value FROM ${table} WHERE ${column} IS NOT NULL FOR UPDATE`);
    for (const row of rows) {
      const context = RowBoundCipher.context(`${table}.${column}`, row.row_id);
      if (isSealed(cipher, row.value, context)) continue;
      await query(`UPDATE ${table} SET ${column} = $2 WHERE ${key} = $1`, [row.row_id, cipher.encrypt(row.value, context)]);
      sealed += 1;
    }
  }
  return sealed;
}

/**
 * The `up` of a migration that starts sealing columns: each column's comment says how it is
 * sealed, and rows written in clear before are sealed. The keys are asked for only when there is
 * something to seal, so a new database migrates without them.
 */
export async function sealColumns(queryRunner: QueryRunner, columns: readonly SealedColumn[], cipherOf: () => FieldCipher): Promise<void> {
  let stored = 0;
  for (const { table, column, key } of columns) {
    await queryRunner.query(`COMMENT ON COLUMN ${table}.${column} IS 'sealed: FieldCipher, context ${table}.${column}:<${key}>'`);
    const [{ n }] = await queryRunner.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} IS NOT NULL`);
    stored += n;
  }
  if (stored === 0) return;
  await sealStoredValues((sql, parameters) => queryRunner.query(sql, parameters), cipherOf(), columns);
}

/** Its `down`: the values stay sealed, since opening them would put what the child said back in clear. */
export async function forgetSealedComments(queryRunner: QueryRunner, columns: readonly SealedColumn[]): Promise<void> {
  for (const { table, column } of columns) {
    await queryRunner.query(`COMMENT ON COLUMN ${table}.${column} IS NULL`);
  }
}
