import { createEnvelope, eventSubject, validateAgainstJsonSchema, validateEvent } from '@opis/contracts-envelope';

import { caseRegisteredV1, INTAKE_EVENTS } from './intake-events';

const actor = { kind: 'officer' as const, id: 'opi-chp-0042' };
const caseId = '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d0f';

describe('intake event contracts', () => {
  it.each(INTAKE_EVENTS.map((contract) => [contract.name.event, contract]))(
    '%s: the sample validates against the class and the JSON Schema',
    (_event, contract) => {
      const envelope = JSON.parse(
        JSON.stringify(createEnvelope({ name: contract.name, caseId, officeCode: 'CHP', actor, data: contract.example })),
      );
      expect(validateEvent(contract, envelope)).toMatchObject({ ok: true });
      expect(validateAgainstJsonSchema(contract, envelope)).toEqual([]);
    },
  );

  it('rejects personal data smuggled into an event, in both validators', () => {
    const envelope = JSON.parse(
      JSON.stringify(
        createEnvelope({
          name: caseRegisteredV1.name,
          caseId,
          officeCode: 'CHP',
          actor,
          data: { ...caseRegisteredV1.example, givenNames: 'Ana' },
        }),
      ),
    );
    const result = validateEvent(caseRegisteredV1, envelope);
    expect(result.ok).toBe(false);
    expect(validateAgainstJsonSchema(caseRegisteredV1, envelope)).not.toEqual([]);
  });

  it('rejects an envelope of another type or version', () => {
    const envelope = createEnvelope({
      name: { ...caseRegisteredV1.name, version: 2 },
      caseId,
      officeCode: 'CHP',
      actor,
      data: caseRegisteredV1.example,
    });
    expect(validateEvent(caseRegisteredV1, envelope)).toMatchObject({ ok: false });
  });

  it('builds subjects with the office last', () => {
    expect(eventSubject(caseRegisteredV1.name, 'CHP')).toBe('opis.intake.case.registered.v1.CHP');
  });
});
