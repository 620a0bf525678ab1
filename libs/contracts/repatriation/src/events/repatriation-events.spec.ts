import { createEnvelope, eventSubject, eventType, validateAgainstJsonSchema, validateEvent } from '@opis/contracts-envelope';

import { RETURN_PRECONDITIONS } from '../vocabulary/repatriation-vocabulary';
import { planRefusedV1, REPATRIATION_EVENTS } from './repatriation-events';

const caseId = '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d0f';
const actor = { kind: 'officer' as const, id: 'opi-chp-0042' };
const envelopeOf = (contract: (typeof REPATRIATION_EVENTS)[number], data: object) =>
  JSON.parse(JSON.stringify(createEnvelope({ name: contract.name, caseId, officeCode: 'CHP', actor, data })));

describe('repatriation contracts', () => {
  it.each(REPATRIATION_EVENTS.map((contract) => [eventType(contract.name), contract]))(
    '%s: the sample validates against the class and the JSON Schema',
    (type, contract) => {
      const envelope = envelopeOf(contract, contract.example);
      expect(envelope.type).toBe(type);
      expect(validateEvent(contract, envelope)).toMatchObject({ ok: true });
      expect(validateAgainstJsonSchema(contract, envelope)).toEqual([]);
    },
  );

  it('names every repatriation event', () => {
    expect(REPATRIATION_EVENTS.map((contract) => eventType(contract.name)).sort()).toEqual([
      'repatriation.incident.recorded',
      'repatriation.plan.aborted',
      'repatriation.plan.approved',
      'repatriation.plan.closed',
      'repatriation.plan.departed',
      'repatriation.plan.handed-over',
      'repatriation.plan.proposed',
      'repatriation.plan.refused',
      'repatriation.plan.scheduled',
      'repatriation.reception.arrived',
      'repatriation.reception.closed',
      'repatriation.reception.family-contacted',
      'repatriation.reception.handed-over',
      'repatriation.reception.opened',
      'repatriation.reception.referred-to-procuraduria',
    ]);
  });

  it('refuses free text and names in an event (contracts are closed)', () => {
    expect(validateEvent(planRefusedV1, envelopeOf(planRefusedV1, { ...planRefusedV1.example, note: 'x' }))).toMatchObject({ ok: false });
    expect(validateEvent(planRefusedV1, envelopeOf(planRefusedV1, { ...planRefusedV1.example, unmet: ['BECAUSE'] }))).toMatchObject({ ok: false });
  });

  it('publishes on the repatriation stream subjects, office last', () => {
    expect(eventSubject(planRefusedV1.name, 'CHP')).toBe('opis.repatriation.plan.refused.v1.CHP');
  });

  it('cites a rule for every precondition', () => {
    for (const rule of Object.values(RETURN_PRECONDITIONS)) expect(rule).toMatch(/^[A-Z]+-[0-9A-Za-z.]+$/);
  });
});
