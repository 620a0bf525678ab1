import { MigrationDefinition } from '@opis/platform';

/** The gateway's own database (the case timeline read model comes here, issue 23). */
export const GATEWAY_MIGRATIONS: MigrationDefinition[] = [];
