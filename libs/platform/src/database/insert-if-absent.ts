import { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

import { queryPrepared } from './prepared-query';

/** An entity's table and columns as SQL, and its rows' values as TypeORM would write them. */
export interface EntityInsert<T extends ObjectLiteral> {
  /** Escaped table name. */
  table: string;
  /** Escaped column names, in the order of `values`. */
  columns: readonly string[];
  values(row: T): unknown[];
}

const inserts = new WeakMap<EntityMetadata, EntityInsert<ObjectLiteral>>();
const insertIfAbsentStatements = new WeakMap<EntityMetadata, string>();

/** For statements written by hand on a hot path: built once per entity. */
export function entityInsert<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>): EntityInsert<T> {
  const metadata = manager.connection.getMetadata(target);
  let insert = inserts.get(metadata);
  if (!insert) {
    const { driver } = manager.connection;
    insert = {
      table: metadata.tablePath
        .split('.')
        .map((part) => driver.escape(part))
        .join('.'),
      columns: metadata.columns.map((column) => driver.escape(column.databaseName)),
      values: (row) => metadata.columns.map((column) => driver.preparePersistentValue(column.getEntityValue(row), column)),
    };
    inserts.set(metadata, insert);
  }
  return insert as EntityInsert<T>;
}

/**
 * Inserts `row` (every column of the entity) unless it conflicts with a row already there; true
 * when it inserted. For a consumer's hot path: the statement is built once per entity and
 * prepared once per connection, where the query builder builds and Postgres plans it again for
 * every event.
 */
export async function insertIfAbsent<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, row: T): Promise<boolean> {
  const insert = entityInsert(manager, target);
  const metadata = manager.connection.getMetadata(target);
  let sql = insertIfAbsentStatements.get(metadata);
  if (!sql) {
    const placeholders = insert.columns.map((_column, index) => `$${index + 1}`);
    sql = `INSERT INTO ${insert.table} (${insert.columns.join(', ')}) VALUES (${placeholders.join(', ')}) ON CONFLICT DO NOTHING RETURNING 1 AS inserted`;
    insertIfAbsentStatements.set(metadata, sql);
  }
  const rows = await queryPrepared(manager, sql, insert.values(row));
  return rows.length > 0;
}
