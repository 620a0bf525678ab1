import { createHash } from 'node:crypto';

import { Pool, PoolClient, QueryConfig, QueryResultRow } from 'pg';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';

const statementNames = new Map<string, string>();

/** A stable server-side name for `sql`: the same text always gets the same prepared statement. */
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `opis_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  return name;
}

/**
 * `sql` as a named prepared statement, for a pg client of one's own (`client.query(...)`): see
 * `queryPrepared`.
 */
export function preparedStatement(sql: string, params: readonly unknown[]): QueryConfig {
  return { name: statementName(sql), text: sql, values: params as unknown[] };
}

export interface PreparedQueryOptions {
  /**
   * Run it under one generic plan (planned once per connection, for any values) instead of
   * letting Postgres plan it again for each call's values. Only for a statement whose best plan
   * does not depend on its values and whose planning is a large part of its cost (intake's
   * duplicate search: 2 ms of planning in 5), measured both ways before it is used. Outside a
   * transaction it runs on a pool of its own whose connections plan generically from their start
   * (no extra round trip); in a transaction the setting is made around this statement alone (two
   * short round trips), since the connection's other statements, unnamed ones included, would
   * otherwise be planned generically too.
   */
  genericPlan?: boolean;
}

/**
 * Runs `sql` as a named prepared statement on the manager's connection (its transaction's, if it
 * has one; otherwise one from the pool). Postgres parses and plans it once per connection instead
 * of on every call: for the statements on a hot path (a registration) that is a third of their
 * cost. Only for statements whose text is fixed, or takes few shapes (each shape is prepared
 * once on each connection); values always go in `params`.
 */
export async function queryPrepared<T extends QueryResultRow = QueryResultRow>(
  manager: EntityManager,
  sql: string,
  params: readonly unknown[],
  options: PreparedQueryOptions = {},
): Promise<T[]> {
  const query = preparedStatement(sql, params);
  try {
    const runner = manager.queryRunner;
    if (runner && !runner.isReleased) {
      const client = (await runner.connect()) as PoolClient;
      return options.genericPlan ? await underGenericPlan<T>(client, query) : (await client.query<T>(query)).rows;
    }
    const pool = (manager.connection.driver as unknown as { master: Pool }).master;
    if (!options.genericPlan) return (await pool.query<T>(query)).rows;
    return (await genericPlanPool(manager.connection, pool).query<T>(query)).rows;
  } catch (error) {
    // The same error as manager.query's, so callers handle one shape (`driverError.code`).
    throw new QueryFailedError(sql, params as unknown[], error as Error);
  }
}

/**
 * `query` with plan_cache_mode forced to a generic plan, then put back. When the query fails, the
 * transaction is aborted: the reset is refused, and the rollback undoes the setting. The query's
 * own error is the one thrown, never the reset's.
 */
async function underGenericPlan<T extends QueryResultRow>(client: PoolClient, query: QueryConfig): Promise<T[]> {
  await client.query('SET plan_cache_mode = force_generic_plan');
  let rows: T[];
  try {
    rows = (await client.query<T>(query)).rows;
  } catch (error) {
    await client.query('RESET plan_cache_mode').catch(() => undefined);
    throw error;
  }
  await client.query('RESET plan_cache_mode');
  return rows;
}

/** One pool per DataSource whose connections plan every prepared statement generically. */
const genericPlanPools = new WeakMap<DataSource, Pool>();

/**
 * The DataSource's pool for statements under a generic plan: the same server and credentials and
 * as many connections, each started with plan_cache_mode=force_generic_plan, so a statement that
 * asked for it costs no SET and RESET, and no other statement is ever planned that way. Made on
 * first use; `closeGenericPlanPool` ends it with the DataSource (DataSourceCloser does).
 */
function genericPlanPool(dataSource: DataSource, master: Pool): Pool {
  let pool = genericPlanPools.get(dataSource);
  if (!pool) {
    const settings = (master as unknown as { options: Record<string, unknown> }).options;
    const startup = [settings.options, '-c plan_cache_mode=force_generic_plan'].filter(Boolean).join(' ');
    pool = new Pool({ ...settings, options: startup, allowExitOnIdle: true });
    genericPlanPools.set(dataSource, pool);
  }
  return pool;
}

/** Ends the DataSource's generic-plan pool, if it made one (before or after destroying it). */
export async function closeGenericPlanPool(dataSource: DataSource): Promise<void> {
  const pool = genericPlanPools.get(dataSource);
  if (!pool) return;
  genericPlanPools.delete(dataSource);
  await pool.end();
}

/**
 * True when the manager's transaction is aborted: a statement in it failed, and every later one,
 * COMMIT included, is refused (COMMIT answers ROLLBACK without an error). Reads the status of
 * the connection's last ReadyForQuery, which costs no round trip; a failed query's promise
 * rejects before that message arrives, so while it is still on its way the server is asked.
 */
export async function transactionAborted(manager: EntityManager): Promise<boolean> {
  const runner = manager.queryRunner;
  if (!runner || runner.isReleased || !runner.isTransactionActive) return false;
  const client = (await runner.connect()) as PoolClient & { readyForQuery?: boolean; getTransactionStatus?: () => string | null };
  if (client.readyForQuery === true && client.getTransactionStatus) return client.getTransactionStatus() === 'E';
  return client.query('SELECT 1').then(
    () => false,
    () => true,
  );
}
