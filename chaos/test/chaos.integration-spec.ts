import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runBuiltScript } from '../src/run-script';

// The short version of `npm run chaos`: every kind of fault once (kill -9 of each service, of
// nats-server, an immediate stop of PostgreSQL, pauses longer than the ack wait, republished
// out-of-order events, poison), then one mixed round, on a private PostgreSQL and nats-server.
describe('npm run chaos, short', () => {
  it('loses, invents, duplicates and half-writes nothing, and every copy converges to intake', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'opis-chaos-')), 'chaos.json');
    const { code, output } = await runBuiltScript('chaos', [
      '--rate', '15',
      '--outage-ms', '2500',
      '--ack-wait-ms', '1500',
      '--gap-ms', '500',
      '--mixed-rounds', '1',
      '--settle-timeout-ms', '60000',
      '--out', out,
    ]);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    if (code !== 0) console.error(output);

    const kinds = new Set<string>(report.faults.map((fault: { kind: string; target: string }) => `${fault.kind} ${fault.target}`));
    for (const service of ['intake', 'care', 'family-contact', 'legal-status', 'repatriation', 'statistics']) expect(kinds).toContain(`kill -9 ${service}`);
    expect(kinds).toContain('kill -9 nats-server');
    expect(kinds).toContain('immediate stop postgresql');
    expect([...kinds].some((kind) => kind.startsWith('SIGSTOP'))).toBe(true);
    expect(kinds).toContain('republish out of order intake stream');
    expect(kinds).toContain('poison intake stream');
    expect(report.acknowledged).toBeGreaterThan(0);
    expect(report.counts).toEqual({ lost: 0, phantoms: 0, duplicates: 0, halfWritten: 0 });
    expect(report.unknown).toBe(report.unknownLanded + report.unknownAbsent);
    for (const copy of Object.values(report.copies) as Array<{ missing: number; extra: number }>) expect(copy).toMatchObject({ missing: 0, extra: 0 });
    // The poison reached every downstream durable and ended in its dead letters, nowhere else.
    for (const deadLetters of Object.values(report.deadLetters) as number[]) expect(deadLetters).toBeGreaterThanOrEqual(2);
    expect(report.convergeMs).not.toBeNull();
    expect(code).toBe(0);
  });
});
