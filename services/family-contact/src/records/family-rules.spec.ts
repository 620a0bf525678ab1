import { statusAfterCall } from '../calls/call.service';
import { assertOpen } from '../consular/consular-guard.service';
import { citedDetermination } from '../reunification/reunification.service';
import { FamilyRecordEntity } from './family-record.entity';
import { firstCallView } from './family-record.view';
import { ConsularContactRefused } from './family.exception';
import { answerOfClearance, answerOfEvents, answerOfReply, LegalStatusAnswer, newestAnswer, NOT_YET_KNOWN } from './legal-status-answer';

const due = new Date('2026-11-30T14:00:00.000Z');
const record = (firstCallAt: Date | null) => ({ firstCallDueAt: due, firstCallAt }) as FamilyRecordEntity;

describe('family-contact rules', () => {
  it('moves the status on a call as DOMAIN.md 4.3 says', () => {
    expect(statusAfterCall('NOT_STARTED', 'REFUSED_BY_CHILD')).toBe('CALL_OFFERED');
    expect(statusAfterCall('NOT_STARTED', 'REACHED')).toBe('IN_CONTACT');
    expect(statusAfterCall('TRACING', 'REACHED')).toBe('IN_CONTACT');
    expect(statusAfterCall('VERIFIED', 'REACHED')).toBe('VERIFIED');
    expect(statusAfterCall('FLAGGED_RISK', 'NO_ANSWER')).toBe('FLAGGED_RISK');
    // no_answer / no_number --> TRACING
    for (const outcome of ['NO_ANSWER', 'WRONG_NUMBER', 'NO_NUMBER'] as const) {
      expect(statusAfterCall('NOT_STARTED', outcome)).toBe('TRACING');
      expect(statusAfterCall('CALL_OFFERED', outcome)).toBe('TRACING');
      expect(statusAfterCall('TRACING', outcome)).toBe('TRACING');
    }
    expect(statusAfterCall('TRACING', 'REFUSED_BY_CHILD')).toBe('TRACING');
    // Someone is already in contact: one unanswered call does not send the record back to tracing.
    expect(statusAfterCall('IN_CONTACT', 'NO_ANSWER')).toBe('IN_CONTACT');
    expect(statusAfterCall('REUNIFIED', 'REACHED')).toBe('REUNIFIED');
  });

  it('finds the cited best-interests determination by id or document reference only (RLM-01)', () => {
    const plan = { id: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d50', type: 'PLAN' as const, documentReference: 'PPNNA-CHP-2026-0099', decidedAt: '2026-11-29T09:00:00.000Z' };
    const bid = { id: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d51', type: 'BID' as const, decidedAt: '2026-11-30T09:00:00.000Z' };
    expect(citedDetermination([bid, plan], 'PPNNA-CHP-2026-0099')).toBe(plan);
    expect(citedDetermination([bid, plan], ` ${bid.id} `)).toBe(bid);
    expect(citedDetermination([bid, plan], 'BID-NOWHERE')).toBeUndefined();
    expect(citedDetermination([], 'PPNNA-CHP-2026-0099')).toBeUndefined();
  });

  it('shows the first-call deadline as pending, overdue, or met (late or not)', () => {
    expect(firstCallView(record(null), new Date('2026-11-30T13:59:00.000Z'))).toMatchObject({ state: 'PENDING', overdue: false });
    expect(firstCallView(record(null), due)).toMatchObject({ state: 'OVERDUE', overdue: true });
    expect(firstCallView(record(new Date('2026-11-30T15:00:00.000Z')), due)).toMatchObject({ state: 'MET', overdue: true });
    expect(firstCallView(record(new Date('2026-11-30T10:00:00.000Z')), due)).toMatchObject({ state: 'MET', overdue: false });
  });

  it('shows legal-status’s answer: asked now, else its events with their time, else not yet known (locked)', () => {
    const asOf = new Date('2026-11-30T10:00:00.000Z');
    const reply = {
      caseId: 'c',
      returnLocked: true,
      consularContactLocked: true,
      reasons: ['FEAR_OF_RETURN' as const],
      protectionStatus: 'NOT_ASSESSED' as const,
      protectionClaimed: false,
      bestInterestsRecommendsReturn: false,
      assistedReturnResolved: false,
      bestInterests: [],
      asOf: asOf.toISOString(),
    };
    // Fear of return locks while no claim exists: the view shows legal-status’s lock, not a reading of the status.
    expect(answerOfReply(reply)).toEqual({ source: 'LEGAL_STATUS', asOf, caseVersion: null, status: 'NOT_ASSESSED', claimed: false, consularContactLocked: true, returnLocked: true, reasons: ['FEAR_OF_RETURN'] });
    expect(answerOfEvents(null, null)).toBe(NOT_YET_KNOWN);
    expect(NOT_YET_KNOWN).toMatchObject({ status: null, consularContactLocked: true });
    const protection = { caseId: 'c', eventId: 'e', asOf, protectionClaimed: false, status: 'WITHDRAWN' };
    const later = new Date(asOf.getTime() + 1000);
    const lock = { caseId: 'c', eventId: 'f', asOf: later, caseVersion: 6, returnLocked: true, consularContactLocked: false, reasons: ['AWAITING_FRESH_BEST_INTERESTS'] };
    expect(answerOfEvents(protection, lock)).toEqual({
      source: 'LEGAL_STATUS_EVENTS',
      asOf: later,
      caseVersion: 6,
      status: 'WITHDRAWN',
      claimed: false,
      consularContactLocked: false,
      returnLocked: true,
      reasons: ['AWAITING_FRESH_BEST_INTERESTS'],
    });
    // A protection state without the lock published with it: the lock is not known, so it holds.
    expect(answerOfEvents(protection, null)).toMatchObject({ status: 'WITHDRAWN', consularContactLocked: true, returnLocked: true });
  });

  it('lets events decide only when legal-status published them after the answer it gave', () => {
    const at = (iso: string) => new Date(iso);
    const asked = { ...NOT_YET_KNOWN, source: 'LEGAL_STATUS' as const, asOf: at('2026-11-30T10:00:00.000Z'), consularContactLocked: false };
    const same = { ...NOT_YET_KNOWN, source: 'LEGAL_STATUS_EVENTS' as const, asOf: at('2026-11-30T10:00:00.000Z') };
    const newer = { ...same, asOf: at('2026-11-30T10:00:00.001Z') };
    expect(newestAnswer(asked, same)).toBe(asked);
    expect(newestAnswer(asked, newer)).toBe(newer);
    expect(newestAnswer(asked, NOT_YET_KNOWN)).toBe(asked);
  });

  it('orders a clearance and a lock event by legal-status’s case version when both carry one, whatever their clocks say', () => {
    const at = (iso: string) => new Date(iso);
    const cleared = answerOfClearance({
      caseId: 'c',
      step: 'CONSULAR_CONTACT',
      cleared: true,
      clearanceId: 'k',
      reasons: [],
      bestInterestsRecommendsReturn: false,
      assistedReturnResolved: false,
      protectionStatus: 'NOT_ASSESSED',
      returnLocked: false,
      consularContactLocked: false,
      caseVersion: 5,
      decidedAt: '2026-11-30T10:00:00.000Z',
    });
    expect(cleared).toMatchObject({ source: 'LEGAL_STATUS', caseVersion: 5, consularContactLocked: false, claimed: false });
    const lock = { ...NOT_YET_KNOWN, source: 'LEGAL_STATUS_EVENTS' as const, reasons: ['CLAIM_PENDING' as const] };
    // A claim numbered after the clearance decides though its clock reads earlier; one numbered before does not though it reads later.
    expect(newestAnswer(cleared, { ...lock, caseVersion: 6, asOf: at('2026-11-30T09:59:59.000Z') })).toMatchObject({ caseVersion: 6, consularContactLocked: true });
    expect(newestAnswer(cleared, { ...lock, caseVersion: 4, asOf: at('2026-11-30T10:00:01.000Z') })).toBe(cleared);
    // What an older legal-status leaves out is unknown: return counts as locked, the status as not stated.
    const bare = answerOfClearance({ caseId: 'c', step: 'CONSULAR_CONTACT', cleared: true, clearanceId: 'k', reasons: [], bestInterestsRecommendsReturn: false, assistedReturnResolved: false, caseVersion: 7, decidedAt: '2026-11-30T10:00:00.000Z' });
    expect(bare).toMatchObject({ status: null, claimed: null, consularContactLocked: false, returnLocked: true });
  });

  it('codes a consular refusal after legal-status’s lock and lists its reasons, never as a claim', () => {
    const open = { source: 'LEGAL_STATUS' as const, asOf: new Date(), caseVersion: null, status: 'NOT_ASSESSED' as const, claimed: false, consularContactLocked: false, returnLocked: false, reasons: [] };
    const refusal = (record: { protectionNeedIndicated: boolean }, answer: typeof open | LegalStatusAnswer) => {
      try {
        assertOpen(record, answer);
        return undefined;
      } catch (error) {
        return error as ConsularContactRefused;
      }
    };
    expect(refusal({ protectionNeedIndicated: false }, open)).toBeUndefined();
    const fear = refusal({ protectionNeedIndicated: false }, { ...open, consularContactLocked: true, reasons: ['FEAR_OF_RETURN'] });
    expect(fear).toMatchObject({ code: 'CONSULAR_CONTACT_REFUSED_LOCKED', rule: 'INV-06' });
    expect(fear?.detail).toContain('FEAR_OF_RETURN');
    // Intake's flag counts only while legal-status has not taken it up.
    expect(refusal({ protectionNeedIndicated: true }, open)).toMatchObject({ code: 'CONSULAR_CONTACT_REFUSED_PROTECTION_FLAGGED' });
    expect(refusal({ protectionNeedIndicated: true }, { ...open, status: 'FINAL_DENIED' })).toBeUndefined();
    // A status legal-status did not state cannot show it took the flag up.
    expect(refusal({ protectionNeedIndicated: true }, { ...open, status: null })).toMatchObject({ code: 'CONSULAR_CONTACT_REFUSED_PROTECTION_FLAGGED' });
    expect(refusal({ protectionNeedIndicated: false }, { ...open, status: null })).toBeUndefined();
  });
});
