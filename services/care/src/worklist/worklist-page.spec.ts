import { WorklistRow } from '../records/care.repository';
import { pageOf } from './worklist.service';

const row = (caseId: string, minute: number, need: WorklistRow['need']): WorklistRow => ({
  caseId,
  caseNumber: 'CHP-2026-000001',
  officeCode: 'CHP',
  ageBand: '12-17',
  accompaniment: 'UNACCOMPANIED',
  flags: [],
  need,
  dueAt: new Date(Date.UTC(2026, 11, 6, 10, minute)),
});
const needsOf = (rows: WorklistRow[]) => rows.map((item) => `${item.caseId}:${item.need}`);

describe('a worklist page', () => {
  const a = '0190f5c2-7d2a-7b3c-9d4e-00000000000a';
  const b = '0190f5c2-7d2a-7b3c-9d4e-00000000000b';
  const rows = [row(a, 0, 'HEALTH'), row(a, 30, 'CLOTHING'), row(a, 30, 'FOOD'), row(b, 30, 'CLOTHING'), row(b, 30, 'FOOD')];

  it('is every row when they fit', () => {
    expect(pageOf(rows, 5)).toEqual(rows);
  });

  it("ends before a case's needs due at one time rather than split them", () => {
    expect(needsOf(pageOf(rows, 2))).toEqual([`${a}:HEALTH`]);
    expect(needsOf(pageOf(rows, 4))).toEqual([`${a}:HEALTH`, `${a}:CLOTHING`, `${a}:FOOD`]);
    expect(needsOf(pageOf(rows, 3))).toEqual([`${a}:HEALTH`, `${a}:CLOTHING`, `${a}:FOOD`]);
  });

  it('takes them all, over the limit, when they alone would fill it', () => {
    expect(needsOf(pageOf(rows.slice(1), 1))).toEqual([`${a}:CLOTHING`, `${a}:FOOD`]);
  });
});
