import { decodeKeyCursor, encodeKeyCursor, keyPage } from './key-cursor';

const TOPICS = ['RIGHTS', 'STATUS'] as const;
const parts = [TOPICS, /^[a-z]{3}$/];
const encoded = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('key cursor', () => {
  it('reads back the key it wrote', () => {
    expect(decodeKeyCursor(encodeKeyCursor(['RIGHTS', 'quc']), parts)).toEqual(['RIGHTS', 'quc']);
  });

  it.each([
    ['not base64url', 'a b'],
    ['not JSON', Buffer.from('[RIGHTS').toString('base64url')],
    ['a value outside the vocabulary', encoded(['GOSSIP', 'spa'])],
    ['a value that breaks the pattern', encoded(['RIGHTS', "sp'"])],
    ['a key of another length', encoded(['RIGHTS'])],
    ['a part that is no string', encoded(['RIGHTS', 7])],
    ['another spelling of a valid key', `${encodeKeyCursor(['RIGHTS', 'spa'])}A`],
  ])('refuses %s as a 400 naming the field', (_, cursor) => {
    expect(() => decodeKeyCursor(cursor, parts, 'after')).toThrow(
      expect.objectContaining({ violations: [expect.objectContaining({ field: 'after', rule: 'isCursor' })] }),
    );
  });

  it('pages with one row more than the limit: the last shown row is the cursor only when more follow', () => {
    const rows = [{ code: 'A' }, { code: 'B' }, { code: 'C' }];
    const first = keyPage(rows, 2, (row) => [row.code]);
    expect(first.items).toEqual([{ code: 'A' }, { code: 'B' }]);
    expect(decodeKeyCursor(first.nextCursor as string, [/^[A-Z]$/])).toEqual(['B']);
    expect(keyPage(rows.slice(2), 2, (row) => [row.code]).nextCursor).toBeNull();
  });
});
