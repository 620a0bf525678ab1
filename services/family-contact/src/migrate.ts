import 'reflect-metadata';

import { ConfigError, loadConfig, runMigrations } from '@opis/platform';

import { FamilyContactConfig } from './family-contact.config';
import { FAMILY_CONTACT_MIGRATIONS } from './family-contact.schema';

/** Applies family-contact's pending migrations (run before the service starts, or as a deploy job). */
async function main(): Promise<void> {
  const config = loadConfig(FamilyContactConfig);
  const applied = await runMigrations(config.DATABASE_URL, FAMILY_CONTACT_MIGRATIONS);
  console.warn(applied.length > 0 ? `family-contact: applied ${applied.join(', ')}` : 'family-contact: schema up to date');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
