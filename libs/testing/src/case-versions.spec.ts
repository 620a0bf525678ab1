import { CaseVersions } from './case-versions';

describe('CaseVersions', () => {
  it('numbers each case of each stream from 1, one more per event', () => {
    const versions = new CaseVersions();
    expect(versions.current('intake', 'a')).toBe(0);
    expect([versions.next('intake', 'a'), versions.next('intake', 'a'), versions.next('intake', 'b')]).toEqual([1, 2, 1]);
    expect(versions.next('legal-status', 'a')).toBe(1);
    expect(versions.current('intake', 'a')).toBe(2);
  });
});
