import { MigrationInterface, QueryRunner } from 'typeorm';

import { FieldCipher, fieldCryptoFor, loadConfig, RowBoundCipher } from '@opis/platform';

import { CareConfig } from '../care.config';
import { SEALED_CARE_TEXT } from '../records/care-text.cipher';

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
 * Encrypts the free text care stored in clear before it was sealed. A value that already decrypts
 * in its own place is left alone, so running it twice, or over rows the service wrote sealed
 * meanwhile, changes nothing. Returns how many values it sealed.
 */
export async function sealCareText(query: Query, cipher: FieldCipher): Promise<number> {
  let sealed = 0;
  for (const { table, column, key } of SEALED_CARE_TEXT) {
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
 * Health-screening notes, incident accounts and what deliveries record are encrypted at rest
 * (issue 19): the column types stay text, their comments say how they are sealed, and rows written
 * in clear before are sealed with care's keys (FIELD_KEYS, or dev keys outside production).
 */
export class CareSealChildFreeText1766000000000 implements MigrationInterface {
  public readonly name = 'CareSealChildFreeText1766000000000';

  /** Tests hand in their cipher; a deployment's comes from its validated environment. */
  constructor(private readonly cipherOf: () => FieldCipher = () => fieldCryptoFor(loadConfig(CareConfig)).cipher) {}

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const { table, column, key } of SEALED_CARE_TEXT) {
      await queryRunner.query(`COMMENT ON COLUMN ${table}.${column} IS 'sealed: FieldCipher, context ${table}.${column}:<${key}>'`);
    }
    let stored = 0;
    for (const { table, column } of SEALED_CARE_TEXT) {
      const [{ n }] = await queryRunner.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} IS NOT NULL`);
      stored += n;
    }
    // Keys are needed only when there is something to seal: a new database migrates without them.
    if (stored === 0) return;
    await sealCareText((sql, parameters) => queryRunner.query(sql, parameters), this.cipherOf());
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // The values stay sealed: opening them would put the child's account back in clear.
    for (const { table, column } of SEALED_CARE_TEXT) {
      await queryRunner.query(`COMMENT ON COLUMN ${table}.${column} IS NULL`);
    }
  }
}
