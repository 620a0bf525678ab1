import { decodeExplanationCursor, encodeExplanationCursor } from './explanation-cursor';

describe('explanation cursor', () => {
  it('reads back the key it wrote', () => {
    const position = { topic: 'RIGHTS' as const, ageBand: '6-11' as const, lang: 'quc' };
    expect(decodeExplanationCursor(encodeExplanationCursor(position))).toEqual(position);
  });

  it.each([
    ['not base64url', 'a b'],
    ['not JSON', Buffer.from('[RIGHTS').toString('base64url')],
    ['an unknown topic', Buffer.from(JSON.stringify(['GOSSIP', '6-11', 'spa'])).toString('base64url')],
    ['an unknown age band', Buffer.from(JSON.stringify(['RIGHTS', '0-99', 'spa'])).toString('base64url')],
    ['a language that is no ISO 639-3 code', Buffer.from(JSON.stringify(['RIGHTS', '6-11', "sp'"])).toString('base64url')],
    ['a key of another length', Buffer.from(JSON.stringify(['RIGHTS', '6-11'])).toString('base64url')],
  ])('refuses %s as a 400 naming cursor', (_, cursor) => {
    expect(() => decodeExplanationCursor(cursor)).toThrow(expect.objectContaining({ violations: [expect.objectContaining({ field: 'cursor', rule: 'isCursor' })] }));
  });
});
