import { REDACTED, redactPersonalData } from './redact';

describe('redactPersonalData', () => {
  it('replaces personal fields at any depth and keeps the rest', () => {
    const redacted = redactPersonalData({
      caseId: 'c1',
      headers: { authorization: 'Bearer x' },
      child: { givenNames: 'Ana', family_names: 'López', dateOfBirth: '2012-01-01', age: { years: 12 } },
      contacts: [{ phoneNumber: '+52', notes: 'x', relation: 'aunt' }],
    });
    expect(redacted).toEqual({
      caseId: 'c1',
      headers: { authorization: REDACTED },
      child: { givenNames: REDACTED, family_names: REDACTED, dateOfBirth: REDACTED, age: { years: 12 } },
      contacts: [{ phoneNumber: REDACTED, notes: REDACTED, relation: 'aunt' }],
    });
  });

  it('survives cycles', () => {
    const cyclic: Record<string, unknown> = { names: 'x' };
    cyclic['self'] = cyclic;
    expect(redactPersonalData(cyclic)).toEqual({ names: REDACTED, self: '[circular]' });
  });
});
