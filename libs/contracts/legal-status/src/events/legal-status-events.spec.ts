import { createEnvelope, eventSubject, eventType, validateAgainstJsonSchema, validateContract, validateEvent } from '@opis/contracts-envelope';

import { CaseStatusReply, CaseStatusRequest, LEGAL_CASE_STATUS_PATTERN } from '../requests/case-status.request';
import { PROCEDURE_RESOLUTIONS, PROCEDURE_STATUSES, RECOMMENDED_MEASURES, RESOLUTION_FOR_MEASURE } from '../vocabulary/legal-vocabulary';
import { protectionClaimedIn, protectionLockHolds } from '../vocabulary/protection-vocabulary';
import { LEGAL_STATUS_EVENTS, protectionChangedV1 } from './legal-status-events';

const caseId = '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d0f';
const actor = { kind: 'officer' as const, id: 'opi-chp-0042' };

describe('legal-status contracts', () => {
  it.each(LEGAL_STATUS_EVENTS.map((contract) => [eventType(contract.name), contract]))(
    '%s: the sample validates against the class and the JSON Schema',
    (type, contract) => {
      const envelope = JSON.parse(
        JSON.stringify(createEnvelope({ name: contract.name, caseId, officeCode: 'CHP', actor, data: contract.example })),
      );
      expect(envelope.type).toBe(type);
      expect(type.startsWith('legal.')).toBe(true);
      expect(validateEvent(contract, envelope)).toMatchObject({ ok: true });
      expect(validateAgainstJsonSchema(contract, envelope)).toEqual([]);
    },
  );

  it('names every legal-status event: the record, procedure, protection and lock, moves, deadlines, the residence task, VRH grounds and review flags', () => {
    expect(LEGAL_STATUS_EVENTS.map((contract) => eventType(contract.name)).sort()).toEqual([
      'legal.best-interests.recorded',
      'legal.child.informed',
      'legal.deadline.alerted',
      'legal.inform.overdue',
      'legal.lock.changed',
      'legal.move.decided',
      'legal.procedure.changed',
      'legal.protection.changed',
      'legal.record.opened',
      'legal.record.review-flagged',
      'legal.residence-task.changed',
      'legal.vrh.changed',
    ]);
  });

  it('refuses free text in an event (contracts are closed)', () => {
    const envelope = JSON.parse(
      JSON.stringify(
        createEnvelope({ name: protectionChangedV1.name, caseId, officeCode: 'CHP', actor, data: { ...protectionChangedV1.example, note: 'x' } }),
      ),
    );
    expect(validateEvent(protectionChangedV1, envelope)).toMatchObject({ ok: false });
  });

  it('publishes on the legal-status stream subjects, office last', () => {
    expect(eventSubject(protectionChangedV1.name, 'CHP')).toBe('opis.legal-status.protection.changed.v1.CHP');
  });

  it('names the one request pattern and validates request and reply', () => {
    expect(LEGAL_CASE_STATUS_PATTERN).toBe('opis.legal-status.q.case-status');
    const token = 'x'.repeat(40);
    expect(validateContract(CaseStatusRequest, { token, caseId })).toMatchObject({ ok: true });
    expect(validateContract(CaseStatusRequest, { token, caseId: 'x' })).toMatchObject({ ok: false });
    expect(validateContract(CaseStatusRequest, { caseId })).toMatchObject({ ok: false });
    const reply = {
      caseId,
      returnLocked: true,
      consularContactLocked: true,
      reasons: ['CLAIM_PENDING', 'FEAR_OF_RETURN'],
      protectionStatus: 'CLAIM_PENDING',
      protectionClaimed: true,
      bestInterestsRecommendsReturn: false,
      assistedReturnResolved: false,
      bestInterests: [{ id: caseId, type: 'PLAN', documentReference: 'PPNNA-CHP-2026-0099', recommendedMeasure: 'REFUGE', decidedAt: '2026-11-28T10:00:00.000Z' }],
      asOf: '2026-11-29T14:05:00.000Z',
    };
    expect(validateContract(CaseStatusReply, reply)).toMatchObject({ ok: true });
    expect(validateContract(CaseStatusReply, { ...reply, bestInterests: [{ id: caseId, type: 'WISH', decidedAt: 'soon' }] })).toMatchObject({ ok: false });
    expect(validateContract(CaseStatusReply, { ...reply, reasons: ['BECAUSE'] })).toMatchObject({ ok: false });
    expect(validateContract(CaseStatusReply, { ...reply, protectionStatus: 'MAYBE' })).toMatchObject({ ok: false });
  });

  it('holds the protection lock on a need, a claim or an open procedure, and lifts it only when it ended', () => {
    expect(protectionLockHolds({ protectionClaimed: false, status: 'NOT_ASSESSED' })).toBe(false);
    expect(protectionLockHolds({ protectionClaimed: false, status: 'FINAL_DENIED' })).toBe(false);
    expect(protectionLockHolds({ protectionClaimed: false, status: 'WITHDRAWN' })).toBe(false);
    expect(protectionLockHolds({ protectionClaimed: true, status: 'NOT_ASSESSED' })).toBe(true);
    for (const status of ['NEED_IDENTIFIED', 'CLAIM_PENDING', 'RECOGNIZED_REFUGEE', 'DENIED', 'APPEAL_PENDING'] as const) {
      expect(protectionLockHolds({ protectionClaimed: false, status })).toBe(true);
    }
    expect(protectionClaimedIn('DENIED')).toBe(true);
    expect(protectionClaimedIn('FINAL_DENIED')).toBe(false);
  });

  it('has no custodial state or resolution (LM-10) and a resolution for every plan measure (LM-06)', () => {
    for (const word of [...PROCEDURE_STATUSES, ...PROCEDURE_RESOLUTIONS]) {
      expect(word).not.toMatch(/PRESENT|DETAIN|DETENI|ASEGURA/);
    }
    for (const measure of RECOMMENDED_MEASURES) expect(PROCEDURE_RESOLUTIONS).toContain(RESOLUTION_FOR_MEASURE[measure]);
  });
});
