import { DomainError } from '../errors/domain-error';
import { decodeKeysetCursor, encodeKeysetCursor, keysetPage } from './keyset-cursor';

const id = '0190a9c4-5c1e-7000-8000-00000000abcd';
const cursorOf = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function refusal(cursor: string, field?: string): unknown {
  try {
    decodeKeysetCursor(cursor, field);
  } catch (error) {
    return error instanceof DomainError ? { code: error.code, violations: error.violations } : error;
  }
  return 'accepted';
}

describe('keyset cursor', () => {
  it('reads back what it wrote', () => {
    const at = new Date('2026-03-01T10:20:30.456Z');
    expect(decodeKeysetCursor(encodeKeysetCursor({ at, id }))).toEqual({ at, id });
  });

  it('refuses, naming the field and the rule, anything it did not write', () => {
    for (const cursor of [
      'not a cursor!',
      '',
      Buffer.from('{').toString('base64url'),
      cursorOf(['2026-03-01T10:20:30.456Z', 'not-a-uuid']),
      cursorOf(['2026-03-01T10:20:30.456Z', `${id}'; DROP TABLE x; --`]),
      cursorOf(['2026-03-01T10:20:30.456Z', 7]),
      cursorOf(['2026', id]),
      cursorOf(['+275760-09-13T00:00:00.000Z', id]),
      cursorOf(['2026-02-31T00:00:00.000Z', id]),
      cursorOf(['not a time', id]),
      cursorOf([id, '2026-03-01T10:20:30.456Z']),
      cursorOf(['2026-03-01T10:20:30.456Z', id, 'extra']),
      cursorOf({ at: '2026-03-01T10:20:30.456Z', id }),
      cursorOf(null),
    ]) {
      expect(refusal(cursor, 'after')).toEqual({
        code: 'VALIDATION_FAILED',
        violations: [expect.objectContaining({ field: 'after', rule: 'isCursor' })],
      });
    }
  });

  it('pages rows read one past the limit: a cursor at the last row shown only when more follow', () => {
    const rows = [1, 2, 3].map((n) => ({ at: new Date(Date.UTC(2026, 2, n)), id: id.replace('abcd', `000${n}`) }));
    const page = keysetPage(rows, 2, (row) => row);
    expect(page.items).toEqual(rows.slice(0, 2));
    expect(decodeKeysetCursor(page.nextCursor as string)).toEqual(rows[1]);
    expect(keysetPage(rows, 3, (row) => row)).toEqual({ items: rows, nextCursor: null });
  });
});
