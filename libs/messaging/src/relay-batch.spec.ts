import { ackedPrefixLength, distinctCasePrefix } from './relay-batch';

describe('distinctCasePrefix', () => {
  it('stops before the first case seen twice', () => {
    const rows = ['a', 'b', 'c', 'a', 'd'].map((caseId, i) => ({ caseId, i }));
    expect(distinctCasePrefix(rows).map((r) => r.i)).toEqual([0, 1, 2]);
  });

  it('takes one row when one case has many events', () => {
    expect(distinctCasePrefix([{ caseId: 'a' }, { caseId: 'a' }])).toHaveLength(1);
    expect(distinctCasePrefix([])).toEqual([]);
  });
});

describe('ackedPrefixLength', () => {
  const ok: PromiseSettledResult<number> = { status: 'fulfilled', value: 1 };
  const failed: PromiseSettledResult<number> = { status: 'rejected', reason: new Error('timeout') };

  it('counts only the contiguous acknowledged prefix', () => {
    expect(ackedPrefixLength([ok, ok, failed, ok])).toBe(2);
    expect(ackedPrefixLength([failed, ok])).toBe(0);
    expect(ackedPrefixLength([ok, ok])).toBe(2);
  });
});
