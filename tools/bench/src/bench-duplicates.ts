// `npm run bench:duplicates`: intake's duplicate search on a national register of a million persons
// (issue 21). Seeds the register in SQL in a database of its own (kept between runs), with intake's
// real migrations, so the real schema and indexes are measured; plants true duplicates of register
// records with the variations officers really produce; then runs, for each planted registration and
// for children met for the first time, the search as it was before issue 21 (kept below as the
// baseline, scoped to the registering office as it was) and the search intake runs now (national,
// the real RegistrationRepository.prepareRegistration), and scores both with intake's duplicate-score.
// Prints latency, recall@5 and precision, overall and per variation; writes
// bench-results/duplicates.json and bench-results/duplicates.svg.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { Pool } from 'pg';

import { buildDataSource, ensureDatabase, runMigrations, runTool, UsageError } from '@opis/platform';
import { databaseUrl, DEFAULT_DATABASE_URL } from '@opis/platform-services';

import { baselineSearch, baselineShown } from './bench-duplicates/baseline';
import { figuresOf, measure, printFigures, whyMissed } from './bench-duplicates/figures';
import { CandidateRow, loadIntake, root, YEAR } from './bench-duplicates/intake-code';
import { plantQueries, Query } from './bench-duplicates/planted';
import { SEED_VERSION, seedRegister } from './bench-duplicates/register';
import { renderChart } from './charts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      persons: { type: 'string', default: '1000000' },
      'per-variation': { type: 'string', default: '250' },
      'first-time': { type: 'string', default: '250' },
      'baseline-every': { type: 'string', default: '4' },
      database: { type: 'string', default: 'opis_bench_duplicates' },
      reseed: { type: 'boolean', default: false },
      json: { type: 'string', default: join(root, 'bench-results', 'duplicates.json') },
      chart: { type: 'string', default: join(root, 'bench-results', 'duplicates.svg') },
    },
  });
  const persons = Number(values.persons);
  const perVariation = Number(values['per-variation']);
  const firstTime = Number(values['first-time']);
  const baselineEvery = Number(values['baseline-every']);
  for (const [name, value] of Object.entries({ persons, perVariation, firstTime, baselineEvery })) {
    if (!Number.isInteger(value) || value < (name === 'baselineEvery' ? 1 : 0)) throw new UsageError(`--${name} must be a whole number`);
  }
  if (persons < 1000) throw new UsageError('--persons must be at least 1000');
  const adminUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const url = databaseUrl(adminUrl, values.database as string);
  const intake = await loadIntake();
  await ensureDatabase(adminUrl, values.database as string);
  await runMigrations(url, intake.migrations as never);

  const pool = new Pool({ connectionString: url, max: 2 });
  const dataSource = await buildDataSource({ url, entities: intake.entities as never, poolSize: 1 }).initialize();
  try {
    const client = await pool.connect();
    try {
      await client.query('CREATE TABLE IF NOT EXISTS bench_duplicates_register (persons int NOT NULL, seed_version int NOT NULL, seeded_at timestamptz NOT NULL)');
      const [seeded] = (await client.query('SELECT persons, seed_version FROM bench_duplicates_register')).rows;
      if (values.reseed || !seeded || seeded.persons !== persons || seeded.seed_version !== SEED_VERSION) {
        console.log(`seeding a register of ${persons} persons in ${values.database}`);
        await seedRegister(client, persons, intake);
      } else {
        console.log(`reusing the register of ${persons} persons in ${values.database}`);
      }
    } finally {
      client.release();
    }
    const queries = await plantQueries(pool, intake, perVariation, firstTime);
    const baselineQueries = queries.filter((_, i) => i % baselineEvery === 0);
    const manager = dataSource.manager;
    const current = (query: Query) => baselineSearch(manager, intake, query.office, { ...query.search, offices: [query.office] });
    const national = async (query: Query) =>
      (await intake.prepareRegistration(manager, query.office, YEAR, { ...query.search, offices: [query.office] })).duplicates;
    // Warm the caches and plans on searches not measured, as a running service has them.
    const warmUp = queries.filter((_, i) => i % 17 === 5).slice(0, 40);
    const newShown = (rows: readonly CandidateRow[], ageYears: number) => intake.possibleDuplicates(rows, ageYears);
    const currentShown = (rows: readonly CandidateRow[], ageYears: number) => baselineShown(rows, ageYears, intake);
    await measure(warmUp, national, newShown);
    await measure(warmUp.slice(0, 10), current, currentShown);

    console.log(`${queries.length} searches (${queries.length - firstTime} planted duplicates, ${firstTime} children met for the first time)`);
    // Timed first, then (the misses only) asked why, so the explaining does not weigh on the timing.
    const newOutcomes = await measure(queries, national, newShown);
    const outranked: unknown[] = [];
    for (const [query, outcome] of newOutcomes) {
      if (query.truePersonId && !outcome.found) {
        const rows = await national(query);
        const { why, detail } = await whyMissed(pool, intake, query, newShown(rows, query.search.ageYears));
        outcome.miss = why;
        if (detail) outranked.push(detail);
      }
    }
    console.log(`baseline on every ${baselineEvery}th search (${baselineQueries.length}); the search it replaces takes longer`);
    const baselineOutcomes = await measure(baselineQueries, current, currentShown);

    const result = {
      persons,
      queries: queries.length,
      baseline: figuresOf(baselineQueries, baselineOutcomes),
      new: figuresOf(queries, newOutcomes),
      newOnBaselineSample: figuresOf(baselineQueries, newOutcomes),
    };
    printFigures('current search (own office)', result.baseline);
    printFigures('new search (national), same sample', result.newOnBaselineSample);
    printFigures('new search (national), all', result.new);

    mkdirSync(join(root, 'bench-results'), { recursive: true });
    writeFileSync(values.json as string, JSON.stringify(result, null, 2));
    writeFileSync((values.json as string).replace(/\.json$/, '-outranked.json'), JSON.stringify(outranked, null, 2));
    writeFileSync(values.chart as string, chartOf(result));
    console.log(`figures in ${values.json}, chart in ${values.chart}`);
    console.log(`duplicates: ${persons} persons, search p95 ${result.new.p95Ms} ms, recall@5 ${result.new.recallAt5}, precision ${result.new.precision}`);
  } finally {
    await dataSource.destroy();
    await pool.end();
  }
}

type Figures = ReturnType<typeof figuresOf>;

/** Latency against the target, recall and precision, and recall per variation, current search and new. */
function chartOf(result: { baseline: Figures; new: Figures }): string {
  const perVariation = (title: string, figures: Figures) => ({
    type: 'bar' as const,
    title,
    yLabel: 'recall@5',
    bars: Object.entries(figures.perVariation).map(([variation, figure]) => ({ label: variation.replaceAll('_', ' '), value: figure.recallAt5 })),
    target: { value: 0.9, label: '0.90' },
  });
  return renderChart({
    width: 1400,
    height: 1120,
    panels: [
      {
        type: 'bar',
        box: { left: 0, top: 0, width: 700, height: 420 },
        title: 'Search latency, current and new',
        yLabel: 'ms',
        bars: [
          { label: 'current p50', value: result.baseline.p50Ms },
          { label: 'current p95', value: result.baseline.p95Ms },
          { label: 'current p99', value: result.baseline.p99Ms },
          { label: 'new p50', value: result.new.p50Ms },
          { label: 'new p95', value: result.new.p95Ms },
          { label: 'new p99', value: result.new.p99Ms },
        ],
        target: { value: 20, label: '< 20 ms', max: true },
      },
      {
        type: 'bar',
        box: { left: 700, top: 0, width: 700, height: 420 },
        title: 'Recall@5 and precision, current and new',
        yLabel: 'fraction',
        bars: [
          { label: 'current recall@5', value: result.baseline.recallAt5 ?? 0 },
          { label: 'new recall@5', value: result.new.recallAt5 ?? 0 },
          { label: 'current precision', value: result.baseline.precision ?? 0 },
          { label: 'new precision', value: result.new.precision ?? 0 },
        ],
        target: { value: 0.95, label: 'recall 0.95' },
      },
      { ...perVariation('Current search: recall@5 per variation', result.baseline), box: { left: 0, top: 420, width: 1400, height: 350 } },
      { ...perVariation('New search: recall@5 per variation', result.new), box: { left: 0, top: 770, width: 1400, height: 350 } },
    ],
  });
}

runTool(main, { usage: 'usage: npm run bench:duplicates -- [--persons N] [--per-variation N] [--first-time N] [--baseline-every N] [--database NAME] [--reseed]' });
