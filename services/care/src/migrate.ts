import 'reflect-metadata';

import { ConfigError, loadConfig, runMigrations } from '@opis/platform';

import { CareConfig } from './care.config';
import { CARE_MIGRATIONS } from './care.schema';

/** Applies care's pending migrations (run before the service starts, or as a deploy job). */
async function main(): Promise<void> {
  const config = loadConfig(CareConfig);
  const applied = await runMigrations(config.DATABASE_URL, CARE_MIGRATIONS);
  console.warn(applied.length > 0 ? `care: applied ${applied.join(', ')}` : 'care: schema up to date');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
