import { assertComingOfAge } from './coming-of-age.service';

describe('a child coming of age during the case (DOMAIN.md 3.4, GD-12)', () => {
  const detectedAt = new Date('2026-11-29T14:05:00Z');
  const now = new Date('2026-12-05T18:00:00Z');

  it('takes a day after detection and within 18 years', () => {
    expect(() => assertComingOfAge('2026-12-20', detectedAt, now)).not.toThrow();
    expect(() => assertComingOfAge('2026-12-01', detectedAt, now)).not.toThrow();
    expect(() => assertComingOfAge('2044-12-01', detectedAt, now)).not.toThrow();
  });

  it('refuses an adult at detection (a competent determination in intake decides that) and an impossible day, as GD-12', () => {
    expect(() => assertComingOfAge('2026-11-29', detectedAt, now)).toThrow(expect.objectContaining({ code: 'COMING_OF_AGE_IMPOSSIBLE', rule: 'GD-12' }));
    expect(() => assertComingOfAge('2045-01-01', detectedAt, now)).toThrow(expect.objectContaining({ rule: 'GD-12' }));
    expect(() => assertComingOfAge('2026-02-30', detectedAt, now)).toThrow(expect.objectContaining({ rule: 'GD-12' }));
  });
});
