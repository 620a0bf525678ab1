import { DataSource, EntitySubscriberInterface } from 'typeorm';

import { createTestDatabase, TestDatabase } from '@opis/testing';

import { sqlLiteral, transactionStartingWith } from '../../src';

describe('transactionStartingWith on a real Postgres', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let serializable: DataSource;
  const events: string[] = [];
  const recorder: EntitySubscriberInterface = {
    afterTransactionStart: () => void events.push('start'),
    afterTransactionCommit: () => void events.push('commit'),
    afterTransactionRollback: () => void events.push('rollback'),
  };

  beforeAll(async () => {
    db = await createTestDatabase('transaction_starting_with');
    dataSource = await new DataSource({ type: 'postgres', url: db.url, extra: { max: 2 } }).initialize();
    serializable = await new DataSource({ type: 'postgres', url: db.url, isolationLevel: 'SERIALIZABLE', extra: { max: 1 } }).initialize();
    dataSource.subscribers.push(recorder);
    await dataSource.query(`CREATE TABLE note (id int PRIMARY KEY, body text NOT NULL)`);
  });

  afterAll(async () => {
    await serializable.destroy();
    await dataSource.destroy();
    await db.drop();
  });

  beforeEach(() => void events.splice(0));

  const bodies = async () => ((await dataSource.query(`SELECT body FROM note ORDER BY id`)) as { body: string }[]).map((row) => row.body);

  it('runs the first statement inside the transaction, hands its rows over, and commits with the work', async () => {
    const result = await transactionStartingWith<{ inside: boolean; id: number }, { id: number }>(
      dataSource,
      `INSERT INTO note (id, body) VALUES (1, ${sqlLiteral("it's O'Brien\\")}) RETURNING id`,
      async (manager, rows) => {
        await manager.query(`INSERT INTO note (id, body) VALUES (2, 'second')`);
        const [status] = (await manager.query(`SELECT now() = statement_timestamp() AS autocommit`)) as { autocommit: boolean }[];
        return { inside: !status?.autocommit, id: rows[0]?.id ?? 0 };
      },
    );
    expect(result).toEqual({ inside: true, id: 1 });
    expect(await bodies()).toEqual(["it's O'Brien\\", 'second']);
    expect(events).toEqual(['start', 'commit']);
  });

  it('undoes the first statement when the work throws, and when the first statement fails', async () => {
    await expect(
      transactionStartingWith(dataSource, `INSERT INTO note (id, body) VALUES (3, 'undone')`, async () => {
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    await expect(
      transactionStartingWith(dataSource, `INSERT INTO note (id, body) VALUES (1, 'duplicate')`, async () => 'never'),
    ).rejects.toMatchObject({ driverError: { code: '23505' } });
    expect(await bodies()).toEqual(["it's O'Brien\\", 'second']);
    expect(events).toEqual(['start', 'rollback', 'start', 'rollback']);
    // Both connections are back in the pool, outside any transaction.
    const statuses = await Promise.all([0, 1].map(() => dataSource.query(`SELECT now() = statement_timestamp() AS autocommit, pg_sleep(0.01)`)));
    expect(statuses.map(([row]) => (row as { autocommit: boolean }).autocommit)).toEqual([true, true]);
  });

  it('keeps the isolation level the data source sets', async () => {
    const level = await transactionStartingWith<string, { level: string }>(serializable, `SELECT current_setting('transaction_isolation') AS level`, async (_manager, rows) => rows[0]?.level ?? '');
    expect(level).toBe('serializable');
  });

  it('writes only safe integers and quoted strings into SQL', () => {
    expect(sqlLiteral(42)).toBe('42');
    expect(sqlLiteral("a'b")).toBe("'a''b'");
    expect(() => sqlLiteral(1.5)).toThrow('safe integers');
    expect(() => sqlLiteral(Number.MAX_SAFE_INTEGER + 2)).toThrow('safe integers');
  });
});
