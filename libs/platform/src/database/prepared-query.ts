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
