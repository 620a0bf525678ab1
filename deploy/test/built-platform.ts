import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The workspace root: dist/ is built there by build-once.js before any test file. */
export const WORKSPACE = join(__dirname, '..', '..');

export interface BuiltService {
  name: string;
  port: number;
  consumers: { stream: string; durable: string; filterSubject: string }[];
  /** Durables every instance shares, never split per office (notifications' dead letters). */
  sharedConsumers?: { stream: string; durable: string; filterSubject: string }[];
}

/**
 * DEPLOYED_SERVICES as built into dist/libs/platform-services/src/platform-services.js (the services and the
 * console's gateway): the list the deployment's provisioning Job runs with. Read from the build, as the Job does, since this
 * project's code may not import scripts/ or services' code (module boundaries).
 */
export function builtPlatformServices(): BuiltService[] {
  const output = execFileSync(
    process.execPath,
    ['-e', 'process.stdout.write(JSON.stringify(require("./dist/libs/platform-services/src/platform-services").DEPLOYED_SERVICES))'],
    { cwd: WORKSPACE, encoding: 'utf8' },
  );
  return JSON.parse(output) as BuiltService[];
}

/** Runs the provisioning step as the deployment's Job does: `node dist/apps/provisioning/src/main.js`. */
export function runProvisioning(env: Record<string, string>): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [join('dist', 'apps', 'provisioning', 'src', 'main.js')], {
    cwd: WORKSPACE,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
    timeout: 30_000,
  });
  return { status: result.status, stderr: result.stderr };
}
