import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { OfficeCode } from '@opis/contracts-envelope';
import { inboxPrefixOf } from '@opis/platform';
import { freePort, NatsServerProcess } from '@opis/testing';

export const NATS_CONF_PATH = join(__dirname, '..', 'nats', 'nats.conf');

export interface NatsConfUser {
  user: string;
  /** The environment variable the password comes from, e.g. `INTAKE_NATS_PASSWORD`. */
  passwordVariable: string;
  /** Subjects the user may publish to; undefined: every subject (no permissions block). */
  publish?: string[];
  subscribe?: string[];
  /** `allow_responses`: answers to messages the user was delivered, beside its publish list. */
  allowResponses?: { max: number; expires: string };
}

const USER_BLOCK =
  /\{\s*user:\s*([\w-]+)\s+password:\s*\$(\w+)\s*(?:permissions:\s*\{\s*publish:\s*\{\s*allow:\s*\[([^\]]*)\]\s*\}\s*subscribe:\s*\{\s*allow:\s*\[([^\]]*)\]\s*\}\s*(?:allow_responses:\s*\{\s*max:\s*(\d+),\s*expires:\s*"(\w+)"\s*\}\s*)?\}\s*)?\}/g;

const quoted = (list: string): string[] => [...list.matchAll(/"([^"]+)"/g)].map((match) => match[1]);

/**
 * The users of deploy/nats/nats.conf with their allow lists. Only the shape nats.conf is written
 * in; a user block of another shape fails the count, so nothing is skipped silently.
 */
export function natsConfUsers(text = readFileSync(NATS_CONF_PATH, 'utf8')): NatsConfUser[] {
  const users = [...text.matchAll(USER_BLOCK)].map(([, user, passwordVariable, publish, subscribe, max, expires]): NatsConfUser => ({
    user,
    passwordVariable,
    publish: publish === undefined ? undefined : quoted(publish),
    subscribe: subscribe === undefined ? undefined : quoted(subscribe),
    ...(max === undefined ? {} : { allowResponses: { max: Number(max), expires } }),
  }));
  const declared = text.split('\n').filter((line) => /^\s*user:/.test(line)).length;
  if (users.length !== declared) throw new Error(`nats.conf declares ${declared} users, parsed ${users.length}`);
  return users;
}

/**
 * Offices with instances of their own, per service, in some overlay (production-chiapas: care-chp
 * with OFFICES=CHP): their durables (`care-intake-case-chp`) need permissions too.
 */
export const DEDICATED_OFFICES: Readonly<Record<string, readonly OfficeCode[]>> = { care: ['CHP'] };

/** What a service needs to read its own durable consumer, and nothing of any other. */
export function consumerPermissions(stream: string, durable: string): string[] {
  return [
    `$JS.API.CONSUMER.INFO.${stream}.${durable}`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.${durable}`,
    `$JS.ACK.${stream}.${durable}.>`,
  ];
}

/** A private nats-server running deploy/nats/nats.conf with random passwords, and URLs per user. */
export interface ConfiguredNats {
  server: NatsServerProcess;
  passwordOf(user: string): string;
  /** NATS_URL as a deployment gives it to `user`: the credentials in the URL. */
  urlFor(user: string): string;
  dispose(): Promise<void>;
}

export async function startConfiguredNats(): Promise<ConfiguredNats> {
  const users = natsConfUsers();
  const passwords = Object.fromEntries(users.map((user) => [user.passwordVariable, `p${randomBytes(12).toString('hex')}`]));
  const passwordOf = (name: string): string => {
    const user = users.find((candidate) => candidate.user === name);
    if (!user) throw new Error(`no user ${name} in nats.conf`);
    return passwords[user.passwordVariable];
  };
  // The test's server keeps its store in its own folder (-sd), so the deployed path goes.
  const conf = readFileSync(NATS_CONF_PATH, 'utf8');
  const withoutStoreDir = conf.replace(/^\s*store_dir:.*\n/m, '');
  if (conf.split('\n').length - withoutStoreDir.split('\n').length !== 1) throw new Error('nats.conf must have one store_dir line');
  const configDir = mkdtempSync(join(tmpdir(), 'opis-nats-conf-'));
  writeFileSync(join(configDir, 'nats.conf'), withoutStoreDir);
  const server = await NatsServerProcess.start({
    args: ['-c', join(configDir, 'nats.conf'), '-m', String(await freePort())],
    env: passwords,
    readinessUser: { user: 'provisioner', pass: passwordOf('provisioner'), inboxPrefix: inboxPrefixOf('provisioner') },
  });
  return {
    server,
    passwordOf,
    urlFor: (user) => {
      const url = new URL(server.url);
      url.username = user;
      url.password = passwordOf(user);
      return url.toString();
    },
    dispose: async () => {
      await server.dispose();
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}
