import { DataSource, EntityManager } from 'typeorm';

import { DueItemScan, raiseDueItems } from './raise-due-items';

/** A data source whose transactions only count themselves. */
function countingDataSource(): { dataSource: DataSource; transactions: () => number } {
  let transactions = 0;
  const dataSource = {
    transaction: async <T>(work: (manager: EntityManager) => Promise<T>): Promise<T> => {
      transactions += 1;
      return work({} as EntityManager);
    },
  } as unknown as DataSource;
  return { dataSource, transactions: () => transactions };
}

/** `due` items, handed out in batches; the odd ones were raised already. */
function scanOf(due: number, overrides: Partial<DueItemScan<number>> = {}): DueItemScan<number> {
  let next = 0;
  return {
    batchSize: 3,
    findDue: async (_manager, limit) => {
      const batch = Array.from({ length: Math.min(limit, due - next) }, (_, i) => next + i);
      next += batch.length;
      return batch;
    },
    raise: async (_manager, item) => item % 2 === 0,
    ...overrides,
  };
}

describe('raiseDueItems', () => {
  it('reads batch after batch until one comes back short, and counts only what it raised', async () => {
    const { dataSource, transactions } = countingDataSource();
    expect(await raiseDueItems(dataSource, scanOf(7))).toBe(4);
    expect(transactions()).toBe(3);
  });

  it('reads once more after a full last batch, to learn that nothing is left', async () => {
    const { dataSource, transactions } = countingDataSource();
    expect(await raiseDueItems(dataSource, scanOf(6))).toBe(3);
    expect(transactions()).toBe(3);
  });

  it('stops after maxBatches, leaving the rest to the next run', async () => {
    const { dataSource, transactions } = countingDataSource();
    expect(await raiseDueItems(dataSource, scanOf(7, { maxBatches: 1 }))).toBe(2);
    expect(transactions()).toBe(1);
  });

  it('lets a failing batch fail the run', async () => {
    const { dataSource } = countingDataSource();
    const scan = scanOf(7, { raise: async () => Promise.reject(new Error('database gone')) });
    await expect(raiseDueItems(dataSource, scan)).rejects.toThrow('database gone');
  });
});
