import { metricsUrlOf } from '@opis/platform';

import { IntakeHarness, registration, startIntake } from './intake-harness';

/** INV-03 in /metrics, for the PrometheusRule that pages when a child waits past a deadline. */
describe('intake: overdue INV-03 deadlines as a metric', () => {
  let intake: IntakeHarness;

  beforeAll(async () => {
    intake = await startIntake('deadline-metrics', { DEADLINE_SCAN_INTERVAL_MS: '3600000' });
  });

  afterAll(async () => {
    await intake?.close();
  });

  const overdue = async (): Promise<Record<string, number>> => {
    const text = await (await fetch(`${metricsUrlOf(intake.app)}/metrics`)).text();
    return Object.fromEntries(
      [...text.matchAll(/^opis_intake_deadlines_overdue\{clock="([A-Z_]+)",level="([A-Z]+)"[^}]*\} (\d+)$/gm)].map(([, clock, level, value]) => [`${clock} ${level}`, Number(value)]),
    );
  };

  it('counts an open case past the 24-hour breach with its clocks unmet, and stops counting a clock once it is met', async () => {
    const before = await overdue();
    const officer = await intake.token(['officer'], ['CHP']);
    const detectedAt = new Date(Date.now() - 25 * 3_600_000).toISOString();
    const registered = await intake.request('POST', '/v1/cases', { token: officer, body: registration({ encounter: { detectedAt } }) });
    expect(registered.status).toBe(201);

    const after = await overdue();
    for (const key of ['PROCURADURIA_NOTIFICATION BREACH', 'PROCURADURIA_NOTIFICATION ESCALATION', 'DIF_CHANNELLING BREACH', 'DIF_CHANNELLING ESCALATION']) {
      expect({ key, added: after[key] - (before[key] ?? 0) }).toEqual({ key, added: 1 });
    }

    await intake.dataSource.query('UPDATE intake_case SET procuraduria_notified_at = now() WHERE id = $1', [registered.body.caseId]);
    const notified = await overdue();
    expect(notified['PROCURADURIA_NOTIFICATION BREACH']).toBe(before['PROCURADURIA_NOTIFICATION BREACH'] ?? 0);
    expect(notified['DIF_CHANNELLING BREACH']).toBe(after['DIF_CHANNELLING BREACH']);
  });
});
