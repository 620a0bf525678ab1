import 'reflect-metadata';

import { ConfigError, loadConfig, runMigrations } from '@opis/platform';

import { IntakeConfig } from './intake.config';
import { INTAKE_MIGRATIONS } from './intake.schema';

/** Applies intake's pending migrations (run before the service starts, or as a deploy job). */
async function main(): Promise<void> {
  const config = loadConfig(IntakeConfig);
  const applied = await runMigrations(config.DATABASE_URL, INTAKE_MIGRATIONS);
  console.warn(applied.length > 0 ? `intake: applied ${applied.join(', ')}` : 'intake: schema up to date');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
