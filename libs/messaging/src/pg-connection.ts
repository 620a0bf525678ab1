import { ClientConfig } from 'pg';
import { DataSource } from 'typeorm';

/** A pg client config with the DataSource's credentials, for a connection of our own. */
export function pgClientConfig(dataSource: DataSource, applicationName: string): ClientConfig {
  const options = dataSource.options;
  if (options.type !== 'postgres') throw new Error(`messaging needs a postgres DataSource, not ${options.type}`);
  return {
    connectionString: options.url,
    host: options.host,
    port: options.port,
    user: options.username,
    password: options.password,
    database: options.database,
    // TypeORM hands the same object to pg; only the declared types differ.
    ssl: options.ssl as ClientConfig['ssl'],
    application_name: applicationName,
    keepAlive: true,
    connectionTimeoutMillis: 10_000,
  };
}
