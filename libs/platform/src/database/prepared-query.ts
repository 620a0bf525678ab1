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
): Promise<T[]> {
  const query = preparedStatement(sql, params);
  try {
    const runner = manager.queryRunner;
    if (runner && !runner.isReleased) {
      const client = (await runner.connect()) as PoolClient;
      return (await client.query<T>(query)).rows;
    }
    const pool = (manager.connection.driver as unknown as { master: Pool }).master;
    return (await pool.query<T>(query)).rows;
  } catch (error) {
    // The same error as manager.query's, so callers handle one shape (`driverError.code`).
    throw new QueryFailedError(sql, params as unknown[], error as Error);
  }
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
