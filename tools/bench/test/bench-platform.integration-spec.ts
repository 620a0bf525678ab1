import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runBuiltScript } from '@opis/platform-tools';

/**
 * `ratio` (two decimals) is registrations a second (written to 0.1) over a ceiling (written whole):
 * from the written figures it can only be bounded. A short run's ceiling of ten a second moves the
 * quotient by 5% from rounding alone.
 */
function expectRatioOfRounded(ratio: number, registrationsPerSecond: number, ceilingPerSecond: number): void {
  expect(ratio).toBeGreaterThanOrEqual((registrationsPerSecond - 0.05) / (ceilingPerSecond + 0.5) - 0.005);
  expect(ratio).toBeLessThanOrEqual((registrationsPerSecond + 0.05) / (ceilingPerSecond - 0.5) + 0.005);
}

// The short version of `npm run bench:platform`: every phase for a few seconds. The targets are
// printed by the benchmark, not asserted here (a shared CI machine's timing proves nothing);
// this checks that the figures are written, plotted and sane.
describe('npm run bench:platform, short', () => {
  it('writes the figures and their chart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opis-bench-'));
    const out = join(dir, 'platform.json');
    const chart = join(dir, 'platform.svg');
    const { code, output, stdout } = await runBuiltScript('tools/bench/src/bench-platform', [
      '--closed-seconds', '3',
      '--rate-seconds', '3',
      '--fractions', '0.5',
      '--outage-seconds', '3',
      '--ceiling-count', '300',
      '--warm-up-seconds', '0',
      '--out', out,
      '--chart', chart,
    ]);
    if (code !== 0) console.error(output);
    expect(code).toBe(0);
    // The last line of its own output (services and PostgreSQL may still write to stderr).
    const lines = stdout.trim().split('\n');
    expect(lines[lines.length - 1]).toMatch(/^ratio of registrations per second to the plain transaction rate of the same rows: \d+\.\d\d/);

    const figures = JSON.parse(readFileSync(out, 'utf8'));
    expect(figures.ceilings.plainPgTransactionsPerSecond).toBeGreaterThan(0);
    expect(figures.ceilings.platformRowsRegistrationsPerSecond).toBeGreaterThan(0);
    // Intake's five rows, and at least the copy and the inbox row in each of the five other databases.
    expect(figures.ceilings.platformRowsPerRegistration).toBeGreaterThanOrEqual(15);
    expect(figures.ceilings.jetStreamPublishPerSecond.map((entry: { window: number }) => entry.window)).toEqual([1, 16, 64, 256]);
    const [closed, half] = figures.runs;
    expect(closed.registrationsPerSecond).toBeGreaterThan(0);
    expect(half.targetRate).toBeGreaterThan(0);
    for (const run of figures.runs) {
      expect(run.httpP50Ms).toBeLessThanOrEqual(run.httpP99Ms);
      expect(Object.keys(run.delayMs).sort()).toEqual(['care', 'family-contact', 'legal-status', 'repatriation', 'statistics']);
      for (const delay of Object.values(run.delayMs) as Array<{ p50: number; p99: number }>) expect(delay.p50).toBeLessThanOrEqual(delay.p99);
    }
    expect(figures.outage.backlogEvents).toBeGreaterThan(0);
    expect(figures.samples.length).toBeGreaterThan(5);
    for (const name of ['intake', 'care', 'family-contact', 'legal-status', 'repatriation', 'statistics', 'postgres', 'nats-server']) {
      expect(figures.processes[name].peakRssMb).toBeGreaterThan(0);
    }
    expectRatioOfRounded(figures.targets.ratio.value, closed.registrationsPerSecond, figures.ceilings.platformRowsRegistrationsPerSecond);
    expectRatioOfRounded(figures.ratioToIntakeRowsAlone, closed.registrationsPerSecond, figures.ceilings.plainPgTransactionsPerSecond);
    // An SVG drawn from these figures.
    expect(existsSync(chart)).toBe(true);
    const svg = readFileSync(chart, 'utf8');
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain('Backlog and lag over the run');
    expect(svg).toContain('NATS down');
  });
});
