import { createEnvelope, eventSubject, validateAgainstJsonSchema, validateContract, validateEvent } from '@opis/contracts-envelope';

import {
  LEGAL_PROTECTION_STATUS_PATTERN,
  ProtectionStatusReply,
  ProtectionStatusRequest,
} from '../requests/protection-status.request';
import { protectionLockHolds } from '../vocabulary/protection-vocabulary';
import { LEGAL_STATUS_EVENTS, protectionChangedV1 } from './legal-status-events';

const caseId = '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d0f';
const actor = { kind: 'officer' as const, id: 'opi-chp-0042' };

describe('legal-status contracts', () => {
  it.each(LEGAL_STATUS_EVENTS.map((contract) => [contract.name.event, contract]))(
    '%s: the sample validates against the class and the JSON Schema',
    (_event, contract) => {
      const envelope = JSON.parse(
        JSON.stringify(createEnvelope({ name: contract.name, caseId, officeCode: 'CHP', actor, data: contract.example })),
      );
      expect(envelope.type).toBe('legal.protection.changed');
      expect(validateEvent(contract, envelope)).toMatchObject({ ok: true });
      expect(validateAgainstJsonSchema(contract, envelope)).toEqual([]);
    },
  );

  it('publishes on the legal-status stream subjects, office last', () => {
    expect(eventSubject(protectionChangedV1.name, 'CHP')).toBe('opis.legal-status.protection.changed.v1.CHP');
  });

  it('names the request pattern and validates request and reply', () => {
    expect(LEGAL_PROTECTION_STATUS_PATTERN).toBe('opis.legal-status.q.protection-status');
    expect(validateContract(ProtectionStatusRequest, { caseId })).toMatchObject({ ok: true });
    expect(validateContract(ProtectionStatusRequest, { caseId: 'x' })).toMatchObject({ ok: false });
    const reply = { caseId, protectionClaimed: false, status: 'NOT_ASSESSED', asOf: '2026-11-29T14:05:00.000Z' };
    expect(validateContract(ProtectionStatusReply, reply)).toMatchObject({ ok: true });
    expect(validateContract(ProtectionStatusReply, { ...reply, status: 'MAYBE' })).toMatchObject({ ok: false });
  });

  it('holds the protection lock on a need, a claim or an open procedure, and lifts it only when it ended', () => {
    expect(protectionLockHolds({ protectionClaimed: false, status: 'NOT_ASSESSED' })).toBe(false);
    expect(protectionLockHolds({ protectionClaimed: false, status: 'FINAL_DENIED' })).toBe(false);
    expect(protectionLockHolds({ protectionClaimed: false, status: 'WITHDRAWN' })).toBe(false);
    expect(protectionLockHolds({ protectionClaimed: true, status: 'NOT_ASSESSED' })).toBe(true);
    expect(protectionLockHolds({ protectionClaimed: false, protectionNeedIndicated: true, status: 'NOT_ASSESSED' })).toBe(true);
    for (const status of ['NEED_IDENTIFIED', 'CLAIM_PENDING', 'RECOGNIZED_REFUGEE', 'DENIED', 'APPEAL_PENDING'] as const) {
      expect(protectionLockHolds({ protectionClaimed: false, status })).toBe(true);
    }
  });
});
