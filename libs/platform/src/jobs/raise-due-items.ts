import { DataSource, EntityManager } from 'typeorm';

/** What a deadline scanner does with the items due at one run: read a batch, raise each. */
export interface DueItemScan<T> {
  /** Most items read in one transaction. */
  batchSize: number;
  /**
   * Batches in one run (default: until a batch comes back short). A scanner that leaves the rest
   * to its next run gives 1.
   */
  maxBatches?: number;
  /** Up to `limit` due items, claimed for this transaction (SKIP LOCKED) so that instances share them. */
  findDue(manager: EntityManager, limit: number): Promise<readonly T[]>;
  /**
   * Marks the item raised and writes its event in the same transaction; false when it was raised
   * already (the mark is what makes an alert once only).
   */
  raise(manager: EntityManager, item: T): Promise<boolean>;
}

/** Raises the due items batch by batch, each batch in its own transaction; returns how many were raised. */
export async function raiseDueItems<T>(dataSource: DataSource, scan: DueItemScan<T>): Promise<number> {
  const maxBatches = scan.maxBatches ?? Infinity;
  let raised = 0;
  for (let batches = 1; ; batches += 1) {
    const found = await dataSource.transaction(async (manager) => {
      const due = await scan.findDue(manager, scan.batchSize);
      for (const item of due) if (await scan.raise(manager, item)) raised += 1;
      return due.length;
    });
    if (found < scan.batchSize || batches >= maxBatches) return raised;
  }
}
