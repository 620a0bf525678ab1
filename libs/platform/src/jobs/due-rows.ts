/**
 * How a deadline scanner claims what is due, written once: the rows of the instance's offices whose
 * due time has come, oldest first, locked for this transaction. SKIP LOCKED lets several instances
 * scan together: each row goes to one of them, and a row another holds is left for its next run.
 */
export interface DueRows {
  /** The columns read, e.g. `n.case_id, n.need, n.due_at, r.office_code`. */
  select: string;
  /** The tables, with their aliases and joins. */
  from: string;
  /** What keeps a row waiting: not met, not raised yet. */
  pending: string;
  /** The due time's column, e.g. `n.due_at`. */
  dueAt: string;
  /** The office's column, e.g. `r.office_code`. */
  office: string;
  /** The alias of the table whose rows are claimed (only those are locked). */
  claimed: string;
}

/** The statement for `manager.query(sql, [now, offices, limit])`. */
export function dueRowsSql(rows: DueRows): string {
  return `SELECT ${rows.select}
  FROM ${rows.from}
 WHERE ${rows.pending}
   AND ${rows.dueAt} <= $1
   AND ${rows.office} = ANY($2::text[])
 ORDER BY ${rows.dueAt}
 LIMIT $3
 FOR UPDATE OF ${rows.claimed} SKIP LOCKED`;
}
