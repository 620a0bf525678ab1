import { MigrationInterface, QueryRunner } from 'typeorm';

import { FieldCipher, fieldCryptoFor, forgetSealedComments, loadConfig, sealColumns, sealStoredValues } from '@opis/platform';

import { SEALED_PLAN_TEXT } from '../plans/plan-text.cipher';
import { RepatriationConfig } from '../repatriation.config';

/** Follow-up notes stored in clear before they were sealed, sealed now; how many values it sealed. */
export function sealPlanText(query: Parameters<typeof sealStoredValues>[0], cipher: FieldCipher): Promise<number> {
  return sealStoredValues(query, cipher, SEALED_PLAN_TEXT);
}

/**
 * A closed return's follow-up or reintegration note is encrypted at rest (issue 19): the column
 * stays text, its comment says how it is sealed, and notes written in clear before are sealed with
 * repatriation's keys (FIELD_KEYS, or dev keys outside production). The keys are asked for only
 * when a note is stored; `down` leaves the notes sealed.
 */
export class RepatriationSealFollowUpNote1766700000001 implements MigrationInterface {
  public readonly name = 'RepatriationSealFollowUpNote1766700000001';

  /** Tests hand in their cipher; a deployment's comes from its validated environment. */
  constructor(private readonly cipherOf: () => FieldCipher = () => fieldCryptoFor(loadConfig(RepatriationConfig)).cipher) {}

  public async up(queryRunner: QueryRunner): Promise<void> {
    await sealColumns(queryRunner, SEALED_PLAN_TEXT, this.cipherOf);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await forgetSealedComments(queryRunner, SEALED_PLAN_TEXT);
  }
}
