import { createEnvelope, EventContract, eventSubject, validateAgainstJsonSchema, validateEvent } from '@opis/contracts-envelope';

import { isSeriousIncident } from '../vocabulary/care-vocabulary';
import { CARE_EVENTS, careIncidentReportedV1, careNeedDeliveredV1, careRecordOpenedV1 } from './care-events';

const actor = { kind: 'officer' as const, id: 'opi-chp-0042' };
const caseId = '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d0f';

function envelopeOf(contract: EventContract, data: object) {
  return JSON.parse(JSON.stringify(createEnvelope({ name: contract.name, caseId, officeCode: 'CHP', actor, data })));
}

describe('care event contracts', () => {
  it.each(CARE_EVENTS.map((contract) => [contract.name.event, contract]))(
    '%s: the sample validates against the class and the JSON Schema',
    (_event, contract) => {
      const envelope = envelopeOf(contract, contract.example);
      expect(validateEvent(contract, envelope)).toMatchObject({ ok: true });
      expect(validateAgainstJsonSchema(contract, envelope)).toEqual([]);
    },
  );

  it('rejects free text smuggled into a delivery or an incident, in both validators', () => {
    const cases: Array<[EventContract, object]> = [
      [careNeedDeliveredV1, { ...careNeedDeliveredV1.example, notes: 'cried all night' }],
      [careIncidentReportedV1, { ...careIncidentReportedV1.example, account: 'the uncle hit her' }],
    ];
    for (const [contract, data] of cases) {
      const envelope = envelopeOf(contract, data);
      expect(validateEvent(contract, envelope)).toMatchObject({ ok: false });
      expect(validateAgainstJsonSchema(contract, envelope)).not.toEqual([]);
    }
  });

  it('carries a protection concern as a code only, from the shared vocabulary', () => {
    const concern = envelopeOf(careIncidentReportedV1, { ...careIncidentReportedV1.example, protectionConcern: 'FEAR_OF_RETURN' });
    expect(validateEvent(careIncidentReportedV1, concern)).toMatchObject({ ok: true });
    expect(validateAgainstJsonSchema(careIncidentReportedV1, concern)).toEqual([]);
    const unknown = envelopeOf(careIncidentReportedV1, { ...careIncidentReportedV1.example, protectionConcern: 'AFRAID' });
    expect(validateEvent(careIncidentReportedV1, unknown)).toMatchObject({ ok: false });
    expect(validateAgainstJsonSchema(careIncidentReportedV1, unknown)).not.toEqual([]);
  });

  it('rejects a need outside the checklist inside the opened record', () => {
    const data = { ...careRecordOpenedV1.example, dueAt: { ...careRecordOpenedV1.example.dueAt, TOYS: '2026-11-29T16:05:00.000Z' } };
    expect(validateEvent(careRecordOpenedV1, envelopeOf(careRecordOpenedV1, data))).toMatchObject({ ok: false });
  });

  it('uses the care prefix and keeps the office last in the subject', () => {
    expect(eventSubject(careNeedDeliveredV1.name, 'CHP')).toBe('opis.care.need.delivered.v1.CHP');
    expect(envelopeOf(careRecordOpenedV1, careRecordOpenedV1.example).type).toBe('care.record.opened');
  });

  it('treats runaways and abuse disclosures as serious whatever the severity recorded', () => {
    expect(isSeriousIncident('RUNAWAY', 'MINOR')).toBe(true);
    expect(isSeriousIncident('ABUSE_DISCLOSURE', 'MODERATE')).toBe(true);
    expect(isSeriousIncident('INJURY', 'MODERATE')).toBe(false);
    expect(isSeriousIncident('INJURY', 'CRITICAL')).toBe(true);
  });
});
