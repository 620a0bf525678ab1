import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { DEV_TOKEN_ISSUER } from './dev-token-issuer';
import { Role } from './principal';
import { signToken } from './token-signer';

export interface DevKeys {
  privateKeyPem: string;
  publicKeyPem: string;
  path: string;
}

export const DEV_TOKEN_AUDIENCE = 'opis';
const KEY_FILE = 'jwt-es256.private.pem';

/** The repository root: the nearest folder up from here with an nx.json. */
export function repositoryRoot(from: string = __dirname): string {
  let current = from;
  while (!existsSync(join(current, 'nx.json'))) {
    const parent = dirname(current);
    if (parent === current) throw new Error(`no nx.json above ${from}`);
    current = parent;
  }
  return current;
}

/**
 * The local development signing key under `<repo>/.dev-keys/` (gitignored), made on first use.
 * One file holding the private key, written by rename, so that two services starting at once
 * agree on it; the public key is derived from it.
 */
export function ensureDevKeys(directory: string = join(repositoryRoot(), '.dev-keys')): DevKeys {
  const path = join(directory, KEY_FILE);
  if (!existsSync(path)) {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temporary, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    renameSync(temporary, path);
  }
  const privateKeyPem = readFileSync(path, 'utf8');
  const publicKeyPem = createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
  return { privateKeyPem, publicKeyPem, path };
}

export interface MintTokenOptions {
  roles: readonly Role[];
  offices: readonly string[];
  subject?: string;
  /** `8h` by default. */
  ttl?: string | number;
  audience?: string;
  keysDirectory?: string;
}

/** A token signed with the dev key (issuer `opis-dev-only`, which production refuses). */
export async function mintToken(options: MintTokenOptions): Promise<string> {
  const keys = ensureDevKeys(options.keysDirectory);
  return signToken(
    createPrivateKey(keys.privateKeyPem),
    { subject: options.subject ?? 'dev-user', roles: options.roles, offices: options.offices },
    { issuer: DEV_TOKEN_ISSUER, audience: options.audience ?? DEV_TOKEN_AUDIENCE, ttl: options.ttl },
  );
}
