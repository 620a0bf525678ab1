import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from './workspace-root';

const root = WORKSPACE_ROOT;

/**
 * Runs a built tool to its end (`tools/chaos/src/chaos` runs dist/tools/chaos/src/chaos.js, as
 * `npm run chaos` does): its exit code, its whole output and its stdout alone.
 */
export function runBuiltScript(script: string, args: string[]): Promise<{ code: number | null; output: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'dist', `${script}.js`), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('exit', (code) => resolve({ code, output, stdout }));
  });
}

