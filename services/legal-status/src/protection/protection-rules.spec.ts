import { appeal, assertCanLiftFear, ClaimFacts, closeAppealWindow, decide, decideAppeal, fileClaim, grantExtension, identifyNeed, standingFear, withdraw } from './protection-rules';

const claim: ClaimFacts = { representative: 'PPNNA Chiapas', interpreterId: 'int-quc-7', speaksSpanish: 'PARTIAL', workingDaysSinceEntry: 3, filingTermWorkingDays: 30 };

describe('international protection state machine (DOMAIN.md 4.4 b)', () => {
  it('identifies a need from not assessed, or again after a claim ended', () => {
    expect(identifyNeed('NOT_ASSESSED')).toBe('NEED_IDENTIFIED');
    expect(identifyNeed('WITHDRAWN')).toBe('NEED_IDENTIFIED');
    expect(() => identifyNeed('CLAIM_PENDING')).toThrow(expect.objectContaining({ kind: 'CONFLICT', rule: 'GD-03' }));
  });

  it('files with a representative and an interpreter (IP-05, LM-18), and asks reasons past 30 working days without refusing (IP-01)', () => {
    expect(fileClaim('NEED_IDENTIFIED', claim)).toBe('CLAIM_PENDING');
    expect(() => fileClaim('NEED_IDENTIFIED', { ...claim, representative: undefined })).toThrow(expect.objectContaining({ rule: 'IP-05' }));
    expect(() => fileClaim('NEED_IDENTIFIED', { ...claim, interpreterId: undefined })).toThrow(expect.objectContaining({ rule: 'LM-18' }));
    expect(fileClaim('NEED_IDENTIFIED', { ...claim, interpreterId: undefined, speaksSpanish: 'YES' })).toBe('CLAIM_PENDING');
    expect(() => fileClaim('NEED_IDENTIFIED', { ...claim, workingDaysSinceEntry: 31 })).toThrow(expect.objectContaining({ rule: 'IP-01' }));
    expect(fileClaim('NOT_ASSESSED', { ...claim, workingDaysSinceEntry: 31, lateFilingJustification: 'Did not know' })).toBe('CLAIM_PENDING');
    expect(() => fileClaim('CLAIM_PENDING', claim)).toThrow(expect.objectContaining({ kind: 'CONFLICT', rule: 'IP-01' }));
  });

  it('extends once (IP-03)', () => {
    expect(() => grantExtension('CLAIM_PENDING', false)).not.toThrow();
    expect(() => grantExtension('CLAIM_PENDING', true)).toThrow(expect.objectContaining({ rule: 'IP-03', code: 'EXTENSION_ALREADY_GRANTED' }));
  });

  it('decides, appeals and closes the appeal window only after it passed (IP-06, IP-07)', () => {
    expect(decide('CLAIM_PENDING', 'REFUGEE')).toBe('RECOGNIZED_REFUGEE');
    expect(decide('CLAIM_PENDING', 'DENIED')).toBe('DENIED');
    expect(() => decide('NEED_IDENTIFIED', 'DENIED')).toThrow(expect.objectContaining({ kind: 'CONFLICT', rule: 'IP-02' }));
    expect(appeal('DENIED')).toBe('APPEAL_PENDING');
    expect(decideAppeal('APPEAL_PENDING', 'UPHELD_DENIAL')).toBe('FINAL_DENIED');
    expect(decideAppeal('APPEAL_PENDING', 'COMPLEMENTARY_PROTECTION')).toBe('COMPLEMENTARY_PROTECTION');
    expect(() => closeAppealWindow('DENIED', '2026-12-10', '2026-12-10')).toThrow(expect.objectContaining({ rule: 'IP-07' }));
    expect(closeAppealWindow('DENIED', '2026-12-11', '2026-12-10')).toBe('FINAL_DENIED');
  });

  it('withdraws only with the Procuraduría representative and the child’s views (INV-13)', () => {
    expect(() => withdraw('CLAIM_PENDING', { childViews: 'Quiero volver con mi abuela' })).toThrow(expect.objectContaining({ rule: 'INV-13' }));
    expect(() => withdraw('CLAIM_PENDING', { procuraduriaRepresentative: 'Lic. R.' })).toThrow(expect.objectContaining({ rule: 'INV-13' }));
    expect(withdraw('CLAIM_PENDING', { procuraduriaRepresentative: 'Lic. R.', childViews: 'Quiero volver' })).toBe('WITHDRAWN');
    expect(() => withdraw('NOT_ASSESSED', { procuraduriaRepresentative: 'Lic. R.', childViews: 'x' })).toThrow(expect.objectContaining({ kind: 'CONFLICT', rule: 'INV-13' }));
  });

  it('lifts fear only when recorded, with the child heard, by a decision taken after the fear (GD-08, INF-04)', () => {
    const fearOfReturnAt = new Date('2026-12-01T10:00:00Z');
    const standing = [{ statedAt: fearOfReturnAt, receivedAt: new Date('2026-12-01T11:00:00Z') }];
    const decidedAt = new Date('2026-12-03T10:00:00Z');
    expect(() => assertCanLiftFear({ fearOfReturnAt: null, standing: [], decidedAt, childViews: 'Ya no tengo miedo' })).toThrow(
      expect.objectContaining({ kind: 'CONFLICT', code: 'FEAR_NOT_RECORDED', rule: 'GD-08' }),
    );
    expect(() => assertCanLiftFear({ fearOfReturnAt, standing, decidedAt })).toThrow(expect.objectContaining({ code: 'CHILD_VIEWS_MISSING', rule: 'INF-04' }));
    expect(() => assertCanLiftFear({ fearOfReturnAt, standing, decidedAt, childViews: '  ' })).toThrow(expect.objectContaining({ rule: 'INF-04' }));
    expect(() => assertCanLiftFear({ fearOfReturnAt, standing, decidedAt: new Date('2026-11-30T10:00:00Z'), childViews: 'Ya no tengo miedo' })).toThrow(
      expect.objectContaining({ code: 'FEAR_DECISION_PREDATES_FEAR', rule: 'GD-08' }),
    );
    expect(() => assertCanLiftFear({ fearOfReturnAt, standing, decidedAt, childViews: 'Ya no tengo miedo' })).not.toThrow();
    expect(() => assertCanLiftFear({ fearOfReturnAt, standing, decidedAt, childViewsUnavailableReason: 'Tiene dos años; se escuchó a su tía' })).not.toThrow();
  });

  it('lifts only the statements legal-status had received when the Procuraduría decided (GD-08)', () => {
    const first = { statedAt: new Date('2026-12-01T10:00:00Z'), receivedAt: new Date('2026-12-01T10:05:00Z') };
    // Said before the decision, received after it: the decision cannot have weighed it.
    const late = { statedAt: new Date('2026-12-02T09:00:00Z'), receivedAt: new Date('2026-12-04T09:00:00Z') };
    const decidedAt = new Date('2026-12-03T10:00:00Z');
    expect(() => assertCanLiftFear({ fearOfReturnAt: first.statedAt, standing: [first, late], decidedAt, childViews: 'Ya no tengo miedo' })).toThrow(
      expect.objectContaining({ kind: 'CONFLICT', code: 'FEAR_STATED_AFTER_DECISION', rule: 'GD-08' }),
    );
    expect(() =>
      assertCanLiftFear({ fearOfReturnAt: first.statedAt, standing: [first, late], decidedAt: new Date('2026-12-04T09:00:00Z'), childViews: 'Ya no tengo miedo' }),
    ).not.toThrow();
    // A lift decided at 12-03 covered `first`; `late` stands, and alone it still refuses that decision.
    expect(standingFear([first, late], [decidedAt])).toEqual([late]);
    expect(standingFear([first, late], [])).toEqual([first, late]);
    expect(() => assertCanLiftFear({ fearOfReturnAt: null, standing: [late], decidedAt, childViews: 'Ya no tengo miedo' })).toThrow(
      expect.objectContaining({ code: 'FEAR_STATED_AFTER_DECISION' }),
    );
  });
});
