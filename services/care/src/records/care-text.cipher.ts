import { Injectable } from '@nestjs/common';

import { FieldCipher, RowBoundCipher } from '@opis/platform';

/**
 * The free text about the child's health, harm or what the child disclosed (issue 19): screening
 * notes, incident accounts (abuse disclosures), and what was given and noted at each delivery
 * (psychological first aid is recorded there). Each is keyed by the row's `id`.
 *
 * The migration that sealed rows stored before reads this list: a column added later is sealed
 * from the day it is made and goes in a list of its own, so that migration never touches it.
 */
export const SEALED_CARE_TEXT = [
  { table: 'health_screening', column: 'notes', key: 'id' },
  { table: 'incident', column: 'notes', key: 'id' },
  { table: 'care_delivery', column: 'notes', key: 'id' },
  { table: 'care_delivery', column: 'provided', key: 'id' },
] as const;

export type SealedCareColumn = `${(typeof SEALED_CARE_TEXT)[number]['table']}.${(typeof SEALED_CARE_TEXT)[number]['column']}`;

/** Care's columns under the shared row-bound field encryption; events and logs never carry them. */
@Injectable()
export class CareTextCipher extends RowBoundCipher<SealedCareColumn> {
  constructor(cipher: FieldCipher) {
    super(cipher);
  }
}
