import { assistedReturnResolved, computeLock, LockFacts } from './lock-rules';

const none: LockFacts = { protectionStatus: 'NOT_ASSESSED', fearOfReturn: false, protectionEndedAt: null, latestPlan: null };

describe('protection lock (INV-01, INV-06)', () => {
  it.each([
    ['NEED_IDENTIFIED', 'NEED_FLAGGED'],
    ['CLAIM_PENDING', 'CLAIM_PENDING'],
    ['RECOGNIZED_REFUGEE', 'PROTECTION_GRANTED'],
    ['COMPLEMENTARY_PROTECTION', 'PROTECTION_GRANTED'],
    ['DENIED', 'APPEAL_WINDOW'],
    ['APPEAL_PENDING', 'APPEAL_PENDING'],
  ] as const)('%s locks return and consular contact (%s)', (protectionStatus, reason) => {
    expect(computeLock({ ...none, protectionStatus })).toEqual({
      returnLocked: true,
      consularContactLocked: true,
      reasons: [reason],
      bestInterestsRecommendsReturn: false,
    });
  });

  it('locks both on fear of return, and nothing without a protection fact', () => {
    expect(computeLock({ ...none, fearOfReturn: true })).toMatchObject({ returnLocked: true, consularContactLocked: true, reasons: ['FEAR_OF_RETURN'] });
    expect(computeLock(none)).toMatchObject({ returnLocked: false, consularContactLocked: false, reasons: [] });
  });

  it('after a final denial or withdrawal, unlocks return and consular contact only with a fresh plan recommending return (RP-05, 4.4 b)', () => {
    const ended = new Date('2026-12-10T00:00:00Z');
    const stale = { recommendedMeasure: 'ASSISTED_RETURN' as const, decidedAt: new Date('2026-12-01T00:00:00Z') };
    const fresh = { ...stale, decidedAt: new Date('2026-12-12T00:00:00Z') };
    for (const protectionStatus of ['FINAL_DENIED', 'WITHDRAWN'] as const) {
      expect(computeLock({ ...none, protectionStatus, protectionEndedAt: ended, latestPlan: stale })).toEqual({
        returnLocked: true,
        consularContactLocked: true,
        reasons: ['AWAITING_FRESH_BEST_INTERESTS'],
        bestInterestsRecommendsReturn: true,
      });
      expect(computeLock({ ...none, protectionStatus, protectionEndedAt: ended, latestPlan: null })).toMatchObject({ consularContactLocked: true });
      expect(computeLock({ ...none, protectionStatus, protectionEndedAt: ended, latestPlan: { ...fresh, recommendedMeasure: 'HUMANITARIAN_REGULARISATION' } })).toMatchObject({
        returnLocked: true,
        consularContactLocked: true,
      });
      expect(computeLock({ ...none, protectionStatus, protectionEndedAt: ended, latestPlan: fresh })).toEqual({
        returnLocked: false,
        consularContactLocked: false,
        reasons: [],
        bestInterestsRecommendsReturn: true,
      });
    }
  });
});

describe('a return standing on the PAM (DOMAIN.md 4.5 a)', () => {
  it('stands only while the PAM is resolved as assisted return, not while that resolution is under review', () => {
    expect(assistedReturnResolved({ procedureStatus: 'RESOLVED', procedureResolution: 'ASSISTED_RETURN_APPROVED' })).toBe(true);
    expect(assistedReturnResolved({ procedureStatus: 'UNDER_REVIEW', procedureResolution: 'ASSISTED_RETURN_APPROVED' })).toBe(false);
    expect(assistedReturnResolved({ procedureStatus: 'RESOLVED', procedureResolution: 'REGULARIZED_HUMANITARIAN' })).toBe(false);
    expect(assistedReturnResolved({ procedureStatus: 'PAM_OPEN', procedureResolution: null })).toBe(false);
  });
});
