import { join } from 'node:path';

import { addProjectConfiguration, generateFiles, GeneratorCallback, names, Tree } from '@nx/devkit';

export interface ServiceGeneratorSchema {
  name: string;
  port?: number;
}

const SERVICE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const ESLINT_CONFIG = 'eslint.config.mjs';
const ESLINT_SERVICES = /const services = \[([^\]]*)\];/;
const PORT_OVERRIDE = /public override PORT = (\d+);/;

/** The next port after the highest a service's config class listens on, so two never collide on `npm start`. */
export function nextFreePort(tree: Tree): number {
  const ports = tree
    .children('services')
    .flatMap((service) => tree.children(`services/${service}/src`).filter((file) => file.endsWith('.config.ts')).map((file) => `services/${service}/src/${file}`))
    .map((path) => PORT_OVERRIDE.exec(tree.read(path, 'utf-8') ?? '')?.[1])
    .filter((port): port is string => port !== undefined)
    .map(Number);
  return Math.max(3000, ...ports) + 1;
}

/** Boundary lint's list of service scopes: each may import only itself, shared code and contracts. */
function addToBoundaryLint(tree: Tree, name: string): boolean {
  const config = tree.exists(ESLINT_CONFIG) ? tree.read(ESLINT_CONFIG, 'utf-8') : null;
  const match = config ? ESLINT_SERVICES.exec(config) : null;
  if (!config || !match) return false;
  if (!match[1].includes(`'${name}'`)) tree.write(ESLINT_CONFIG, config.replace(match[0], `const services = [${match[1]}, '${name}'];`));
  return true;
}

/** What joining the platform takes outside the folder, left to a person: each needs a decision (ports, credentials, which streams). */
export function remainingSteps(name: string, port: number, lintRegistered: boolean): string[] {
  const { constantName } = names(name);
  return [
    ...(lintRegistered ? [] : [`Add '${name}' to the services list in ${ESLINT_CONFIG} (boundary lint's scopes).`]),
    `scripts/platform-services.ts: add '${name}' to PlatformServiceName and PLATFORM_SERVICES (port ${port}, database opis_${name.replace(/-/g, '_')}, consumers ${constantName}_CONSUMERS): npm start, provisioning, e2e and the benchmarks read that list.`,
    'Gateway: if the console calls it, a <SERVICE>_URL in services/gateway/src/gateway.config.ts and its route in service-proxy.ts.',
    `Deployment: docker-compose.yml (service, migrate step, database and NATS passwords), deploy/env.example, deploy/postgres/init/01-databases.sh, deploy/nats/nats.conf (its NATS user and permissions), deploy/k8s/base/${name}/ and the kustomizations.`,
    'Contracts: its events and requests in libs/contracts/<name> (and SERVICE_NAMES in libs/contracts/envelope) once it publishes.',
    `npm run docs: writes docs/openapi/${name}.json and src/openapi-responses.generated.ts; pass RESPONSE_SCHEMAS to startHttpService in main.ts as the other services do.`,
  ];
}

/** `nx g @opis/tools:service <name>`: services/<name>/ with the skeleton every service shares, and its Nx project. */
export async function serviceGenerator(tree: Tree, options: ServiceGeneratorSchema): Promise<GeneratorCallback> {
  if (!SERVICE_NAME.test(options.name)) throw new Error(`The service name must be kebab-case (like family-contact): ${options.name}`);
  const root = `services/${options.name}`;
  if (tree.exists(root)) throw new Error(`${root} exists already`);
  const port = options.port ?? nextFreePort(tree);

  addProjectConfiguration(tree, options.name, {
    root,
    projectType: 'application',
    sourceRoot: `${root}/src`,
    tags: [`scope:${options.name}`, 'type:app'],
    // Each target's command, inputs and outputs are the shared ones in nx.json's targetDefaults.
    targets: { build: {}, lint: {}, migrate: {}, serve: {}, test: {}, typecheck: {} },
  });
  generateFiles(tree, join(__dirname, 'files'), root, {
    ...names(options.name),
    port,
    tablePrefix: options.name.replace(/-/g, '_'),
    timestamp: Date.now(),
    tmpl: '',
  });
  const lintRegistered = addToBoundaryLint(tree, options.name);

  return () => {
    console.warn(`${root} is ready: npx nx run ${options.name}:test, then :build, :migrate and :serve (docs/new-service.md). Still to do by hand:`);
    for (const step of remainingSteps(options.name, port, lintRegistered)) console.warn(`  - ${step}`);
  };
}

export default serviceGenerator;
