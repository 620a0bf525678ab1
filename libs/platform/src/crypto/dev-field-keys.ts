import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { repositoryRoot } from '../auth/dev-keys';

export interface DevFieldKeys {
  /** A FIELD_KEYS value with one key. */
  fieldKeys: string;
  /** A LOOKUP_KEY value. */
  lookupKey: string;
  path: string;
}

const KEY_FILE = 'field-keys.json';

/**
 * Local development keys for field encryption under `<repo>/.dev-keys/` (gitignored), made on
 * first use. The file appears whole and only once (a hard link of a finished temporary file
 * fails if another process linked first), so services starting together agree on the keys. Only
 * `fieldCryptoFor` calls this, and only outside production.
 */
export function ensureDevFieldKeys(directory: string = join(repositoryRoot(), '.dev-keys')): DevFieldKeys {
  const path = join(directory, KEY_FILE);
  if (!existsSync(path)) {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    const keys = {
      fieldKeys: `dev1:${randomBytes(32).toString('base64')}`,
      lookupKey: randomBytes(32).toString('base64'),
    };
    const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temporary, JSON.stringify(keys), { mode: 0o600 });
    try {
      linkSync(temporary, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temporary);
    }
  }
  const stored = JSON.parse(readFileSync(path, 'utf8')) as Omit<DevFieldKeys, 'path'>;
  return { fieldKeys: stored.fieldKeys, lookupKey: stored.lookupKey, path };
}
