import { Injectable } from '@nestjs/common';

import { FieldCipher, RowBoundCipher } from '@opis/platform';

/**
 * The free text of a return that can describe harm to the child (issue 19): the follow-up or
 * reintegration note written when a return is closed (what became of the child after the hand-over).
 * Keyed by the plan's `id`.
 *
 * The migration that sealed notes stored before reads this list: a column sealed later goes in a
 * list of its own, so that migration never touches it.
 */
export const SEALED_PLAN_TEXT = [{ table: 'return_plan', column: 'follow_up_note', key: 'id' }] as const;

export type SealedPlanColumn = `${(typeof SEALED_PLAN_TEXT)[number]['table']}.${(typeof SEALED_PLAN_TEXT)[number]['column']}`;

/** Repatriation's columns under the shared row-bound field encryption; events and logs never carry them. */
@Injectable()
export class PlanTextCipher extends RowBoundCipher<SealedPlanColumn> {
  constructor(cipher: FieldCipher) {
    super(cipher);
  }
}
