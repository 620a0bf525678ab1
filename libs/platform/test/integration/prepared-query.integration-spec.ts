import { DataSource } from 'typeorm';

import { createTestDatabase, TestDatabase } from '@opis/testing';

import { queryPrepared } from '../../src';

/** queryPrepared's generic plan: used for the statement asked, and for nothing else on its connection. */
describe('queryPrepared under a generic plan, on a real Postgres', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const byId = 'SELECT id FROM person WHERE id = $1';

  beforeAll(async () => {
    db = await createTestDatabase('prepared_query');
    // One connection, so every statement below runs on the connection the last one left.
    dataSource = await new DataSource({ type: 'postgres', url: db.url, poolSize: 1 }).initialize();
    await dataSource.query('CREATE TABLE person (id int PRIMARY KEY)');
    await dataSource.query('INSERT INTO person SELECT generate_series(1, 10)');
  });

  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  const planMode = async () => (await dataSource.query('SHOW plan_cache_mode'))[0].plan_cache_mode as string;
  const plansOf = async (sql: string) =>
    (await dataSource.query('SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1', [sql]))[0] as {
      generic_plans: string;
      custom_plans: string;
    };

  it('plans the statement once for any values, and leaves the connection planning as before', async () => {
    for (const id of [1, 2, 3]) {
      expect(await queryPrepared(dataSource.manager, byId, [id], { genericPlan: true })).toEqual([{ id }]);
    }
    expect(await plansOf(byId)).toEqual({ generic_plans: '3', custom_plans: '0' });
    expect(await planMode()).toBe('auto');
    // Without the option the same statement is planned for its values again (the first five calls).
    await queryPrepared(dataSource.manager, byId, [4]);
    expect(await plansOf(byId)).toEqual({ generic_plans: '3', custom_plans: '1' });
  });

  it('leaves no generic planning behind when the statement fails, in a transaction or not', async () => {
    const failing = 'SELECT 1 / (id - $1) AS n FROM person WHERE id = $1';
    await expect(queryPrepared(dataSource.manager, failing, [5], { genericPlan: true })).rejects.toMatchObject({ driverError: { code: '22012' } });
    expect(await planMode()).toBe('auto');
    await expect(
      dataSource.transaction(async (manager) => {
        expect(await queryPrepared(manager, byId, [6], { genericPlan: true })).toEqual([{ id: 6 }]);
        expect((await manager.query('SHOW plan_cache_mode'))[0].plan_cache_mode).toBe('auto');
        await queryPrepared(manager, failing, [7], { genericPlan: true });
      }),
    ).rejects.toMatchObject({ driverError: { code: '22012' } });
    expect(await planMode()).toBe('auto');
  });

  it("keeps the pooled connection when a failed statement's setting was put back", async () => {
    const backend = async () => (await dataSource.query('SELECT pg_backend_pid() AS pid'))[0].pid as number;
    const before = await backend();
    await expect(queryPrepared(dataSource.manager, 'SELECT 1 / (id - $1) AS n FROM person WHERE id = $1', [8], { genericPlan: true })).rejects.toMatchObject({
      driverError: { code: '22012' },
    });
    // The same connection (the pool has one), planning as before: not closed and opened again.
    expect(await backend()).toBe(before);
    expect(await planMode()).toBe('auto');
  });
});
