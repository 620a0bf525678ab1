import { MpNoticeTaskEntity } from '../cases/case-records.entity';
import { mpNoticeView } from './mp-notice-policy';

const openedAt = new Date('2026-11-29T15:00:00Z');
const hoursLater = (hours: number) => new Date(openedAt.getTime() + hours * 3_600_000);
const task = (overrides: Partial<MpNoticeTaskEntity> = {}): MpNoticeTaskEntity => ({
  caseId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d0f',
  openedAt,
  dueAt: hoursLater(24),
  cancelledAt: null,
  notifiedAt: null,
  notifiedBy: null,
  mpOffice: null,
  mpReference: null,
  recordedBy: null,
  recordedAt: null,
  overdueRaisedAt: null,
  ...overrides,
});

describe('RLM-05: the notice to the Public Prosecutor as a task', () => {
  it('is pending until its due time, then overdue', () => {
    expect(mpNoticeView(task(), hoursLater(23))).toMatchObject({ state: 'PENDING', overdue: false });
    expect(mpNoticeView(task(), hoursLater(24))).toMatchObject({ state: 'OVERDUE', overdue: true });
  });

  it('remembers a notice made late as met but overdue, and one made in time as met', () => {
    expect(mpNoticeView(task({ notifiedAt: hoursLater(30) }), hoursLater(40))).toMatchObject({ state: 'MET', overdue: true });
    expect(mpNoticeView(task({ notifiedAt: hoursLater(2) }), hoursLater(40))).toMatchObject({ state: 'MET', overdue: false });
  });

  it('stops when a correction withdraws the indicators', () => {
    expect(mpNoticeView(task({ cancelledAt: hoursLater(1) }), hoursLater(40))).toMatchObject({ state: 'CANCELLED', overdue: false });
  });

  it('shows nothing where no indicators were recorded', () => {
    expect(mpNoticeView(null, hoursLater(1))).toBeNull();
  });
});
