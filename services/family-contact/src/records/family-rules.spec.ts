import { statusAfterCall } from '../calls/call.service';
import { citedDetermination } from '../reunification/reunification.service';
import { FamilyRecordEntity } from './family-record.entity';
import { firstCallView, localProtectionLock } from './family-record.view';

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

  it('locks consular contact locally on intake’s screening flag or legal-status’s last word (INV-06)', () => {
    const asOf = new Date();
    const protection = (protectionClaimed: boolean, status: string) => ({ caseId: 'c', eventId: 'e', asOf, protectionClaimed, status });
    expect(localProtectionLock({ protectionNeedIndicated: false }, null)).toBe(false);
    expect(localProtectionLock({ protectionNeedIndicated: true }, null)).toBe(true);
    expect(localProtectionLock({ protectionNeedIndicated: false }, protection(true, 'CLAIM_PENDING'))).toBe(true);
    expect(localProtectionLock({ protectionNeedIndicated: false }, protection(false, 'APPEAL_PENDING'))).toBe(true);
    expect(localProtectionLock({ protectionNeedIndicated: false }, protection(false, 'WITHDRAWN'))).toBe(false);
  });
});
