import { DataSource } from 'typeorm';

import { createTestDatabase, TestDatabase } from '@opis/testing';

import { queryPrepared, writeAtomically } from '../../src';

describe('writeAtomically on a real Postgres', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('single_statement');
    dataSource = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    await dataSource.query(`CREATE TABLE parent (id int PRIMARY KEY)`);
    await dataSource.query(`CREATE TABLE child (id int PRIMARY KEY, parent_id int NOT NULL REFERENCES parent (id))`);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  const count = async (table: string) => Number((await dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  it('writes a parent and its child in one statement, foreign key checked at its end', async () => {
    await writeAtomically(dataSource.manager, [
      { sql: 'INSERT INTO parent (id) VALUES ($1)', params: [1] },
      { sql: 'INSERT INTO child (id, parent_id) VALUES ($1, $2)', params: [10, 1] },
    ]);
    expect(await count('parent')).toBe(1);
    expect(await count('child')).toBe(1);
  });

  it('undoes every write when one fails', async () => {
    await expect(
      writeAtomically(dataSource.manager, [
        { sql: 'INSERT INTO parent (id) VALUES ($1)', params: [2] },
        { sql: 'INSERT INTO child (id, parent_id) VALUES ($1, $2)', params: [10, 2] },
      ]),
    ).rejects.toMatchObject({ driverError: { code: '23505' } });
    await expect(
      writeAtomically(dataSource.manager, [
        { sql: 'INSERT INTO parent (id) VALUES ($1)', params: [3] },
        { sql: 'INSERT INTO child (id, parent_id) VALUES ($1, $2)', params: [11, 99] },
      ]),
    ).rejects.toMatchObject({ driverError: { code: '23503' } });
    expect(await count('parent')).toBe(1);
    expect(await count('child')).toBe(1);
  });

  it('runs a prepared statement on the transaction’s own connection, and prepares it once per connection', async () => {
    const seen = await dataSource.transaction(async (manager) => {
      await manager.query('INSERT INTO parent (id) VALUES (7)');
      const inside = await queryPrepared<{ n: string }>(manager, 'SELECT count(*) AS n FROM parent WHERE id = $1', [7]);
      const prepared = await manager.query(`SELECT count(*) AS n FROM pg_prepared_statements WHERE name LIKE 'opis_%'`);
      await manager.query('ROLLBACK; BEGIN');
      return { inside: Number(inside[0].n), prepared: Number(prepared[0].n) };
    });
    expect(seen).toEqual({ inside: 1, prepared: 1 });
    const outside = await queryPrepared<{ n: string }>(dataSource.manager, 'SELECT count(*) AS n FROM parent WHERE id = $1', [7]);
    expect(Number(outside[0].n)).toBe(0);
  });
});
