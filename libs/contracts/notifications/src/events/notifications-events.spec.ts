import { createEnvelope, EventContract, eventSubject, streamName, validateAgainstJsonSchema, validateEvent } from '@opis/contracts-envelope';

import { NOTIFICATIONS_EVENTS, taskClosedV1, taskOpenedV1 } from './notifications-events';

const actor = { kind: 'service' as const, id: 'notifications' };
const caseId = '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d0f';

function envelopeOf(contract: EventContract, data: object) {
  return JSON.parse(JSON.stringify(createEnvelope({ name: contract.name, caseId, officeCode: 'CHP', actor, data })));
}

describe('notifications event contracts', () => {
  it.each(NOTIFICATIONS_EVENTS.map((contract) => [contract.name.event, contract]))(
    '%s: the sample validates against the class and the JSON Schema',
    (_event, contract) => {
      const envelope = envelopeOf(contract, contract.example);
      expect(validateEvent(contract, envelope)).toMatchObject({ ok: true });
      expect(validateAgainstJsonSchema(contract, envelope)).toEqual([]);
    },
  );

  it('closes a task never acknowledged without an acknowledgement instant', () => {
    const { acknowledgedAt: _acknowledgedAt, ...unacknowledged } = taskClosedV1.example;
    const envelope = envelopeOf(taskClosedV1, { ...unacknowledged, outcome: 'CLEARED' });
    expect(validateEvent(taskClosedV1, envelope)).toMatchObject({ ok: true });
    expect(validateAgainstJsonSchema(taskClosedV1, envelope)).toEqual([]);
  });

  it('rejects who was reached, an address or a case number smuggled into a task event, in both validators', () => {
    for (const extra of [{ recipient: 'opi-chp-0042' }, { email: 'sup.chp@inm.invalid' }, { caseNumber: 'CHP-2026-000123' }]) {
      const envelope = envelopeOf(taskOpenedV1, { ...taskOpenedV1.example, ...extra });
      expect(validateEvent(taskOpenedV1, envelope)).toMatchObject({ ok: false });
      expect(validateAgainstJsonSchema(taskOpenedV1, envelope)).not.toEqual([]);
    }
  });

  it('rejects a trigger, level or outcome outside the vocabulary', () => {
    for (const data of [
      { ...taskClosedV1.example, trigger: 'SOMETHING_ELSE' },
      { ...taskClosedV1.example, level: 3 },
      { ...taskClosedV1.example, outcome: 'FORGOTTEN' },
    ]) {
      expect(validateEvent(taskClosedV1, envelopeOf(taskClosedV1, data))).toMatchObject({ ok: false });
    }
  });

  it('publishes on its own stream, the office last in the subject', () => {
    expect(eventSubject(taskOpenedV1.name, 'CHP')).toBe('opis.notifications.task.opened.v1.CHP');
    expect(envelopeOf(taskOpenedV1, taskOpenedV1.example).type).toBe('notifications.task.opened');
    expect(streamName('notifications')).toBe('OPIS_NOTIFICATIONS');
  });
});
