import { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

import { queryPrepared } from './prepared-query';

const statements = new WeakMap<EntityMetadata, string>();

function insertIfAbsentSql(manager: EntityManager, metadata: EntityMetadata): string {
  let sql = statements.get(metadata);
  if (!sql) {
    const { driver } = manager.connection;
    const columns = metadata.columns.map((column) => driver.escape(column.databaseName));
    sql =
      `INSERT INTO ${metadata.tablePath.split('.').map((part) => driver.escape(part)).join('.')} (${columns.join(', ')}) ` +
      `VALUES (${columns.map((_column, index) => `$${index + 1}`).join(', ')}) ON CONFLICT DO NOTHING RETURNING 1 AS inserted`;
    statements.set(metadata, sql);
  }
  return sql;
}

/**
 * Inserts `row` (every column of the entity, converted as TypeORM would) unless it conflicts
 * with a row already there; true when it inserted. For a consumer's hot path: the statement is
 * built once per entity and prepared once per connection, where the query builder builds and
 * Postgres plans it again for every event.
 */
export async function insertIfAbsent<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, row: T): Promise<boolean> {
  const metadata = manager.connection.getMetadata(target);
  const { driver } = manager.connection;
  const params = metadata.columns.map((column) => driver.preparePersistentValue(column.getEntityValue(row), column));
  const rows = await queryPrepared(manager, insertIfAbsentSql(manager, metadata), params);
  return rows.length > 0;
}
