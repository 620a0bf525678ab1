import { IsBoolean, IsIn } from 'class-validator';

import { defineEvent, EventContract } from '@opis/contracts-envelope';

import { PROTECTION_STATUSES, ProtectionStatus } from '../vocabulary/protection-vocabulary';

/** Whether a protection claim exists and where it stands; never the claim's content. */
export class ProtectionChangedV1 {
  @IsBoolean()
  public protectionClaimed!: boolean;

  @IsIn(PROTECTION_STATUSES)
  public status!: ProtectionStatus;
}

export const protectionChangedV1 = defineEvent({
  name: { service: 'legal-status', aggregate: 'protection', event: 'changed', version: 1 },
  dataClass: ProtectionChangedV1,
  description:
    'A child’s international protection need or claim changed (COMAR, DOMAIN.md 4.4 b). Family-contact and repatriation lock consular contact and return on it (INV-01, INV-06).',
  example: { protectionClaimed: true, status: 'CLAIM_PENDING' },
});

/** Every legal-status event contract, for catalogs, consumers and tests. */
export const LEGAL_STATUS_EVENTS: readonly EventContract[] = [protectionChangedV1];
