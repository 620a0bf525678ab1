import { insideWindow } from '../countries/weekly-window';
import { LegalFacts, ReturnFacts, unmetReturnPreconditions, unmetScheduleRules } from './return-rules';

function legalOf(facts: ReturnFacts): LegalFacts {
  if (!facts.legal) throw new Error('the sample has legal facts');
  return facts.legal;
}

const member = '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d11';

function allMet(): ReturnFacts {
  return {
    protectionNeedIndicatedAtIntake: false,
    legal: {
      returnLocked: false,
      lockReasons: [],
      lockVersion: 3,
      protectionStatus: 'NOT_ASSESSED',
      biRecommendsReturn: true,
      returnInformedAt: new Date(),
      assistedReturnResolved: true,
      procedureResolvedAt: new Date('2026-11-02T10:00:00Z'),
    },
    live: { kind: 'answered', returnLocked: false, reasons: [], bestInterestsRecommendsReturn: true, assistedReturnResolved: true },
    lastAbortAt: null,
    family: [{ contactId: member, status: 'VERIFIED', country: 'GT' }],
    traffickingIndicated: false,
    plan: {
      receivingCountry: 'GT',
      familyContactId: member,
      authorityConfirmed: true,
      takesGuardianship: false,
      fitToTravel: true,
      originReturnSafe: null,
      protectionPlanConfirmed: false,
    },
  };
}

const unmetOf = (facts: ReturnFacts) => unmetReturnPreconditions(facts).map((item) => `${item.precondition} ${item.rule}`);

describe('return preconditions (INV-01, INV-02, LM-06, LM-13, RP-01..06, LM-16)', () => {
  it('finds nothing when every precondition holds', () => {
    expect(unmetOf(allMet())).toEqual([]);
  });

  it.each([
    ['a lock from legal-status events', (f: ReturnFacts) => void (f.legal = { ...legalOf(f), returnLocked: true, lockReasons: ['CLAIM_PENDING'] }), 'NO_PROTECTION_LOCK INV-01'],
    ['a protection status that locks', (f: ReturnFacts) => void (f.legal = { ...legalOf(f), protectionStatus: 'DENIED' }), 'NO_PROTECTION_LOCK INV-01'],
    ['intake’s screening flag before legal-status spoke', (f: ReturnFacts) => void ((f.protectionNeedIndicatedAtIntake = true), (f.legal = { ...legalOf(f), lockVersion: null })), 'NO_PROTECTION_LOCK INV-01'],
    [
      'legal-status answering locked',
      (f: ReturnFacts) => void (f.live = { kind: 'answered', returnLocked: true, reasons: ['FEAR_OF_RETURN'], bestInterestsRecommendsReturn: true, assistedReturnResolved: true }),
      'NO_PROTECTION_LOCK INV-01',
    ],
    [
      'legal-status answering the PAM not resolved for return, whatever the copy says',
      (f: ReturnFacts) => void (f.live = { kind: 'answered', returnLocked: false, reasons: [], bestInterestsRecommendsReturn: true, assistedReturnResolved: false }),
      'PROCEDURE_RESOLVED_FOR_RETURN LM-06',
    ],
    [
      'the copy of the PAM not resolved for return, when legal-status is not asked',
      (f: ReturnFacts) => void ((f.live = undefined), (f.legal = { ...legalOf(f), assistedReturnResolved: false })),
      'PROCEDURE_RESOLVED_FOR_RETURN LM-06',
    ],
    ['legal-status silent', (f: ReturnFacts) => void (f.live = { kind: 'silent', why: 'timeout' }), 'LEGAL_STATUS_CONFIRMED INV-01'],
    ['no best-interests recommendation', (f: ReturnFacts) => void (f.legal = { ...legalOf(f), biRecommendsReturn: false }), 'BEST_INTERESTS_RECOMMENDS_RETURN RP-01'],
    ['the receiver only located', (f: ReturnFacts) => void (f.family = [{ contactId: member, status: 'LOCATED', country: 'GT' }]), 'FAMILY_OR_GUARDIAN_VERIFIED RP-06'],
    ['no receiving authority', (f: ReturnFacts) => void (f.plan = { ...f.plan, authorityConfirmed: false }), 'RECEIVING_AUTHORITY_CONFIRMED LM-13'],
    ['the child not informed', (f: ReturnFacts) => void (f.legal = { ...legalOf(f), returnInformedAt: null }), 'CHILD_INFORMED_AND_HEARD LM-16'],
    ['no health check', (f: ReturnFacts) => void (f.plan = { ...f.plan, fitToTravel: null }), 'FIT_TO_TRAVEL DOMAIN-4.5a'],
  ])('names %s alone', (_label, change, expected) => {
    const facts = allMet();
    change(facts);
    expect(unmetOf(facts)).toEqual([expected]);
  });

  it('holds a return after an abort until the copy dates a resolution after it, whatever legal-status answers (INV-01, GD-08, LM-06)', () => {
    const aborted = allMet();
    aborted.lastAbortAt = new Date('2026-11-03T09:00:00Z');
    expect(unmetOf(aborted)).toEqual(['PROCEDURE_RESOLVED_FOR_RETURN LM-06']);
    expect(unmetReturnPreconditions(aborted)[0].message).toContain('re-plan');
    aborted.legal = { ...legalOf(aborted), procedureResolvedAt: null };
    expect(unmetOf(aborted)).toEqual(['PROCEDURE_RESOLVED_FOR_RETURN LM-06']);
    aborted.legal = { ...legalOf(aborted), procedureResolvedAt: new Date('2026-11-03T09:00:00Z') };
    expect(unmetOf(aborted)).toEqual(['PROCEDURE_RESOLVED_FOR_RETURN LM-06']);
    aborted.legal = { ...legalOf(aborted), procedureResolvedAt: new Date('2026-11-03T09:00:01Z') };
    expect(unmetOf(aborted)).toEqual([]);
    // Not resolved at all: named once.
    aborted.live = { kind: 'answered', returnLocked: false, reasons: [], bestInterestsRecommendsReturn: true, assistedReturnResolved: false };
    aborted.legal = { ...legalOf(aborted), procedureResolvedAt: null };
    expect(unmetOf(aborted)).toEqual(['PROCEDURE_RESOLVED_FOR_RETURN LM-06']);
  });

  it('refuses a flagged receiver even if also verified once, and accepts the authority as guardian', () => {
    const flagged = allMet();
    flagged.family = [{ contactId: member, status: 'FLAGGED', country: 'GT' }];
    expect(unmetOf(flagged)).toEqual(['NO_FLAGGED_RECEIVER RP-06', 'FAMILY_OR_GUARDIAN_VERIFIED RP-06']);
    const guardian = allMet();
    guardian.family = [];
    guardian.plan = { ...guardian.plan, familyContactId: null, takesGuardianship: true };
    expect(unmetOf(guardian)).toEqual([]);
  });

  it('wants the family the child returns to in the country of return, unless the receiving authority takes guardianship (RP-06)', () => {
    const tapachula = allMet();
    tapachula.family = [{ contactId: member, status: 'VERIFIED', country: 'MX' }];
    expect(unmetOf(tapachula)).toEqual(['FAMILY_IN_COUNTRY_OF_RETURN RP-06']);
    const unknown = allMet();
    unknown.family = [{ contactId: member, status: 'VERIFIED', country: null }];
    expect(unmetOf(unknown)).toEqual(['FAMILY_IN_COUNTRY_OF_RETURN RP-06']);
    // The plan names its receiver: another verified relative in Guatemala does not stand in for her.
    const named = allMet();
    named.family = [
      { contactId: member, status: 'VERIFIED', country: 'MX' },
      { contactId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d12', status: 'VERIFIED', country: 'GT' },
    ];
    expect(unmetOf(named)).toEqual(['FAMILY_IN_COUNTRY_OF_RETURN RP-06']);
    named.plan = { ...named.plan, familyContactId: null };
    expect(unmetOf(named)).toEqual([]);
    tapachula.plan = { ...tapachula.plan, takesGuardianship: true };
    expect(unmetOf(tapachula)).toEqual([]);
  });

  it('adds the trafficking checklist when intake found trafficking indicators (RP-09)', () => {
    const flagged = allMet();
    flagged.traffickingIndicated = true;
    expect(unmetOf(flagged)).toEqual(['ORIGIN_RISK_ASSESSED RP-09', 'RECEIVING_PROTECTION_PLAN_CONFIRMED RP-09']);
    flagged.plan = { ...flagged.plan, originReturnSafe: false, protectionPlanConfirmed: true };
    expect(unmetOf(flagged)).toEqual(['ORIGIN_RISK_ASSESSED RP-09']);
    flagged.plan = { ...flagged.plan, originReturnSafe: true };
    expect(unmetOf(flagged)).toEqual([]);
  });

  it('names every unmet precondition at once when nothing is known', () => {
    const facts: ReturnFacts = {
      protectionNeedIndicatedAtIntake: true,
      legal: null,
      live: { kind: 'silent', why: 'timeout' },
      lastAbortAt: null,
      family: [],
      traffickingIndicated: true,
      plan: {
        receivingCountry: 'GT',
        familyContactId: null,
        authorityConfirmed: false,
        takesGuardianship: false,
        fitToTravel: false,
        originReturnSafe: false,
        protectionPlanConfirmed: false,
      },
    };
    expect(unmetReturnPreconditions(facts).map((item) => item.rule)).toEqual(['INV-01', 'INV-01', 'LM-06', 'RP-01', 'RP-06', 'LM-13', 'RP-09', 'RP-09', 'LM-16', 'DOMAIN-4.5a']);
  });
});

describe('scheduling (RP-07, RP-08, RP-10, LM-14, INV-08)', () => {
  const guatemala = { timeZone: 'America/Guatemala', weekdays: [1, 2, 3, 4, 5], opensAt: '08:00', closesAt: '16:00', noticeHours: 72, exitPointCodes: ['MX-CHP-CIUDAD-HIDALGO'] };
  const now = new Date('2026-12-01T12:00:00Z');
  // Monday 7 Dec 2026, 10:00 in Guatemala (UTC-6).
  const inWindow = new Date('2026-12-07T16:00:00Z');
  const request = {
    exitPointCode: 'MX-CHP-CIUDAD-HIDALGO',
    handoverAt: inWindow,
    legs: [{ escortOfficerIds: ['opi-1'] }],
    withAdultReturns: false,
    withFamilyAdults: false,
    familyUnitEndorsed: false,
  };

  it('accepts an agreed point, a time in the window after the notice period, and escorted legs', () => {
    expect(unmetScheduleRules(request, guatemala, now)).toEqual([]);
  });

  it('names every scheduling rule broken', () => {
    const sunday = new Date('2026-12-06T16:00:00Z');
    const broken = {
      exitPointCode: 'MX-TAB-EL-CEIBO',
      handoverAt: sunday,
      legs: [{ escortOfficerIds: [] }],
      withAdultReturns: true,
      withFamilyAdults: true,
      familyUnitEndorsed: false,
    };
    expect(unmetScheduleRules(broken, guatemala, new Date('2026-12-05T12:00:00Z')).map((item) => `${item.precondition} ${item.rule}`)).toEqual([
      'EXIT_POINT_AGREED RP-07',
      'HANDOVER_IN_WINDOW RP-08',
      'NOTICE_PERIOD RP-07',
      'ESCORT_ON_EVERY_LEG LM-14',
      'NOT_WITH_ADULT_RETURNS RP-08',
      'FAMILY_UNIT_RETURN_ENDORSED RP-10',
    ]);
  });

  it('lets a child travel with the family’s adults only on an endorsed family-unit return (RP-10, INV-09)', () => {
    expect(unmetScheduleRules({ ...request, withFamilyAdults: true }, guatemala, now).map((item) => item.precondition)).toEqual(['FAMILY_UNIT_RETURN_ENDORSED']);
    expect(unmetScheduleRules({ ...request, withFamilyAdults: true, familyUnitEndorsed: true }, guatemala, now)).toEqual([]);
  });

  it('reads the window in the receiving country’s local time, closing minute excluded', () => {
    expect(insideWindow(new Date('2026-12-07T14:00:00Z'), guatemala)).toBe(true); // 08:00 local
    expect(insideWindow(new Date('2026-12-07T13:59:00Z'), guatemala)).toBe(false);
    expect(insideWindow(new Date('2026-12-07T22:00:00Z'), guatemala)).toBe(false); // 16:00 local
    expect(insideWindow(new Date('2026-12-07T21:59:00Z'), guatemala)).toBe(true);
  });
});
