import { MigrationInterface, QueryRunner } from 'typeorm';

import { FieldCipher, fieldCryptoFor, forgetSealedComments, loadConfig, sealColumns, sealStoredValues } from '@opis/platform';

import { CareConfig } from '../care.config';
import { SEALED_CARE_TEXT } from '../records/care-text.cipher';

/** Care's free text stored in clear before it was sealed, sealed now; how many values it sealed. */
export function sealCareText(query: Parameters<typeof sealStoredValues>[0], cipher: FieldCipher): Promise<number> {
  return sealStoredValues(query, cipher, SEALED_CARE_TEXT);
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
    await sealColumns(queryRunner, SEALED_CARE_TEXT, this.cipherOf);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await forgetSealedComments(queryRunner, SEALED_CARE_TEXT);
  }
}
