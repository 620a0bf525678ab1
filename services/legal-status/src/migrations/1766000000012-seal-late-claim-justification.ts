import { MigrationInterface, QueryRunner } from 'typeorm';

import { FieldCipher, fieldCryptoFor, forgetSealedComments, loadConfig, sealColumns } from '@opis/platform';

import { LegalStatusConfig } from '../legal-status.config';
import { SEALED_LATE_CLAIM_TEXT } from '../records/child-text.cipher';

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
    await sealColumns(queryRunner, SEALED_LATE_CLAIM_TEXT, this.cipherOf);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await forgetSealedComments(queryRunner, SEALED_LATE_CLAIM_TEXT);
  }
}
