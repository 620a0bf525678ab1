import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { NatsConnection, PermissionViolationError } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';

import { createEnvelope, eventSubject } from '@opis/contracts-envelope';
import { caseRegisteredV1, caseRegisteredV2, caseTransferredV1 } from '@opis/contracts-intake';
import { natsConnectOptions } from '@opis/platform';
import { waitFor } from '@opis/testing';

import { runProvisioning, WORKSPACE } from './built-platform';
import { ConfiguredNats, natsConfUsers, startConfiguredNats } from './nats-conf';

const EXAMPLE = join(WORKSPACE, 'examples', 'event-subscriber');
const SUBSCRIBER = 'dif';

/** The shell lines of the README's first code block, comments dropped. */
function readmeCommands(): string[] {
  const readme = readFileSync(join(EXAMPLE, 'README.md'), 'utf8');
  const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter(Boolean);
}

describe('examples/event-subscriber, run as its README says, as NATS user dif', () => {
  let nats: ConfiguredNats;
  let folder: string;
  const connections: NatsConnection[] = [];
  const commands = readmeCommands();

  async function connectAs(user: string): Promise<NatsConnection> {
    const nc = await connect({ ...natsConnectOptions(nats.urlFor(user)), reconnect: false });
    connections.push(nc);
    return nc;
  }

  beforeAll(async () => {
    nats = await startConfiguredNats();
    expect(runProvisioning({ NATS_URL: nats.urlFor('provisioner'), STREAM_REPLICAS: '1' })).toEqual({ status: 0, stderr: '' });
    const intake = jetstream(await connectAs('intake'));
    for (const [contract, data] of [
      // As intake publishes a registration: v2, then v1 for subscribers not yet moved, which the example skips.
      [caseRegisteredV2, caseRegisteredV2.example],
      [caseRegisteredV1, caseRegisteredV1.example],
      [caseTransferredV1, caseTransferredV1.example],
    ] as const) {
      const envelope = createEnvelope({
        name: contract.name,
        caseId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d01',
        officeCode: 'CHP',
        actor: { kind: 'service', id: 'intake' },
        data,
      });
      await intake.publish(eventSubject(contract.name, 'CHP'), JSON.stringify(envelope), { msgID: envelope.id });
    }
    // An empty folder laid out as the repository is where the README's paths lead: the example
    // beside dist/packages, nothing installed.
    folder = mkdtempSync(join(tmpdir(), 'opis-subscriber-'));
    cpSync(EXAMPLE, join(folder, 'examples', 'event-subscriber'), {
      recursive: true,
      filter: (source) => !/[/\\](node_modules|dist)$/.test(source),
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(connections.map((nc) => nc.close()));
    await nats?.dispose();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('has the README commands this test runs', () => {
    expect(commands).toEqual([
      'npm run build:contracts',
      'cd examples/event-subscriber',
      'npm install',
      'npm run build',
      expect.stringMatching(/^NATS_URL=nats:\/\/dif:\$DIF_NATS_PASSWORD@\S+ node dist\/subscriber\.js --durable dif-intake --from start$/),
    ]);
  });

  it('installs, builds, and prints each event as one validated JSON line, acknowledged', async () => {
    // `npm run build:contracts` runs in the repository, whose packages the folder gets. Its first
    // half (scripts/build.mjs) ran before every test file (build-once.js); building dist/ again
    // would rewrite files the other test files run.
    const scripts = (JSON.parse(readFileSync(join(WORKSPACE, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['build:contracts']).toBe('node scripts/build.mjs && node dist/tools/cli/src/docs.js packages');
    execFileSync(process.execPath, [join('dist', 'tools', 'cli', 'src', 'docs.js'), 'packages'], { cwd: WORKSPACE, stdio: 'ignore' });
    cpSync(join(WORKSPACE, 'dist', 'packages'), join(folder, 'dist', 'packages'), { recursive: true });
    const example = join(folder, 'examples', 'event-subscriber');
    // From npm's cache where it has the packages (the workspace installed the same versions):
    // fast, and no registry needed on a machine that ran `npm ci`.
    const npmEnv = { ...process.env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' };
    execFileSync('npm', ['install'], { cwd: example, env: npmEnv, stdio: 'pipe' });
    execFileSync('npm', ['run', 'build'], { cwd: example, env: npmEnv, stdio: 'pipe' });

    // The README's server and password are the test server's; the rest is the README's line.
    const [, readmeUrl = '', command = ''] = /^NATS_URL=(\S+) (.*)$/.exec(commands[4]) ?? [];
    const natsUrl = new URL(readmeUrl);
    natsUrl.host = new URL(nats.server.url).host;
    natsUrl.password = nats.passwordOf(SUBSCRIBER);
    const [node, ...args] = command.split(' ');
    expect(node).toBe('node');
    const child: ChildProcess = spawn(process.execPath, args, { cwd: example, env: { PATH: process.env.PATH ?? '', NATS_URL: natsUrl.toString() } });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await waitFor(`two events printed (stderr: ${stderr})`, () => stdout.split('\n').filter(Boolean).length >= 2, { timeoutMs: 30_000 });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ sequence: 1, type: 'intake.case.registered', migrationPointCode: caseRegisteredV2.example.migrationPointCode }),
      expect.objectContaining({ sequence: 3, type: 'intake.case.transferred', toOffice: caseTransferredV1.example.toOffice }),
    ]);
    // Acknowledged, the skipped v1 too: the durable the example created (as dif) has nothing left to deliver.
    const info = await (await jetstreamManager(await connectAs('provisioner'))).consumers.info('OPIS_INTAKE', 'dif-intake');
    expect({ acked: info.ack_floor.stream_seq, pending: info.num_pending }).toEqual({ acked: 3, pending: 0 });
  }, 300_000);

  it('lets dif do nothing else: no other durable or stream, no publishing, no live subscription', async () => {
    const dif = await connectAs(SUBSCRIBER);
    const jsm = await jetstreamManager(dif, { timeout: 2_000 });
    const js = jetstream(dif, { timeout: 2_000 });
    const refused = /permissions violation/i;
    // A durable not its own: another name, the platform's, on a stream it was not granted.
    await expect(jsm.consumers.add('OPIS_INTAKE', { durable_name: 'dif-other', ack_policy: AckPolicy.Explicit })).rejects.toThrow(refused);
    await expect(js.consumers.get('OPIS_INTAKE', 'care-intake-case')).rejects.toThrow(refused);
    await expect(jsm.consumers.add('OPIS_CARE', { durable_name: 'dif-intake', ack_policy: AckPolicy.Explicit })).rejects.toThrow(refused);
    await expect(js.consumers.get('OPIS_INTAKE')).rejects.toThrow(refused);
    await expect(jsm.streams.info('OPIS_INTAKE')).rejects.toThrow(refused);
    await expect(jsm.streams.delete('OPIS_INTAKE')).rejects.toThrow(refused);
    await expect(jsm.consumers.delete('OPIS_INTAKE', 'care-intake-case')).rejects.toThrow(refused);
    await expect(js.publish('opis.intake.case.registered.v1.CHP', '{}')).rejects.toThrow(refused);
    const live = dif.subscribe('opis.intake.>');
    await expect(live.closed).resolves.toBeInstanceOf(PermissionViolationError);
  });

  it("has rights that name only its own durables on the streams it is granted (the Helm values hold the same: kubernetes-manifests' test)", () => {
    const user = natsConfUsers().find((candidate) => candidate.user === SUBSCRIBER);
    expect(user).toEqual(expect.objectContaining({ passwordVariable: 'DIF_NATS_PASSWORD', subscribe: ['_INBOX_dif.>'] }));
    // Every JetStream right names a durable with its prefix, on a stream it was granted.
    for (const subject of (user?.publish ?? []).filter((candidate) => candidate !== '$JS.API.INFO')) {
      expect(subject).toMatch(/^\$JS\.(API\.CONSUMER\.(CREATE|INFO|MSG\.NEXT|DELETE)|ACK)\.OPIS_INTAKE\.dif-[\w-]+(\.>)?$/);
    }
  });
});
