import { CARE_EVENTS, careNeedDeliveredV1, careNeedOverdueV1 } from '@opis/contracts-care';
import { FAMILY_CONTACT_EVENTS } from '@opis/contracts-family-contact';
import { INTAKE_EVENTS } from '@opis/contracts-intake';
import { LEGAL_STATUS_EVENTS } from '@opis/contracts-legal-status';
import { REPATRIATION_EVENTS } from '@opis/contracts-repatriation';
import { envelopeOf } from '@opis/testing';

import { DEFAULT_RULES } from '../migrations/1767000000000-notifications-schema';
import { decide, TRIGGER_CONTRACTS, TRIGGER_LABELS, TRIGGERS } from './trigger-catalog';

const ALL_EVENTS = [...INTAKE_EVENTS, ...CARE_EVENTS, ...FAMILY_CONTACT_EVENTS, ...LEGAL_STATUS_EVENTS, ...REPATRIATION_EVENTS];

describe('trigger catalog', () => {
  it('gives every trigger a national default rule and a label, so no alert goes out unaddressed or unnamed', () => {
    expect(DEFAULT_RULES.map(([trigger]) => trigger).sort()).toEqual([...TRIGGERS].sort());
    for (const trigger of TRIGGERS) expect(TRIGGER_LABELS[trigger]).toMatch(/\S/);
  });

  it('decides only on the contracts the consumers hand it, and opens only known triggers', () => {
    const handled = new Set(Object.values(TRIGGER_CONTRACTS).flat());
    for (const contract of ALL_EVENTS) {
      const decision = decide(envelopeOf(contract, contract.example));
      if (!handled.has(contract as never)) expect(decision).toEqual({});
      if (decision.open) expect(TRIGGERS).toContain(decision.open.trigger);
    }
  });

  it('keeps a condition per case and subject, so the event that clears it finds it', () => {
    const need = decide(envelopeOf(careNeedOverdueV1, { need: 'REST', detectedAt: '', dueAt: '' }));
    const delivered = decide(envelopeOf(careNeedDeliveredV1, { need: 'REST' }));
    expect(delivered.clear?.conditions).toContain(need.open?.condition);
  });
});
