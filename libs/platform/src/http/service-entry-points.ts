import { Constructor } from '@opis/contracts-envelope';

import { BaseServiceConfig } from '../config/base-service.config';
import { startupFailureLine } from '../config/startup-failure';
import { loadConfig } from '../config/load-config';
import { MigrationDefinition } from '../database/create-data-source';
import { runMigrations } from '../database/database-tools';

/**
 * Runs a process entry point (a service's main.ts or migrate.ts): a failure to start prints one
 * JSON line naming the settings or the dependency (startupFailureLine) and exits with status 1.
 */
export function runEntryPoint(main: () => Promise<unknown>, service?: string): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${startupFailureLine(error, service)}\n`);
    process.exit(1);
  });
}

/** A service's migrate.ts: applies its pending migrations (before it starts, or as a deploy job). */
export function runMigrationsEntryPoint<T extends BaseServiceConfig>(
  serviceName: string,
  configClass: Constructor<T>,
  migrations: MigrationDefinition[],
): void {
  runEntryPoint(async () => {
    const config = loadConfig(configClass);
    const applied = await runMigrations(config.DATABASE_URL, migrations);
    console.warn(applied.length > 0 ? `${serviceName}: applied ${applied.join(', ')}` : `${serviceName}: schema up to date`);
  });
}
