import { join } from 'node:path';

import { addProjectConfiguration, generateFiles, GeneratorCallback, names, Tree } from '@nx/devkit';

import { databaseName, joinPlatformList, listedServices, SERVICE_LIST } from './platform-list';

export interface ServiceGeneratorSchema {
  name: string;
  port?: number;
}

const SERVICE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const PORT_OVERRIDE = /public override PORT = (\d+);/;

/** The next port after the highest a service listens on (its config class, or the list), so two never collide on `npm start`. */
export function nextFreePort(tree: Tree): number {
  const configured = tree
    .children('services')
    .flatMap((service) => tree.children(`services/${service}/src`).filter((file) => file.endsWith('.config.ts')).map((file) => `services/${service}/src/${file}`))
    .map((path) => PORT_OVERRIDE.exec(tree.read(path, 'utf-8') ?? '')?.[1])
    .filter((port): port is string => port !== undefined)
    .map(Number);
  const listed = tree.exists(SERVICE_LIST) ? listedServices(tree).map((service) => service.port) : [];
  return Math.max(3000, ...configured, ...listed) + 1;
}

/** What joining the platform takes outside the folder and the list, left to a person: each needs a decision (routes, credentials, which streams). */
export function remainingSteps(name: string): string[] {
  return [
    'Gateway: if the console calls it, a <SERVICE>_URL in services/gateway/src/gateway.config.ts and its route in service-proxy.ts.',
    `Deployment: docker-compose.yml (service, migrate step, database and NATS passwords), deploy/env.example, deploy/postgres/init/01-databases.sh, deploy/nats/nats.conf (its NATS user and permissions), deploy/k8s/base/${name}/ and the kustomizations.`,
    'Contracts: its events and requests in libs/contracts/<name> (and SERVICE_NAMES in libs/contracts/envelope) once it publishes.',
    `npm run docs: writes docs/openapi/${name}.json and src/openapi-responses.generated.ts; pass RESPONSE_SCHEMAS to startHttpService in main.ts as the other services do.`,
  ];
}

/** `nx g @opis/tools:service <name>`: services/<name>/ with the skeleton every service shares, its Nx project, and its place on the platform's list. */
export async function serviceGenerator(tree: Tree, options: ServiceGeneratorSchema): Promise<GeneratorCallback> {
  if (!SERVICE_NAME.test(options.name)) throw new Error(`The service name must be kebab-case (like family-contact): ${options.name}`);
  const root = `services/${options.name}`;
  if (tree.exists(root)) throw new Error(`${root} exists already`);
  const port = options.port ?? nextFreePort(tree);
  // First, so a name, port or database the list already holds, or a list whose shape changed, stops it before it writes.
  const listFiles = joinPlatformList(tree, options.name, port);

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

  return () => {
    console.warn(`${root} is ready, and on the platform's list (port ${port}, database ${databaseName(options.name)}): ${listFiles.join(', ')}.`);
    console.warn(`Check it: npx nx run ${options.name}:test, then :build, :migrate and :serve (docs/new-service.md). Still to do by hand:`);
    for (const step of remainingSteps(options.name)) console.warn(`  - ${step}`);
  };
}

export default serviceGenerator;
