import { combineWrites } from './single-statement-write';

describe('combineWrites', () => {
  it('renumbers each write’s placeholders after the ones before it', () => {
    const statement = combineWrites([
      { sql: 'INSERT INTO a (x, y) VALUES ($1, $2)', params: ['x', 'y'] },
      { sql: 'INSERT INTO b (z, zz, z10) VALUES ($1, $1, $2)', params: ['z', 10] },
    ]);
    expect(statement.sql).toBe(
      'WITH w0 AS (INSERT INTO a (x, y) VALUES ($1, $2)),\nw1 AS (INSERT INTO b (z, zz, z10) VALUES ($3, $3, $4))\nSELECT 1 AS done',
    );
    expect(statement.params).toEqual(['x', 'y', 'z', 10]);
  });

  it('keeps two-digit placeholders whole', () => {
    const params = Array.from({ length: 12 }, (_, i) => i);
    const statement = combineWrites([
      { sql: 'INSERT INTO a VALUES ($1)', params: [0] },
      { sql: 'INSERT INTO b VALUES ($12, $1)', params },
    ]);
    expect(statement.sql).toContain('VALUES ($13, $2)');
  });

  it('refuses a placeholder without a parameter, and an empty list', () => {
    expect(() => combineWrites([{ sql: 'INSERT INTO a VALUES ($2)', params: [1] }])).toThrow(/\$2/);
    expect(() => combineWrites([])).toThrow();
  });
});
