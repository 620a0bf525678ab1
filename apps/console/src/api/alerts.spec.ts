import { byAlertUrgency } from './alerts';

describe('office alerts, most urgent first', () => {
  const now = Date.parse('2026-12-06T18:00:00Z');
  const task = (taskId: string, dueAt: string, level = 0, escalatesAt: string | null = null) => ({ taskId, dueAt, level, escalatesAt });

  it('puts the overdue first, then the more escalated, then the soonest to escalate or fall due', () => {
    const sorted = byAlertUrgency(
      [
        task('later', '2026-12-06T22:00:00Z'),
        task('escalates-soon', '2026-12-06T23:00:00Z', 0, '2026-12-06T18:10:00Z'),
        task('overdue', '2026-12-06T17:00:00Z'),
        task('national', '2026-12-07T10:00:00Z', 2),
        task('overdue-escalated', '2026-12-06T17:30:00Z', 1),
      ],
      now,
    );
    expect(sorted.map((item) => item.taskId)).toEqual(['overdue-escalated', 'overdue', 'national', 'escalates-soon', 'later']);
  });
});
