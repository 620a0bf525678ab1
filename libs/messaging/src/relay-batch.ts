export interface OutboxRow {
  id: string;
  position: string;
  subject: string;
  caseId: string;
  payload: string;
}

/**
 * The leading rows in which no case appears twice. Publishing them concurrently cannot
 * reorder one case's events: a case's next event waits for a later batch, which starts only
 * after every row before it was acknowledged.
 */
export function distinctCasePrefix<T extends { caseId: string }>(rows: readonly T[]): T[] {
  const seen = new Set<string>();
  const batch: T[] = [];
  for (const row of rows) {
    if (seen.has(row.caseId)) break;
    seen.add(row.caseId);
    batch.push(row);
  }
  return batch;
}

/** How many leading publishes succeeded; rows after the first failure are published again. */
export function ackedPrefixLength(results: readonly PromiseSettledResult<unknown>[]): number {
  const firstFailure = results.findIndex((result) => result.status === 'rejected');
  return firstFailure === -1 ? results.length : firstFailure;
}
