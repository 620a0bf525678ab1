import { runBuiltScript } from '@opis/platform-tools';

// Each benchmark as `npm run bench:<name>` runs it, at a size that takes seconds: that it still runs
// and prints its figures against the real services, PostgreSQL and NATS. The figures' targets are
// printed, not asserted (a shared CI machine's timing proves nothing); docs/performance keeps the
// full runs' figures.
async function lastLinesOf(script: string, args: string[]): Promise<string> {
  const { code, output, stdout } = await runBuiltScript(`tools/bench/src/${script}`, args);
  if (code !== 0) console.error(output);
  expect(code).toBe(0);
  return stdout;
}

describe('the benchmarks, short', () => {
  it('bench:intake registers over HTTP and compares with the plain transaction', async () => {
    const stdout = await lastLinesOf('bench-intake', ['--count', '100', '--concurrency', '8']);
    expect(stdout).toMatch(/^intake registrations over HTTP: \d+\/s \(100 at concurrency 8\)$/m);
    expect(stdout).toMatch(/^latency: p50 [\d.]+ ms, p99 [\d.]+ ms/m);
    expect(stdout).toMatch(/^ratio to the plain transaction rate: \d+\.\d\d/m);
  });

  it("bench:care measures a case from intake's commit to care's record", async () => {
    const stdout = await lastLinesOf('bench-care', ['--seconds', '2', '--measure-count', '50']);
    expect(stdout).toMatch(/^care consumer applied: \d+ registration events\/s$/m);
    expect(stdout).toMatch(/^intake commit -> care record commit: p50 [\d.]+ ms, p90 [\d.]+ ms, p99 [\d.]+ ms/m);
  });

  it('bench:relay drains an outbox backlog and compares with the ceiling', async () => {
    const stdout = await lastLinesOf('bench-relay', ['--rows', '2000', '--cases', '500']);
    expect(stdout).toMatch(/^backlog written: 2000 outbox rows of 500 cases/m);
    expect(stdout).toMatch(/^relay drain: \d+ events\/s \(2000 stored\)$/m);
    expect(stdout).toMatch(/^drain \/ ceiling: [\d.]+ \(target >= 0\.5\)/m);
  });
});
