import { statusAfterCall } from '../calls/call.service';
import { FamilyRecordEntity } from './family-record.entity';
import { firstCallView, localProtectionLock } from './family-record.view';

const due = new Date('2026-11-30T14:00:00.000Z');
const record = (firstCallAt: Date | null) => ({ firstCallDueAt: due, firstCallAt }) as FamilyRecordEntity;

describe('family-contact rules', () => {
  it('moves the status on a call as DOMAIN.md 4.3 says', () => {
    expect(statusAfterCall('NOT_STARTED', false)).toBe('CALL_OFFERED');
    expect(statusAfterCall('NOT_STARTED', true)).toBe('IN_CONTACT');
    expect(statusAfterCall('TRACING', true)).toBe('IN_CONTACT');
    expect(statusAfterCall('VERIFIED', true)).toBe('VERIFIED');
    expect(statusAfterCall('FLAGGED_RISK', false)).toBe('FLAGGED_RISK');
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
