import { createEnvelope, eventSubject, validateAgainstJsonSchema, validateEvent } from '@opis/contracts-envelope';

import { callLoggedV1, FAMILY_CONTACT_EVENTS, reunifiedV1 } from './family-events';

const actor = { kind: 'officer' as const, id: 'opi-chp-0042' };
const caseId = '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d0f';

function envelopeOf(name: (typeof FAMILY_CONTACT_EVENTS)[number]['name'], data: object) {
  return JSON.parse(JSON.stringify(createEnvelope({ name, caseId, officeCode: 'CHP', actor, data })));
}

describe('family-contact event contracts', () => {
  it.each(FAMILY_CONTACT_EVENTS.map((contract) => [`${contract.name.aggregate}.${contract.name.event}`, contract]))(
    'family.%s: the sample validates against the class and the JSON Schema',
    (_event, contract) => {
      const envelope = envelopeOf(contract.name, contract.example);
      expect(envelope.type).toMatch(/^family\./);
      expect(validateEvent(contract, envelope)).toMatchObject({ ok: true });
      expect(validateAgainstJsonSchema(contract, envelope)).toEqual([]);
    },
  );

  it('refuses a phone number or a name smuggled into an event, in both validators', () => {
    const withNumber = envelopeOf(callLoggedV1.name, { ...callLoggedV1.example, phoneNumber: '+50255551234' });
    expect(validateEvent(callLoggedV1, withNumber).ok).toBe(false);
    expect(validateAgainstJsonSchema(callLoggedV1, withNumber)).not.toEqual([]);
    const withName = envelopeOf(reunifiedV1.name, {
      ...reunifiedV1.example,
      receivedBy: { ...reunifiedV1.example.receivedBy, givenNames: 'Rosa' },
    });
    expect(validateEvent(reunifiedV1, withName).ok).toBe(false);
  });

  it('publishes on the family-contact stream subjects', () => {
    expect(eventSubject(callLoggedV1.name, 'CHP')).toBe('opis.family-contact.call.logged.v1.CHP');
    expect(envelopeOf(reunifiedV1.name, reunifiedV1.example).type).toBe('family.record.reunified');
  });
});
