import { deadlineView } from './deadline-policy';

const thresholds = { escalationHours: 6, breachHours: 24 };
const detectedAt = new Date('2026-11-29T00:00:00Z');
const hoursLater = (hours: number) => new Date(detectedAt.getTime() + hours * 3_600_000);

describe('INV-03 clocks', () => {
  it('is pending before the escalation threshold', () => {
    expect(deadlineView('DIF_CHANNELLING', detectedAt, null, thresholds, hoursLater(5.9))).toMatchObject({
      state: 'PENDING',
      overdue: false,
      breachAt: '2026-11-30T00:00:00.000Z',
    });
  });

  it('escalates at 6 h and breaches at 24 h', () => {
    expect(deadlineView('DIF_CHANNELLING', detectedAt, null, thresholds, hoursLater(6)).state).toBe('ESCALATED');
    expect(deadlineView('DIF_CHANNELLING', detectedAt, null, thresholds, hoursLater(24))).toMatchObject({
      state: 'BREACHED',
      overdue: true,
    });
  });

  it('remembers a record made after the breach as met but overdue', () => {
    const view = deadlineView('PROCURADURIA_NOTIFICATION', detectedAt, hoursLater(30), thresholds, hoursLater(40));
    expect(view).toMatchObject({ state: 'MET', overdue: true, metAt: '2026-11-30T06:00:00.000Z' });
  });

  it('is met and on time when recorded within the window', () => {
    expect(deadlineView('PROCURADURIA_NOTIFICATION', detectedAt, hoursLater(1), thresholds, hoursLater(40))).toMatchObject(
      { state: 'MET', overdue: false },
    );
  });
});
