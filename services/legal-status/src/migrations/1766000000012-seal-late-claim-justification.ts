import { MigrationInterface, QueryRunner } from 'typeorm';

import { FieldCipher, fieldCryptoFor, loadConfig } from '@opis/platform';

import { LegalStatusConfig } from '../legal-status.config';
import { SEALED_LATE_CLAIM_TEXT } from '../records/child-text.cipher';

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
 * Encrypts the late-claim justifications stored in clear before the column was sealed. A value
 * that already decrypts in its own place is left alone, so running it twice, or over rows the
 * service wrote sealed meanwhile, changes nothing. Returns how many values it sealed.
 */
export async function sealLateClaimText(query: Query, cipher: FieldCipher): Promise<number> {
  let sealed = 0;
  for (const { table, column, key } of SEALED_LATE_CLAIM_TEXT) {
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
 * Why a protection claim came after the filing term (IP-01) is free text that can tell what
 * happened to the child, so it is encrypted at rest like the child's views beside it (issue 19):
 * the column type stays text, its comment says how it is sealed, and rows written in clear before
 * are sealed with the service's keys (FIELD_KEYS, or dev keys outside production).
 */
export class SealLateClaimJustification1766000000012 implements MigrationInterface {
  public readonly name = 'SealLateClaimJustification1766000000012';

  /** Tests hand in their cipher; a deployment's comes from its validated environment. */
  constructor(private readonly cipherOf: () => FieldCipher = () => fieldCryptoFor(loadConfig(LegalStatusConfig)).cipher) {}

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const { table, column, key } of SEALED_LATE_CLAIM_TEXT) {
      await queryRunner.query(`COMMENT ON COLUMN ${table}.${column} IS 'sealed: FieldCipher, context ${table}.${column}:<${key}>'`);
    }
    let stored = 0;
    for (const { table, column } of SEALED_LATE_CLAIM_TEXT) {
      const [{ n }] = await queryRunner.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} IS NOT NULL`);
      stored += n;
    }
    // Keys are needed only when there is something to seal: a new database migrates without them.
    if (stored === 0) return;
    await sealLateClaimText((sql, parameters) => queryRunner.query(sql, parameters), this.cipherOf());
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // The values stay sealed: opening them would put what happened to the child back in clear.
    for (const { table, column } of SEALED_LATE_CLAIM_TEXT) {
      await queryRunner.query(`COMMENT ON COLUMN ${table}.${column} IS NULL`);
    }
  }
}
