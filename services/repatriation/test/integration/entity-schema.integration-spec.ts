import { messagingEntities } from '@opis/messaging';

import { REPATRIATION_ENTITIES } from '../../src/repatriation.schema';
import { RepatriationTestBed, startRepatriation } from './repatriation-harness';

/** Postgres's names (udt_name) for the column types repatriation's entities declare. */
const UDT_OF: Record<string, string> = { boolean: 'bool', char: 'bpchar', integer: 'int4', smallint: 'int2', text: 'text', timestamptz: 'timestamptz', uuid: 'uuid' };

interface ColumnRow {
  column_name: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
  character_maximum_length: number | null;
}

const describeColumn = (name: string, udt: string, nullable: boolean, length: string | number | null) =>
  `${name} ${udt}${length ? `(${length})` : ''} ${nullable ? 'NULL' : 'NOT NULL'}`;

/** The migrations make the schema; an entity that disagrees with them would read or write what is not there. */
describe("repatriation's entities and the schema its migrations make", () => {
  let bed: RepatriationTestBed;

  beforeAll(async () => {
    bed = await startRepatriation('entity-schema');
  });

  afterAll(async () => {
    await bed?.close();
  });

  const own = REPATRIATION_ENTITIES.filter((entity) => !(messagingEntities as readonly unknown[]).includes(entity));

  it.each(own.map((entity) => [entity.name, entity]))('%s declares its table’s columns, types, nullability and primary key', async (_name, entity) => {
    const { dataSource } = bed.service;
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
    expect(declared.sort()).toEqual(migrated.sort());
    expect(metadata.primaryColumns.map((column) => column.databaseName).sort()).toEqual(primary.map((row) => row.name).sort());
  });
});
