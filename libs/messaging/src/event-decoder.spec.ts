import { createEnvelope, defineEvent } from '@opis/contracts-envelope';

import { IsInt, Min } from 'class-validator';

import { decodeEvent, indexContracts } from './event-decoder';

class SampleData {
  @IsInt()
  @Min(1)
  public n!: number;
}

const sample = defineEvent({
  name: { service: 'intake', aggregate: 'case', event: 'sampled', version: 1 },
  dataClass: SampleData,
  example: { n: 1 },
  description: 'test event',
  semantics: 'change',
});
const contracts = indexContracts([sample]);
const caseId = '0190a5c4-7d6e-7abc-8def-0123456789ab';

function bytes(value: unknown): Uint8Array {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
}

function envelope(data: object): Record<string, unknown> {
  return {
    ...createEnvelope({ name: sample.name, caseId, officeCode: 'CHP', actor: { kind: 'system', id: 'test' }, data }),
  };
}

describe('decodeEvent', () => {
  it('returns the validated envelope and its contract', () => {
    const plain = envelope({ n: 3 });
    const decoded = decodeEvent(bytes(plain), contracts);
    expect(decoded.ok).toBe(true);
    if (decoded.ok) {
      expect(decoded.envelope.id).toBe(plain['id']);
      expect(decoded.contract).toBe(sample);
      expect(decoded.envelope.data).toEqual({ n: 3 });
    }
  });

  it('calls bad JSON and non-objects poison', () => {
    expect(decodeEvent(bytes('{not json'), contracts)).toEqual({ ok: false, reason: 'bad JSON', eventId: null, caseRef: null });
    expect(decodeEvent(bytes('[1]'), contracts)).toEqual({ ok: false, reason: 'not a JSON object', eventId: null, caseRef: null });
  });

  it('calls an unknown type or version poison, keeping the event id, case and version', () => {
    const plain: Record<string, unknown> = { ...envelope({ n: 1 }), version: 2, caseVersion: 4 };
    expect(decodeEvent(bytes(plain), contracts)).toEqual({
      ok: false,
      reason: 'unknown event intake.case.sampled.v2',
      eventId: plain['id'],
      caseRef: { caseId: plain['caseId'], caseVersion: 4 },
    });
  });

  it('names the violated fields of an invalid payload, not their values', () => {
    const decoded = decodeEvent(bytes(envelope({ n: 'secret-value' })), contracts);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) {
      expect(decoded.reason).toContain('data.n: isInt');
      expect(decoded.reason).not.toContain('secret-value');
    }
  });

  it('refuses two contracts for one type and version', () => {
    expect(() => indexContracts([sample, sample])).toThrow('two contracts');
  });
});
