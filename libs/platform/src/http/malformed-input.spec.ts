import { BodyTooDeepError } from '../errors/domain-error';
import { toProblem } from '../errors/problem';
import { findMalformedInput, textViolation } from './malformed-input';

const limits = { maxDepth: 32 };
const nestedArrays = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);

describe('findMalformedInput', () => {
  it('accepts ordinary JSON, paired surrogates (emoji) and scalars', () => {
    expect(findMalformedInput({ child: { givenNames: 'María 😀', languages: ['spa', 'quc'], age: { years: 15 } } }, limits)).toBeUndefined();
    for (const value of [undefined, null, 7, true, 'Ana', [], {}]) expect(findMalformedInput(value, limits)).toBeUndefined();
  });

  it('accepts nesting up to the limit and names where it is exceeded', () => {
    expect(findMalformedInput(nestedArrays(32), limits)).toBeUndefined();
    expect(findMalformedInput({ child: { givenNames: nestedArrays(31) } }, limits)).toEqual({
      kind: 'too-deep',
      field: `child.givenNames${'.0'.repeat(30)}`,
    });
    expect(findMalformedInput(nestedArrays(33), limits)).toEqual({ kind: 'too-deep', field: '0'.repeat(32).split('').join('.') });
  });

  it('never overflows the stack itself, however deep the input', () => {
    // JSON.parse builds this without recursion; a recursive walker would not survive it.
    expect(findMalformedInput({ a: nestedArrays(200_000) }, limits)).toMatchObject({ kind: 'too-deep' });
  });

  it('names every string holding NUL or a lone surrogate, values and property names, in input order', () => {
    const found = findMalformedInput(
      { child: { givenNames: 'Ana\u0000', languages: ['spa', 'q\ud800'] }, 'bad\u0000key': 1, note: '\udc00 low' },
      limits,
    );
    expect(found).toEqual({
      kind: 'characters',
      violations: [
        expect.objectContaining({ field: 'child.givenNames', rule: 'noNulCharacter' }),
        expect.objectContaining({ field: 'child.languages.1', rule: 'noLoneSurrogate' }),
        expect.objectContaining({ field: 'bad\ufffdkey', rule: 'noNulCharacter' }),
        expect.objectContaining({ field: 'note', rule: 'noLoneSurrogate' }),
      ],
    });
  });

  it('names at most twenty fields, so that the answer stays small', () => {
    const found = findMalformedInput({ items: Array.from({ length: 500 }, () => 'x\u0000') }, limits);
    expect(found?.kind === 'characters' && found.violations).toHaveLength(20);
  });

  it('describes the rule without echoing the text', () => {
    const violation = textViolation('name', 'Juan\u0000Pérez');
    expect(violation).toMatchObject({ field: 'name', rule: 'noNulCharacter' });
    expect(violation?.message).not.toContain('Juan');
    expect(textViolation('name', 'Juan Pérez')).toBeUndefined();
  });

  it('answers a body too deep 400 BODY_TOO_DEEP naming the field and the rule', () => {
    expect(toProblem(new BodyTooDeepError('child.givenNames', 32), '/v1/cases')).toMatchObject({
      status: 400,
      code: 'BODY_TOO_DEEP',
      errors: [{ field: 'child.givenNames', rule: 'maxDepth' }],
    });
  });
});
