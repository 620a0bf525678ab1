import { createHash } from 'node:crypto';

import { Pool, PoolClient, QueryConfig, QueryResultRow } from 'pg';
import { EntityManager, QueryFailedError } from 'typeorm';

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
   * duplicate search: 2 ms of planning in 5), measured both ways before it is used. Costs two
   * short round trips: the setting is made for this statement alone, since the connection's
   * other (unnamed) statements would otherwise be planned generically too.
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
      if (!options.genericPlan) return (await client.query<T>(query)).rows;
      // In a transaction, a setting left behind by a failed statement goes with its rollback.
      const outcome = await underGenericPlan<T>(client, query);
      if (outcome.failure) throw outcome.failure.error;
      return outcome.rows;
    }
    const pool = (manager.connection.driver as unknown as { master: Pool }).master;
    if (!options.genericPlan) return (await pool.query<T>(query)).rows;
    const client = await pool.connect();
    let outcome: GenericPlanOutcome<T>;
    try {
      outcome = await underGenericPlan<T>(client, query);
    } catch (error) {
      // The setting itself failed: the connection is in doubt.
      client.release(error as Error);
      throw error;
    }
    // A connection whose setting could not be put back is not given back to the pool.
    client.release(outcome.settingReset ? undefined : new Error('plan_cache_mode could not be reset'));
    if (outcome.failure) throw outcome.failure.error;
    return outcome.rows;
  } catch (error) {
    // The same error as manager.query's, so callers handle one shape (`driverError.code`).
    throw new QueryFailedError(sql, params as unknown[], error as Error);
  }
}

/** What a statement under a generic plan came to, and whether the connection plans as before. */
type GenericPlanOutcome<T> = { rows: T[]; failure?: undefined; settingReset: boolean } | { rows?: undefined; failure: { error: unknown }; settingReset: boolean };

/**
 * `query` with plan_cache_mode forced to a generic plan, then put back, even when the query fails
 * (outside a transaction the reset then works; inside one, the transaction is aborted and its
 * rollback undoes the setting). The query's own error is kept for the caller, never the reset's.
 */
async function underGenericPlan<T extends QueryResultRow>(client: PoolClient, query: QueryConfig): Promise<GenericPlanOutcome<T>> {
  await client.query('SET plan_cache_mode = force_generic_plan');
  let outcome: Omit<GenericPlanOutcome<T>, 'settingReset'>;
  try {
    outcome = { rows: (await client.query<T>(query)).rows };
  } catch (error) {
    outcome = { failure: { error } };
  }
  const settingReset = await client.query('RESET plan_cache_mode').then(
    () => true,
    () => false,
  );
  return { ...outcome, settingReset } as GenericPlanOutcome<T>;
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
