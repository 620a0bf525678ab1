import { DataSource } from 'typeorm';

import { createTestDatabase, TestDatabase } from '@opis/testing';

import { closeGenericPlanPool, queryPrepared } from '../../src';

/** queryPrepared's generic plan: used for the statement asked, and for nothing else. */
describe('queryPrepared under a generic plan, on a real Postgres', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const byId = 'SELECT id FROM person WHERE id = $1';
  const failing = 'SELECT 1 / (id - $1) AS n FROM person WHERE id = $1';

  beforeAll(async () => {
    db = await createTestDatabase('prepared_query');
    // One connection in each pool, so every statement below runs on the connection the last one left.
    dataSource = await new DataSource({ type: 'postgres', url: db.url, poolSize: 1 }).initialize();
    await dataSource.query('CREATE TABLE person (id int PRIMARY KEY)');
    await dataSource.query('INSERT INTO person SELECT generate_series(1, 10)');
  });

  afterAll(async () => {
    await closeGenericPlanPool(dataSource);
    await dataSource.destroy();
    await db.drop();
  });

  const planMode = async () => (await dataSource.query('SHOW plan_cache_mode'))[0].plan_cache_mode as string;
  const genericPlanned = <T extends Record<string, unknown>>(sql: string, params: unknown[]) =>
    queryPrepared<T>(dataSource.manager, sql, params, { genericPlan: true });
  const connectionsHere = async () =>
    Number((await dataSource.query('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database()'))[0].n);

  it('plans the statement once for any values, and no statement that did not ask', async () => {
    for (const id of [1, 2, 3]) expect(await genericPlanned(byId, [id])).toEqual([{ id }]);
    // Asked on the connection that ran it (pg_prepared_statements shows a session's own).
    const [plans] = await genericPlanned('SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements WHERE statement = $1', [byId]);
    expect(plans).toEqual({ generic: 3, custom: 0 });
    expect(await planMode()).toBe('auto');
    expect((await queryPrepared(dataSource.manager, `SELECT current_setting('plan_cache_mode') || $1 AS mode`, [''])).map((row) => row.mode)).toEqual(['auto']);
    expect((await genericPlanned(`SELECT current_setting('plan_cache_mode') || $1 AS mode`, [''])).map((row) => row.mode)).toEqual(['force_generic_plan']);
  });

  it('fails as manager.query does, and leaves no generic planning behind in a transaction', async () => {
    await expect(genericPlanned(failing, [5])).rejects.toMatchObject({ driverError: { code: '22012' } });
    expect(await genericPlanned(byId, [5])).toEqual([{ id: 5 }]);
    await expect(
      dataSource.transaction(async (manager) => {
        expect(await queryPrepared(manager, byId, [6], { genericPlan: true })).toEqual([{ id: 6 }]);
        expect((await manager.query('SHOW plan_cache_mode'))[0].plan_cache_mode).toBe('auto');
        await queryPrepared(manager, failing, [7], { genericPlan: true });
      }),
    ).rejects.toMatchObject({ driverError: { code: '22012' } });
    expect(await planMode()).toBe('auto');
  });

  it("ends the generic-plan pool's connections when asked, and makes it again on the next use", async () => {
    expect(await connectionsHere()).toBe(2);
    await closeGenericPlanPool(dataSource);
    expect(await connectionsHere()).toBe(1);
    expect(await genericPlanned(byId, [9])).toEqual([{ id: 9 }]);
    expect(await connectionsHere()).toBe(2);
  });
});
