import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runBuiltScript } from '@opis/platform-tools';

const SERVICES = ['intake', 'care', 'family-contact', 'legal-status', 'repatriation', 'statistics'];

// The short version of `npm run chaos`: cases living their journeys across services, two
// instances of every consuming service; every kind of fault once (kill -9 of one instance of each
// service, of nats-server, an immediate stop of PostgreSQL, pauses longer than the ack wait,
// republished out-of-order events, poison), then one mixed round, on a private PostgreSQL and
// nats-server. Then the cheapest self-test variant (consumers that drop every 25th event), which
// the checker must catch; the full run tries every variant.
describe('npm run chaos, short', () => {
  it('loses, invents, duplicates, reorders and half-writes nothing, every copy equals its source, and a broken consumer is caught', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'opis-chaos-')), 'chaos.json');
    const { code, output } = await runBuiltScript('tools/chaos/src/chaos', [
      '--rate', '4',
      '--outage-ms', '2500',
      '--ack-wait-ms', '1500',
      '--gap-ms', '500',
      '--mixed-rounds', '1',
      '--kill-instances', 'one',
      '--self-test', 'drop',
      '--self-test-seconds', '10',
      '--settle-timeout-ms', '60000',
      '--out', out,
    ]);
    if (code !== 0) console.error(output);
    // A run that stopped before its report (the platform not up, a crash) shows why, not ENOENT.
    if (!existsSync(out)) throw new Error(`npm run chaos exited with ${code} and wrote no report:\n${output.slice(-4_000)}`);
    const report = JSON.parse(readFileSync(out, 'utf8'));

    expect(report.instancesPerService).toEqual({ intake: 1, care: 2, 'family-contact': 2, 'legal-status': 2, repatriation: 2, statistics: 2 });
    const kinds = new Set<string>(report.faults.map((fault: { kind: string; target: string }) => `${fault.kind} ${fault.target}`));
    for (const service of SERVICES) expect([...kinds].some((kind) => kind.startsWith(`kill -9 ${service}#`))).toBe(true);
    expect(kinds).toContain('kill -9 nats-server');
    expect(kinds).toContain('immediate stop postgresql');
    expect([...kinds].some((kind) => kind.startsWith('SIGSTOP'))).toBe(true);
    expect(kinds).toContain('republish out of order intake stream');
    expect(kinds).toContain('republish out of order legal-status stream');
    expect(kinds).toContain('poison intake stream');
    expect(report.acknowledged).toBeGreaterThan(0);
    // Several facts per case, from more than one stream.
    expect(report.events.intake).toBeGreaterThan(2 * report.intakeCases);
    expect(report.events['legal-status']).toBeGreaterThan(report.intakeCases);
    expect(report.counts).toEqual({ lost: 0, phantoms: 0, duplicates: 0, halfWritten: 0, outOfOrder: 0, stale: 0, lostFacts: 0 });
    expect(report.unknown).toBe(report.unknownLanded + report.unknownAbsent);
    for (const copy of Object.values(report.copies) as Array<{ missing: number; extra: number }>) expect(copy).toMatchObject({ missing: 0, extra: 0 });
    // Every consumer's evidence accounts for every fact it should apply: applied, or visibly held back.
    for (const figures of Object.values(report.consumers) as Array<{ expected: number; applied: number; held: number }>) {
      expect(figures.applied + figures.held).toBe(figures.expected);
    }
    // A dead letter of a published event (deliveries used up while PostgreSQL came back) is replayed by the run's operator
    // step: it applies, or the other instance had applied it already.
    for (const letter of report.replayedDeadLetters as Array<{ outcome: string }>) expect(['replayed', 'already-applied']).toContain(letter.outcome);
    // The poison reached every downstream durable and ended in its dead letters, nowhere else.
    for (const deadLetters of Object.values(report.deadLetters) as number[]) expect(deadLetters).toBeGreaterThanOrEqual(2);
    expect(report.convergeMs).not.toBeNull();
    // A checker that cannot fail proves nothing.
    expect(report.selfTest).toEqual([expect.objectContaining({ variant: 'drop', meantToCatch: 'lostFacts', caught: true })]);
    expect(code).toBe(0);
  }, 600_000);
});
