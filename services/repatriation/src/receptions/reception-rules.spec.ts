import { DomainError } from '@opis/platform';

import { RepatriationErrorCode } from '../repatriation.exception';
import { ReceptionHandoverDto } from './reception.dto';
import { ReceptionEntity } from './reception.entity';
import { assertEscorted, assertFamilyVerified, assertNoMeasurePending, assertPlausibleArrival, referralGrounds } from './reception-rules';

const contactId = '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d11';

function reception(change: Partial<ReceptionEntity>): ReceptionEntity {
  return { riskFindings: null, causesOfMigration: null, procuraduriaReferredAt: null, measureIssuedAt: null, ...change } as ReceptionEntity;
}

function handover(change: Partial<ReceptionHandoverDto>): ReceptionHandoverDto {
  return { kind: 'FAMILY', familyContactId: contactId, identityEvidence: ['INE'], kinshipEvidence: ['acta'], escortOfficerIds: [], handedOverAt: '2026-12-01T10:00:00Z', ...change } as ReceptionHandoverDto;
}

/** The refusal `run` throws, for its code, rule and fields. */
function refusal(run: () => void): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('referralGrounds (US-06, LM-15)', () => {
  it('sends a positive screen and intrafamily violence to the Procuraduría, nothing else', () => {
    expect(referralGrounds(reception({}))).toEqual([]);
    expect(referralGrounds(reception({ riskFindings: [], causesOfMigration: ['ECONOMIC'] }))).toEqual([]);
    expect(referralGrounds(reception({ riskFindings: ['TRAFFICKING'], causesOfMigration: ['INTRAFAMILY_VIOLENCE'] }))).toEqual(['RISK_SCREEN', 'INTRAFAMILY_VIOLENCE']);
  });
});

describe('assertNoMeasurePending', () => {
  it('holds a reception at risk until the measure is issued, naming the rule that holds it', () => {
    expect(refusal(() => assertNoMeasurePending(reception({ riskFindings: ['TRAFFICKING'] }))).rule).toBe('US-06');
    expect(refusal(() => assertNoMeasurePending(reception({ causesOfMigration: ['INTRAFAMILY_VIOLENCE'] }))).rule).toBe('LM-15');
    expect(() => assertNoMeasurePending(reception({ riskFindings: ['TRAFFICKING'], measureIssuedAt: new Date() }))).not.toThrow();
    expect(() => assertNoMeasurePending(reception({}))).not.toThrow();
  });
});

describe('assertPlausibleArrival', () => {
  const now = Date.parse('2026-12-01T10:00:00Z');

  it('takes an arrival within weeks of now and refuses a year typed wrong', () => {
    expect(() => assertPlausibleArrival('2026-12-20T10:00:00Z', now)).not.toThrow();
    expect(refusal(() => assertPlausibleArrival('9999-12-01T10:00:00Z', now)).violations).toEqual([expect.objectContaining({ field: 'expectedAt', rule: 'isPlausibleArrival' })]);
    expect(() => assertPlausibleArrival('1970-01-01T00:00:00Z', now)).toThrow(DomainError);
  });
});

describe('assertFamilyVerified (US-05)', () => {
  it('hands a child to a verified member only, and says why another is refused', () => {
    expect(() => assertFamilyVerified(handover({}), { contactId, relationship: 'MOTHER', status: 'VERIFIED', country: 'MX' })).not.toThrow();
    expect(refusal(() => assertFamilyVerified(handover({}), { contactId, relationship: 'MOTHER', status: 'FLAGGED', country: 'MX' })).violations).toEqual([
      expect.objectContaining({ field: 'familyContactId', message: 'this person is flagged as a risk' }),
    ]);
    expect(refusal(() => assertFamilyVerified(handover({}), null)).code).toBe(RepatriationErrorCode.FAMILY_NOT_VERIFIED);
  });

  it('asks for the evidence whether or not there is a member to check', () => {
    const fields = refusal(() => assertFamilyVerified(handover({ familyContactId: undefined, identityEvidence: [], kinshipEvidence: [] }), undefined)).violations.map((item) => item.field);
    expect(fields).toEqual(['familyContactId', 'identityEvidence', 'kinshipEvidence']);
  });
});

describe('assertEscorted (LM-14, INV-08)', () => {
  it('sends a child to the home state only escorted, to a named state', () => {
    expect(() => assertEscorted(handover({ kind: 'STATE_DIF', escortOfficerIds: ['officer-1'], homeState: 'OAX' }))).not.toThrow();
    const fields = refusal(() => assertEscorted(handover({ kind: 'STATE_DIF' }))).violations.map((item) => item.field);
    expect(fields).toEqual(['escortOfficerIds', 'homeState']);
  });
});
