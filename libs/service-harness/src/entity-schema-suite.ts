import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

import { messagingEntities } from '@opis/messaging';

/** Postgres's names (udt_name) for the column types the services' entities declare. */
const UDT_OF: Record<string, string> = {
  bigint: 'int8',
  boolean: 'bool',
  char: 'bpchar',
  integer: 'int4',
  smallint: 'int2',
  text: 'text',
  timestamptz: 'timestamptz',
  uuid: 'uuid',
};

interface ColumnRow {
  column_name: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
  character_maximum_length: number | null;
}

const describeColumn = (name: string, udt: string, nullable: boolean, length: string | number | null) =>
  `${name} ${udt}${length ? `(${length})` : ''} ${nullable ? 'NULL' : 'NOT NULL'}`;

/** An entity's table as its decorators declare it and as the migrations made it: a line per column, then the primary key. */
export async function entityAndTable(dataSource: DataSource, entity: EntityTarget<ObjectLiteral>): Promise<{ declared: string[]; migrated: string[] }> {
  const metadata = dataSource.getMetadata(entity);
  const rows: ColumnRow[] = await dataSource.query(
    `SELECT column_name, udt_name, is_nullable, character_maximum_length FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1`,
    [metadata.tableName],
  );
  const primary: Array<{ name: string }> = await dataSource.query(
    `SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indrelid = $1::regclass AND i.indisprimary`,
    [metadata.tableName],
  );
  const declared = metadata.columns.map((column) =>
    describeColumn(column.databaseName, `${column.isArray ? '_' : ''}${UDT_OF[String(column.type)] ?? String(column.type)}`, column.isNullable, column.length || null),
  );
  const migrated = rows.map((row) => describeColumn(row.column_name, row.udt_name, row.is_nullable === 'YES', row.character_maximum_length));
  const primaryKey = (names: string[]) => `PRIMARY KEY (${names.sort().join(', ')})`;
  return {
    declared: [...declared.sort(), primaryKey(metadata.primaryColumns.map((column) => column.databaseName))],
    migrated: [...migrated.sort(), primaryKey(primary.map((row) => row.name))],
  };
}

export interface EntitySchemaSuite<B extends { close(): Promise<void> }> {
  /** Starts the service once for the suite: its migrations make the schema. */
  start(): Promise<B>;
  dataSource(bed: B): DataSource;
  /** The service's entities; the shared messaging ones are left to @opis/messaging. */
  entities: ReadonlyArray<EntityTarget<ObjectLiteral> & { name: string }>;
}

/**
 * The migrations make the schema; an entity that disagrees with them would read or write what is
 * not there. One test per entity of the service: columns, types, lengths, nullability, primary key.
 */
export function describeEntitySchema<B extends { close(): Promise<void> }>(name: string, suite: EntitySchemaSuite<B>): void {
  describe(`${name}'s entities and the schema its migrations make`, () => {
    let bed: B | undefined;

    beforeAll(async () => {
      bed = await suite.start();
    });

    afterAll(async () => {
      await bed?.close();
    });

    const own = suite.entities.filter((entity) => !(messagingEntities as readonly unknown[]).includes(entity));

    it.each(own.map((entity) => [entity.name, entity]))('%s declares its table’s columns, types, nullability and primary key', async (_name, entity) => {
      if (!bed) throw new Error(`${name} did not start`);
      const { declared, migrated } = await entityAndTable(suite.dataSource(bed), entity);
      expect(declared).toEqual(migrated);
    });
  });
}
