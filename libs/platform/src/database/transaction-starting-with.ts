import { escapeLiteral, PoolClient, QueryResult, QueryResultRow } from 'pg';
import { DataSource, EntityManager, QueryFailedError, QueryRunner } from 'typeorm';

/** What TypeORM's startTransaction sends: held back and sent in front of the first statement. */
const TRANSACTION_START = /^(START TRANSACTION|SET TRANSACTION )/;

/**
 * A value written into SQL text, for `transactionStartingWith`'s first statement (a simple query
 * takes no parameters): strings are quoted and escaped, numbers must be safe integers.
 */
export function sqlLiteral(value: string | number): string {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`sqlLiteral takes safe integers, got ${value}`);
    return String(value);
  }
  return escapeLiteral(value);
}

/**
 * Starts `runner`'s transaction and runs `firstStatement` in it in one round trip, and returns
 * the statement's rows. TypeORM sends START TRANSACTION on its own and waits for the answer: on
 * a short transaction (a consumer's: begin, inbox, one or two writes, commit) that is a fifth of
 * its round trips, each a socket write and a wake-up of both processes. Here what
 * startTransaction sends is held back and goes in front of `firstStatement`, as one simple
 * query; TypeORM's state and its transaction events are as usual. `firstStatement` takes no
 * parameters: write values with `sqlLiteral`.
 */
async function startTransactionWith<T extends QueryResultRow = QueryResultRow>(
  runner: QueryRunner,
  firstStatement: string,
): Promise<T[]> {
  const held: string[] = [];
  const query = runner.query.bind(runner);
  runner.query = (async (sql: string, ...rest: unknown[]) => {
    if (TRANSACTION_START.test(sql)) {
      held.push(sql);
      return undefined;
    }
    // Anything else sent meanwhile (a subscriber of the transaction's start) goes after what it holds.
    if (held.length > 0) await query(held.splice(0).join(';\n'));
    return (query as (...args: unknown[]) => Promise<unknown>)(sql, ...rest);
  }) as QueryRunner['query'];
  try {
    await runner.startTransaction();
  } finally {
    runner.query = Object.getPrototypeOf(runner).query;
  }
  const sql = [...held, firstStatement].join(';\n');
  const client = (await runner.connect()) as PoolClient;
  try {
    const results = (await client.query<T>(sql)) as QueryResult<T> | QueryResult<T>[];
    const last = Array.isArray(results) ? results[results.length - 1] : results;
    return last?.rows ?? [];
  } catch (error) {
    // The same error as manager.query's, so callers handle one shape (`driverError.code`).
    throw new QueryFailedError(sql, [], error as Error);
  }
}

/**
 * `dataSource.transaction(work)`, with `firstStatement` sent with the transaction's start (see
 * startTransactionWith); `work` gets its rows. Commits when `work` resolves, rolls back when
 * anything throws.
 */
export async function transactionStartingWith<R, T extends QueryResultRow = QueryResultRow>(
  dataSource: DataSource,
  firstStatement: string,
  work: (manager: EntityManager, firstRows: T[]) => Promise<R>,
): Promise<R> {
  const runner = dataSource.createQueryRunner();
  try {
    const firstRows = await startTransactionWith<T>(runner, firstStatement);
    const result = await work(runner.manager, firstRows);
    await runner.commitTransaction();
    return result;
  } catch (error) {
    // The first error is the one that counts, as in dataSource.transaction.
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}
