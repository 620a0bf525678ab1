// The benchmark's figures: one run's, the samples taken all along, and the chart drawn from them.
import { CASE_COPIES } from '@opis/platform-tools';
import { barChart, Canvas, lineChart } from '../png-plot';

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

export function plot(path: string, figures: { runs: RunFigures[]; samples: Sample[]; outage: { startedAt: number; restartedAt: number; seconds: number }; processes: Record<string, { peakRssMb: number }>; targets: { ratio: { value: number } }; ceilings: { plainPgTransactionsPerSecond: number; platformRowsRegistrationsPerSecond: number } }): void {
  const canvas = new Canvas(1400, 1000);
  const durablesSeen = [...new Set(figures.samples.flatMap((sample) => Object.keys(sample.consumerLag)))].filter((durable) => CASE_COPIES.some((copy) => copy.durable === durable));
  lineChart(
    canvas,
    { x: 0, y: 0, w: 1400, h: 380 },
    'BACKLOG AND LAG (EVENTS) OVER THE RUN',
    [
      { label: 'INTAKE OUTBOX', points: figures.samples.filter((sample) => sample.outboxBacklog >= 0).map((sample) => [sample.t, sample.outboxBacklog] as const) },
      ...durablesSeen.map((durable) => ({
        label: durable,
        points: figures.samples.filter((sample) => sample.consumerLag[durable] !== undefined).map((sample) => [sample.t, sample.consumerLag[durable]] as const),
      })),
    ],
    [[figures.outage.startedAt, figures.outage.restartedAt, 'NATS DOWN']],
  );
  const fixed = figures.runs.filter((entry) => entry.targetRate !== null);
  barChart(
    canvas,
    { x: 0, y: 400, w: 700, h: 300 },
    'P99 MS TO LAST DOWNSTREAM COMMIT',
    fixed.map((entry) => ({ label: `${Math.round(entry.registrationsPerSecond)}/S`, value: entry.lastDownstreamP99Ms })),
    { value: 100, label: '< 100 MS' },
  );
  barChart(
    canvas,
    { x: 700, y: 400, w: 700, h: 300 },
    'REGISTRATIONS/S AND CEILING',
    [
      ...figures.runs.map((entry) => ({ label: entry.targetRate === null ? 'MAX' : `${Math.round(entry.targetRate)}`, value: entry.registrationsPerSecond })),
      { label: 'SAME ROWS', value: figures.ceilings.platformRowsRegistrationsPerSecond },
      { label: 'INTAKE ROWS', value: figures.ceilings.plainPgTransactionsPerSecond },
    ],
    { value: figures.ceilings.platformRowsRegistrationsPerSecond * 0.3, label: '0.3 X SAME ROWS' },
  );
  barChart(
    canvas,
    { x: 0, y: 710, w: 1400, h: 290 },
    `PEAK RSS MB PER PROCESS   RATIO ${figures.targets.ratio.value}`,
    Object.entries(figures.processes).map(([name, usage]) => ({ label: name, value: usage.peakRssMb })),
    { value: 200, label: '< 200 MB' },
  );
  canvas.save(path);
}