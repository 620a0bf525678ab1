import { dueTimes, needTiming } from './need-policy';

const detectedAt = new Date('2026-11-29T14:00:00Z');
const minutesLater = (minutes: number) => new Date(detectedAt.getTime() + minutes * 60_000);

describe('immediate needs: due times (DOMAIN.md 4.2)', () => {
  it('puts each need its configured minutes after detection', () => {
    const due = dueTimes(detectedAt, { HEALTH: 120, FOOD: 120, CLOTHING: 240, REST: 120, PSYCHOLOGICAL_FIRST_AID: 1440 });
    expect(due.HEALTH.toISOString()).toBe('2026-11-29T16:00:00.000Z');
    expect(due.CLOTHING.toISOString()).toBe('2026-11-29T18:00:00.000Z');
    expect(due.PSYCHOLOGICAL_FIRST_AID.toISOString()).toBe('2026-11-30T14:00:00.000Z');
  });

  it('is pending before the due time, overdue at it, and met once delivered', () => {
    const dueAt = minutesLater(120);
    expect(needTiming('FOOD', dueAt, null, minutesLater(119))).toMatchObject({ state: 'PENDING', late: false });
    expect(needTiming('FOOD', dueAt, null, minutesLater(120))).toMatchObject({ state: 'OVERDUE', late: false });
    expect(needTiming('FOOD', dueAt, null, minutesLater(121))).toMatchObject({ state: 'OVERDUE', late: true });
    expect(needTiming('FOOD', dueAt, minutesLater(30), minutesLater(300))).toMatchObject({ state: 'MET', late: false });
  });

  it('remembers a need met after its due time as late', () => {
    expect(needTiming('REST', minutesLater(120), minutesLater(150), minutesLater(300))).toMatchObject({
      state: 'MET',
      late: true,
      metAt: '2026-11-29T16:30:00.000Z',
    });
  });

  it('stops the clock of a need still unmet when the record closed: NOT_MET, never overdue', () => {
    const dueAt = minutesLater(120);
    expect(needTiming('FOOD', dueAt, null, minutesLater(600), minutesLater(60))).toMatchObject({ state: 'NOT_MET', late: false });
    expect(needTiming('FOOD', dueAt, null, minutesLater(600), minutesLater(180))).toMatchObject({ state: 'NOT_MET', late: true });
    expect(needTiming('FOOD', dueAt, minutesLater(30), minutesLater(600), minutesLater(180))).toMatchObject({ state: 'MET', late: false });
  });
});
