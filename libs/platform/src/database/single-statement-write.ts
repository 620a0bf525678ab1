import { EntityManager } from 'typeorm';

import { releaseClaim, takePendingClaim } from '../http/idempotency/idempotency-key';
import { queryPrepared } from './prepared-query';

/** One INSERT/UPDATE/DELETE with its own `$1..$n` placeholders. */
export interface SqlWrite {
  sql: string;
  params: readonly unknown[];
}

const PLACEHOLDER = /\$(\d+)\b/g;

/**
 * Joins independent writes into one statement, each as a data-modifying CTE. Postgres runs a
 * statement atomically, so this needs no BEGIN/COMMIT and costs one round trip where a
 * transaction of N writes costs N + 2: on the hot path that is most of the time spent.
 *
 * The writes share one snapshot: none may read a row another one writes (foreign keys are
 * still checked at the end of the statement, and do see them). A failing write (a unique
 * violation, a check) undoes them all. Fragments must not hold `$<digit>` inside literals.
 */
export function combineWrites(writes: readonly SqlWrite[]): SqlWrite {
  if (writes.length === 0) throw new Error('combineWrites needs at least one write');
  const params: unknown[] = [];
  const ctes = writes.map((write, index) => {
    const offset = params.length;
    params.push(...write.params);
    const sql = write.sql.replace(PLACEHOLDER, (_match, n: string) => {
      const position = Number(n);
      if (position < 1 || position > write.params.length) {
        throw new Error(`write ${index} uses $${position} but has ${write.params.length} parameters`);
      }
      return `$${position + offset}`;
    });
    return `w${index} AS (${sql})`;
  });
  return { sql: `WITH ${ctes.join(',\n')}\nSELECT 1 AS done`, params };
}

/**
 * Runs `writes` atomically in one round trip (see combineWrites), as a prepared statement. In a
 * POST with an Idempotency-Key, the key's claim joins the first such statement: the change and its
 * key commit together.
 */
export async function writeAtomically(manager: EntityManager, writes: readonly SqlWrite[]): Promise<void> {
  // Inside a transaction, the transaction carries the claim: its rollback gives it back.
  const carrier = manager.queryRunner?.isTransactionActive ? manager.queryRunner : {};
  const claim = takePendingClaim(carrier);
  const statement = combineWrites(claim ? [...writes, claim] : writes);
  try {
    await queryPrepared(manager, statement.sql, statement.params);
  } catch (error) {
    releaseClaim(carrier);
    throw error;
  }
}
