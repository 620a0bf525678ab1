import { Disclosure, flatten, toCsv } from './report-format';

describe('disclosure control', () => {
  it('shows small non-zero counts as <5 unless the requester may see case-level data', () => {
    const suppressed = new Disclosure(false, 5);
    expect([0, 1, 4, 5, 12].map((value) => suppressed.count(value))).toEqual([0, '<5', '<5', 5, 12]);
    expect([0, 1, 4, 5].map((value) => new Disclosure(true, 5).count(value))).toEqual([0, 1, 4, 5]);
  });

  it('withholds shares and medians of a small population', () => {
    const suppressed = new Disclosure(false, 5);
    expect(suppressed.share(2, 4)).toBeNull();
    expect(suppressed.share(3, 6)).toBe(0.5);
    expect(suppressed.statistic(3, 120)).toBeNull();
    expect(new Disclosure(true, 5).share(2, 3)).toBe(0.6667);
    expect(new Disclosure(true, 5).share(0, 0)).toBeNull();
  });
});

describe('CSV', () => {
  it('quotes fields with commas, quotes and line breaks', () => {
    expect(toCsv(['a', 'b'], [{ a: 'x,y', b: 'say "hi"' }, { a: '<5', b: null }])).toBe('a,b\r\n"x,y","say ""hi"""\r\n<5,\r\n');
  });

  it('flattens nested indicators into dotted paths', () => {
    expect(flatten({ a: { b: 1, c: [{ d: 2 }] }, e: null })).toEqual([
      { indicator: 'a.b', value: 1 },
      { indicator: 'a.c[0].d', value: 2 },
      { indicator: 'e', value: null },
    ]);
  });
});
