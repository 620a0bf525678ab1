import { Client } from 'pg';

import { buildDataSource, MigrationDefinition } from './create-data-source';

/** Applies pending migrations and closes; returns the names of those applied. */
export async function runMigrations(url: string, migrations: MigrationDefinition[]): Promise<string[]> {
  const dataSource = await buildDataSource({ url, migrations, poolSize: 1 }).initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

const DATABASE_NAME = /^[a-z_][a-z0-9_-]{0,62}$/;

/** Creates database `name` on the server of `adminUrl` unless it exists; true when created. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<boolean> {
  if (!DATABASE_NAME.test(name)) throw new Error(`invalid database name "${name}"`);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE "${name}"`);
      return true;
    } catch (error) {
      // 42P04: another process created it between the check and the create.
      if ((error as { code?: string }).code === '42P04') return false;
      throw error;
    }
  } finally {
    await client.end();
  }
}
