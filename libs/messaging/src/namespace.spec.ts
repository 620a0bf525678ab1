import {
  assertNamespace,
  deadLetterSubject,
  namespacedStream,
  namespacedSubject,
  serviceStreamName,
  serviceStreamSubjects,
  stripNamespace,
} from './namespace';

describe('namespacing', () => {
  it('leaves names unchanged without a namespace', () => {
    expect(namespacedSubject('opis.intake.case.registered.v1.CHP')).toBe('opis.intake.case.registered.v1.CHP');
    expect(namespacedStream('OPIS_INTAKE')).toBe('OPIS_INTAKE');
    expect(serviceStreamName('family-contact')).toBe('OPIS_FAMILY_CONTACT');
    expect(serviceStreamSubjects('intake')).toEqual(['opis.intake.*.*.*.*']);
    expect(deadLetterSubject('care', 'care-from-intake')).toBe('opis.dlq.care.care-from-intake');
  });

  it('prefixes subjects with a token and streams with an underscore', () => {
    expect(namespacedSubject('opis.intake.case.registered.v1.CHP', 'tmsg3fa9c1')).toBe(
      'tmsg3fa9c1.opis.intake.case.registered.v1.CHP',
    );
    expect(serviceStreamName('intake', 'tmsg3fa9c1')).toBe('tmsg3fa9c1_OPIS_INTAKE');
    // Still six tokens after the prefix, so request/reply `opis.intake.q.*` stays outside.
    expect(serviceStreamSubjects('intake', 'tmsg3fa9c1')).toEqual(['tmsg3fa9c1.opis.intake.*.*.*.*']);
    expect(deadLetterSubject('care', 'd1', 'ns1')).toBe('ns1.opis.dlq.care.d1');
  });

  it('strips only its own namespace', () => {
    expect(stripNamespace('ns1.opis.intake.case.registered.v1.CHP', 'ns1')).toBe('opis.intake.case.registered.v1.CHP');
    expect(stripNamespace('opis.intake.case.registered.v1.CHP', 'ns1')).toBe('opis.intake.case.registered.v1.CHP');
    expect(stripNamespace('ns1.opis.x', undefined)).toBe('ns1.opis.x');
  });

  it('rejects namespaces that would change the subject structure', () => {
    for (const bad of ['a.b', 'a*', '>', '', 'a b']) expect(() => assertNamespace(bad)).toThrow();
    expect(() => assertNamespace('tmsg3fa9c1')).not.toThrow();
    expect(() => assertNamespace(undefined)).not.toThrow();
  });
});
