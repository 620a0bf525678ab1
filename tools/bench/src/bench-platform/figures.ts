// The benchmark's figures: one run's, the samples taken all along, and the chart drawn from them.
import { writeFileSync } from 'node:fs';

import { CASE_COPIES } from '@opis/platform-tools';

import { renderChart } from '../charts';

export const round1 = (value: number) => Math.round(value * 10) / 10;

export interface Sample {
  t: number;
  phase: string;
  outboxBacklog: number;
  consumerLag: Record<string, number>;
}

export interface RunFigures {
  phase: string;
  targetRate: number | null;
  registrations: number;
  registrationsPerSecond: number;
  httpP50Ms: number;
  httpP99Ms: number;
  failures: number;
  delayMs: Record<string, { p50: number; p99: number }>;
  lastDownstreamP99Ms: number;
  /** CPU milliseconds per acknowledged registration, per process, from the start of the phase until every copy had applied it. */
  cpuMsPerRegistration: Record<string, number>;
}

/** The run's chart: backlog and lag over time with the outage shaded, p99 delay, rate against the ceilings, memory. */
export function plot(path: string, figures: { runs: RunFigures[]; samples: Sample[]; outage: { startedAt: number; restartedAt: number; seconds: number }; processes: Record<string, { peakRssMb: number }>; targets: { ratio: { value: number } }; ceilings: { plainPgTransactionsPerSecond: number; platformRowsRegistrationsPerSecond: number } }): void {
  const durablesSeen = [...new Set(figures.samples.flatMap((sample) => Object.keys(sample.consumerLag)))].filter((durable) => CASE_COPIES.some((copy) => copy.durable === durable));
  const fixed = figures.runs.filter((entry) => entry.targetRate !== null);
  const svg = renderChart({
    width: 1400,
    height: 1000,
    panels: [
      {
        type: 'line',
        box: { left: 0, top: 0, width: 1400, height: 380 },
        title: 'Backlog and lag over the run',
        xLabel: 'seconds',
        yLabel: 'events',
        series: [
          { name: 'intake outbox', points: figures.samples.filter((sample) => sample.outboxBacklog >= 0).map((sample) => [sample.t, sample.outboxBacklog] as const) },
          ...durablesSeen.map((durable) => ({
            name: durable,
            points: figures.samples.filter((sample) => sample.consumerLag[durable] !== undefined).map((sample) => [sample.t, sample.consumerLag[durable]] as const),
          })),
        ],
        shaded: [{ from: figures.outage.startedAt, to: figures.outage.restartedAt, label: 'NATS down' }],
      },
      {
        type: 'bar',
        box: { left: 0, top: 400, width: 700, height: 300 },
        title: 'p99 to the last downstream commit',
        xLabel: 'registrations/s (fixed rate)',
        yLabel: 'ms',
        bars: fixed.map((entry) => ({ label: `${Math.round(entry.registrationsPerSecond)}/s`, value: entry.lastDownstreamP99Ms })),
        target: { value: 100, label: '< 100 ms', max: true },
      },
      {
        type: 'bar',
        box: { left: 700, top: 400, width: 700, height: 300 },
        title: 'Registrations/s and ceilings',
        xLabel: 'run (target rate) and ceiling',
        yLabel: 'registrations/s',
        bars: [
          ...figures.runs.map((entry) => ({ label: entry.targetRate === null ? 'max' : `${Math.round(entry.targetRate)}`, value: entry.registrationsPerSecond })),
          { label: 'same rows', value: figures.ceilings.platformRowsRegistrationsPerSecond },
          { label: 'intake rows', value: figures.ceilings.plainPgTransactionsPerSecond },
        ],
        target: { value: figures.ceilings.platformRowsRegistrationsPerSecond * 0.3, label: '0.3 × same rows' },
      },
      {
        type: 'bar',
        box: { left: 0, top: 710, width: 1400, height: 290 },
        title: `Peak RSS per process; ratio to the same rows' ceiling ${figures.targets.ratio.value}`,
        yLabel: 'MB',
        bars: Object.entries(figures.processes).map(([name, usage]) => ({ label: name, value: usage.peakRssMb })),
        target: { value: 200, label: '< 200 MB', max: true },
      },
    ],
  });
  writeFileSync(path, svg);
}
