// `npm run docs`: the event catalog (docs/events: AsyncAPI 3, Markdown, HTML, JSON Schemas) from
// libs/contracts, and each service's OpenAPI document (docs/openapi) as the built service serves it
// at /docs-json. `npm run docs -- events` or `-- openapi` does one of them; `npm run build:contracts`
// runs `packages`: the contracts libraries as npm packages under dist/packages.
//
// The OpenAPI documents come from the running services (the same title, description and routes a
// deployment serves), each on a database of its own and a private nats-server, stopped afterwards:
// it needs PostgreSQL (DATABASE_URL or the local default) and the nats-server binary.
import { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { generateClients } from '@opis/api-clients/generate';
import { OFFICE_CODES } from '@opis/contracts-envelope';
import { buildContractPackages, writeEventDocs, writeResponseSchemas } from '@opis/event-catalog';
import { createTestSigner, runTool, UsageError } from '@opis/platform';
import { PLATFORM_SERVICES, PlatformService } from '@opis/platform-services';
import { runToEnd, spawnService, stopProcess, WORKSPACE_ROOT } from '@opis/platform-tools';
import { createTestDatabase, freePort, NatsServerProcess, TestDatabase, waitFor } from '@opis/testing';


const root = WORKSPACE_ROOT;
export const OPENAPI_DOCS_DIR = join('docs', 'openapi');

/** Starts each built service as `npm start` would, fetches /docs-json, stops it. */
export async function exportOpenApi(): Promise<string[]> {
  const nats = await NatsServerProcess.start();
  const signer = createTestSigner();
  const serviceToken = await signer.mint({ subject: 'svc-docs', roles: ['integration'], offices: [...OFFICE_CODES] });
  const databases: TestDatabase[] = [];
  const children: ChildProcess[] = [];
  const written: string[] = [];
  try {
    await runToEnd(join('apps', 'provisioning', 'src', 'main.js'), { PATH: process.env.PATH, NATS_URL: nats.url });
    const exportOne = async (service: PlatformService): Promise<void> => {
      const database = await createTestDatabase(`docs_${service.name}`);
      databases.push(database);
      const port = await freePort();
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: database.url,
        NATS_URL: nats.url,
        JWT_PUBLIC_KEY: signer.publicKeyPem,
        JWT_ISSUER: signer.issuer,
        JWT_AUDIENCE: signer.audience,
        LOG_LEVEL: 'error',
        FIELD_DEV_KEYS: 'true',
        LEGAL_STATUS_TOKEN: serviceToken,
      };
      await runToEnd(join('services', service.name, 'src', 'migrate.js'), env);
      const child = spawnService(service.name, env);
      children.push(child);
      let document: unknown;
      await waitFor(
        `${service.name} /docs-json`,
        async () => {
          if (child.exitCode !== null) throw new Error(`${service.name} exited with ${child.exitCode}`);
          const response = await fetch(`http://127.0.0.1:${port}/docs-json`).catch(() => undefined);
          if (!response?.ok) return false;
          document = await response.json();
          return true;
        },
        // Seven services starting at once; on two cores beside a test run, a minute was not enough.
        { timeoutMs: 180_000, intervalMs: 200 },
      );
      await stopProcess(child);
      const path = join(OPENAPI_DOCS_DIR, `${service.name}.json`);
      writeFileSync(join(root, path), `${JSON.stringify(document, null, 2)}\n`);
      written.push(path);
    };
    mkdirSync(join(root, OPENAPI_DOCS_DIR), { recursive: true });
    await Promise.all(PLATFORM_SERVICES.map(exportOne));
  } finally {
    await Promise.all(children.map((child) => stopProcess(child)));
    await nats.dispose();
    await Promise.all(databases.map((database) => database.drop().catch(() => undefined)));
  }
  return written.sort();
}

async function main(): Promise<void> {
  const [command = 'all'] = process.argv.slice(2);
  if (!['all', 'events', 'openapi', 'clients', 'packages'].includes(command)) throw new UsageError(`unknown command "${command}" (events, openapi, clients, packages)`);
  if (command === 'all' || command === 'events') {
    const files = writeEventDocs(root);
    console.log(`docs/events: ${files.length} files (AsyncAPI, Markdown, HTML, JSON Schemas)`);
  }
  if (command === 'all' || command === 'openapi') {
    // Response schemas come from the controllers' return types; the services serve them once rebuilt.
    for (const service of PLATFORM_SERVICES) console.log(writeResponseSchemas(root, service.name));
    await runToEnd(join('..', 'scripts', 'build.mjs'), { PATH: process.env.PATH });
    for (const path of await exportOpenApi()) console.log(`${path}`);
  }
  // The typed clients follow the documents (issue 19); `clients` makes them from the committed ones.
  if (command === 'all' || command === 'openapi' || command === 'clients') {
    for (const path of await generateClients(root)) console.log(`${path}`);
  }
  if (command === 'packages') {
    for (const folder of await buildContractPackages(root)) console.log(`${folder}`);
  }
}

if (require.main === module) runTool(main);
