import { Constructor } from '@opis/contracts-envelope';
import { DataSource, EntitySchema, MigrationInterface } from 'typeorm';

export type EntityDefinition = Constructor | EntitySchema;
export type MigrationDefinition = Constructor<MigrationInterface>;

export interface DataSourceSettings {
  url: string;
  entities?: EntityDefinition[];
  migrations?: MigrationDefinition[];
  /** Runs pending migrations at initialisation (each in its own transaction). */
  migrationsRun?: boolean;
  applicationName?: string;
  poolSize?: number;
}

/** A Postgres DataSource; the schema changes only through migrations, never `synchronize`. */
export function buildDataSource(settings: DataSourceSettings): DataSource {
  return new DataSource({
    type: 'postgres',
    url: settings.url,
    entities: settings.entities ?? [],
    migrations: settings.migrations ?? [],
    migrationsRun: settings.migrationsRun ?? false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    applicationName: settings.applicationName,
    poolSize: settings.poolSize ?? 10,
    extra: { connectionTimeoutMillis: 5_000 },
  });
}

export async function createDataSource(settings: DataSourceSettings): Promise<DataSource> {
  return buildDataSource(settings).initialize();
}
