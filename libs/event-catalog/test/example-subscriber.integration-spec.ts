import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';

import { createEnvelope, EventContract, eventSubject, streamName } from '@opis/contracts-envelope';
import { caseAssignedV1, caseRegisteredV2, caseTransferredV1 } from '@opis/contracts-intake';
import { provisionJetStream } from '@opis/messaging';
import { NatsServerProcess, waitFor } from '@opis/testing';

import { buildContractPackages } from '../src';

const root = join(__dirname, '..', '..', '..');
const exampleDir = join(root, 'examples', 'event-subscriber');

/**
 * What `npm install` does for the example's file: dependencies, offline: the built packages
 * copied into node_modules, and their registry dependencies taken from the workspace's.
 */
function installExample(into: string): void {
  cpSync(join(exampleDir, 'src'), join(into, 'src'), { recursive: true });
  cpSync(join(exampleDir, 'tsconfig.json'), join(into, 'tsconfig.json'));
  const manifest = JSON.parse(readFileSync(join(exampleDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const registryPackages = new Set<string>(['@types/node']);
  for (const [name, spec] of Object.entries(manifest.dependencies)) {
    if (!spec.startsWith('file:')) {
      registryPackages.add(name);
      continue;
    }
    const built = join(exampleDir, spec.slice('file:'.length));
    cpSync(built, join(into, 'node_modules', name), { recursive: true });
    const packaged = JSON.parse(readFileSync(join(built, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const dependency of Object.keys(packaged.dependencies)) if (!dependency.startsWith('@opis/')) registryPackages.add(dependency);
  }
  for (const name of registryPackages) {
    mkdirSync(dirname(join(into, 'node_modules', name)), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), join(into, 'node_modules', name));
  }
}

describe('example subscriber, using the built @opis/contracts-intake package', () => {
  let nats: NatsServerProcess;
  let nc: NatsConnection;
  let installed: string;
  const published: { id: string; type: string }[] = [];

  const publish = async (contract: EventContract, data: object, caseId: string) => {
    const envelope = createEnvelope({ name: contract.name, caseId, officeCode: 'CHP', actor: { kind: 'officer', id: 'opi-chp-0042' }, data });
    await jetstream(nc).publish(eventSubject(contract.name, 'CHP'), JSON.stringify(envelope), { msgID: envelope.id });
    published.push({ id: envelope.id, type: envelope.type });
  };

  const run = (durable: string, from: string, max: number) => {
    const result = spawnSync(process.execPath, [join(installed, 'dist', 'subscriber.js'), '--durable', durable, '--from', from, '--max', String(max)], {
      cwd: installed,
      env: { PATH: process.env.PATH, NATS_URL: nats.url },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { sequence: number; id: string; type: string; toOffice?: string; ageBand?: string });
  };

  beforeAll(async () => {
    await buildContractPackages(root);
    installed = mkdtempSync(join(tmpdir(), 'opis-example-'));
    installExample(installed);
    // Type-checks the example against the package's declarations, then compiles it.
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(installed, 'tsconfig.json')], {
      cwd: installed,
      encoding: 'utf8',
    });
    expect(tsc.stdout + tsc.stderr).toBe('');

    nats = await NatsServerProcess.start();
    nc = await connect({ servers: nats.url });
    await provisionJetStream(nc, { streams: [{ service: 'intake', maxAgeMs: 0, maxBytes: -1 }], consumers: [] });
    const caseId = '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d01';
    await publish(caseRegisteredV2, caseRegisteredV2.example, caseId);
    await publish(caseAssignedV1, caseAssignedV1.example, caseId);
    // A start time has millisecond precision: the third event must not share the second's millisecond.
    const second = await (await jetstreamManager(nc)).streams.getMessage(streamName('intake'), { seq: 2 });
    await waitFor('the clock past the second event', () => Date.now() > (second?.time.getTime() ?? Infinity));
    await publish(caseTransferredV1, caseTransferredV1.example, caseId);
    // Building the packages and type-checking the example took over two minutes on two cores
    // beside other suites.
  }, 300_000);

  afterAll(async () => {
    await nc?.close();
    await nats?.dispose();
    if (installed) rmSync(installed, { recursive: true, force: true });
  });

  it('replays the stream from its start with a durable of its own, validated and typed', () => {
    const events = run('from-start', 'start', 3);
    expect(events.map((event) => event.id)).toEqual(published.map((event) => event.id));
    expect(events[0]).toMatchObject({ type: 'intake.case.registered', ageBand: caseRegisteredV2.example.ageBand });
    expect(events[2]).toMatchObject({ type: 'intake.case.transferred', toOffice: 'TAB' });
  });

  it('starts from a stream sequence', () => {
    expect(run('from-sequence', 'sequence:2', 2).map((event) => event.sequence)).toEqual([2, 3]);
  });

  it('starts from a time', async () => {
    const third = await (await jetstreamManager(nc)).streams.getMessage(streamName('intake'), { seq: 3 });
    expect(run('from-time', `time:${third?.time.toISOString()}`, 1).map((event) => event.id)).toEqual([published[2]?.id]);
  });

  it('goes on where its durable stopped when run again', async () => {
    await publish(caseAssignedV1, { officerId: 'opi-chp-0043', previousOfficerId: 'opi-chp-0042' }, '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d01');
    expect(run('from-start', 'start', 1).map((event) => event.id)).toEqual([published[3]?.id]);
  });
});
