import { execFileSync } from 'node:child_process';
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

export const DEDICATED_OFFICES_PATH = join(__dirname, '..', 'k8s', 'dedicated-offices', 'offices.env');
export const HELM_VALUES_PATH = join(__dirname, '..', 'k8s', 'nats', 'values.yaml');

/**
 * The one list of offices with instances of their own, per service
 * (deploy/k8s/dedicated-offices/offices.env, `CARE_DEDICATED_OFFICES=CHP`): their durables
 * (`care-intake-case-chp`) get permissions generated from it.
 */
export function dedicatedOffices(text = readFileSync(DEDICATED_OFFICES_PATH, 'utf8')): Record<string, OfficeCode[]> {
  const entries = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([A-Z_]+)_DEDICATED_OFFICES=([A-Z,]*)$/.exec(line);
      if (!match) throw new Error(`offices.env: "${line}" is not <SERVICE>_DEDICATED_OFFICES=<OFFICE>,...`);
      const service = match[1].toLowerCase().replace(/_/g, '-');
      return [service, match[2].split(',').filter(Boolean) as OfficeCode[]] as const;
    });
  return Object.fromEntries(entries);
}

export const DEDICATED_OFFICES: Readonly<Record<string, readonly OfficeCode[]>> = dedicatedOffices();

/** What a service needs to read its own durable consumer, and nothing of any other. */
export function consumerPermissions(stream: string, durable: string): string[] {
  return [
    `$JS.API.CONSUMER.INFO.${stream}.${durable}`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.${durable}`,
    `$JS.ACK.${stream}.${durable}.>`,
  ];
}

const isConsumerPermission = (subject: string): boolean => subject.startsWith('$JS.API.CONSUMER.') || subject.startsWith('$JS.ACK.');

/**
 * The publish allow list of a service's user with its consumer permissions generated: what it
 * publishes besides (its events, requests, `$JS.API.INFO`) as written, then three subjects per
 * durable, its own and those of its dedicated offices.
 */
export function generatedPublish(written: readonly string[], consumers: readonly { stream: string; durable: string }[]): string[] {
  return [...written.filter((subject) => !isConsumerPermission(subject)), ...consumers.flatMap((consumer) => consumerPermissions(consumer.stream, consumer.durable))];
}

/** nats.conf with each named user's publish list replaced, in the file's own layout. */
export function withPublishLists(text: string, publish: Readonly<Record<string, readonly string[]>>): string {
  return text.replace(/(\{\s*user:\s*([\w-]+)\s+password:\s*\$\w+\s*permissions:\s*\{\s*)(publish:\s*\{\s*allow:\s*\[)([^\]]*)(\])/g, (whole, head: string, user: string, open: string, _list: string, close: string) => {
    const subjects = publish[user];
    if (!subjects) return whole;
    const indent = ' '.repeat(open.length + (head.length - head.lastIndexOf('\n') - 1));
    // What the user publishes on one line or a few, each consumer permission on a line of its own.
    const lines: string[] = [];
    for (const subject of subjects.filter((candidate) => !isConsumerPermission(candidate))) {
      const last = lines.at(-1);
      if (last !== undefined && indent.length + last.length + subject.length + 4 <= 100) lines[lines.length - 1] = `${last}, "${subject}"`;
      else lines.push(`"${subject}"`);
    }
    lines.push(...subjects.filter(isConsumerPermission).map((subject) => `"${subject}"`));
    return `${head}${open}${lines.join(`,\n${indent}`)}${close}`;
  });
}

/** values.yaml with each named user's publish allow list replaced (the chart's user list, one subject a line). */
export function withHelmPublishLists(text: string, publish: Readonly<Record<string, readonly string[]>>): string {
  return text.replace(/(\n {10}- user: ([\w-]+)\n[\s\S]*?\n {14}publish:\n {16}allow:\n)((?: {18}(?:- "[^"]*"|#.*)\n)+)/g, (whole, head: string, user: string) => {
    const subjects = publish[user];
    if (!subjects) return whole;
    return `${head}${subjects.map((subject) => `                  - "${subject}"\n`).join('')}`;
  });
}

/** A private nats-server running deploy/nats/nats.conf with random passwords, and URLs per user. */
export interface ConfiguredNats {
  server: NatsServerProcess;
  passwordOf(user: string): string;
  /** NATS_URL as a deployment gives it to `user`: the credentials in the URL. */
  urlFor(user: string): string;
  dispose(): Promise<void>;
}

/** A CA of a test's own and a server certificate it signed, for `localhost` and 127.0.0.1 unless told (openssl). */
export interface TestCertificates {
  dir: string;
  caFile: string;
  certFile: string;
  keyFile: string;
}

export function makeTestCertificates(altNames = 'DNS:localhost, IP:127.0.0.1'): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'opis-tls-'));
  const file = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=opis-test-ca', '-keyout', file('ca-key.pem'), '-out', file('ca.pem'));
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=localhost', '-keyout', file('server-key.pem'), '-out', file('server.csr'));
  writeFileSync(file('server.ext'), `subjectAltName = ${altNames}\nextendedKeyUsage = serverAuth\n`);
  openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca-key.pem'), '-CAcreateserial', '-days', '1', '-extfile', file('server.ext'), '-out', file('server.pem'));
  return { dir, caFile: file('ca.pem'), certFile: file('server.pem'), keyFile: file('server-key.pem') };
}

/**
 * nats.conf on a private server; with `tls`, TLS is required of every client (as the Helm
 * values' config.nats.tls does in Kubernetes).
 */
export async function startConfiguredNats(options: { tls?: TestCertificates } = {}): Promise<ConfiguredNats> {
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
  const tls = options.tls ? `\ntls {\n  cert_file: "${options.tls.certFile}"\n  key_file: "${options.tls.keyFile}"\n}\n` : '';
  writeFileSync(join(configDir, 'nats.conf'), withoutStoreDir + tls);
  const readinessUser = { user: 'provisioner', pass: passwordOf('provisioner'), inboxPrefix: inboxPrefixOf('provisioner') };
  const readinessTls = options.tls ? { tls: { ca: readFileSync(options.tls.caFile, 'utf8') } } : {};
  const server = await NatsServerProcess.start({
    args: ['-c', join(configDir, 'nats.conf'), '-m', String(await freePort())],
    env: passwords,
    // The readiness check's connection options: with TLS, it trusts the test's CA.
    readinessUser: Object.assign(readinessUser, readinessTls),
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
