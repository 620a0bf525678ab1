// What the services wrote, in commit order, read from PostgreSQL's write-ahead log by logical decoding.
import { Client } from 'pg';

import { PrivatePostgres } from './private-postgres';

/** One row change a service committed, as logical decoding reports it. */
export interface EffectChange {
  /** Position in its database's commit order: transactions in commit order, a transaction's changes in statement order. */
  position: number;
  xid: string;
  table: string;
  op: 'INSERT' | 'UPDATE' | 'DELETE';
  /** Column values as text (null for SQL NULL), as the change carries them. */
  values: Record<string, string | null>;
}

/** `name[type]:value` of test_decoding's output; a value is quoted (quotes doubled inside) or a bare word. */
const DECODED_COLUMN = /(?:^|\s)([a-z_][a-z0-9_]*)\[[^\]]*(?:\[\])?\]:('(?:[^']|'')*'|\S+)/g;

export function parseDecodedChange(data: string): Omit<EffectChange, 'position' | 'xid'> | undefined {
  const head = /^table public\.([a-z0-9_]+): (INSERT|UPDATE|DELETE): (.*)$/s.exec(data);
  if (!head) return undefined;
  const values: Record<string, string | null> = {};
  for (const [, column, raw] of head[3].matchAll(DECODED_COLUMN)) {
    values[column] = raw === 'null' ? null : raw.startsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : raw;
  }
  return { table: head[1], op: head[2] as EffectChange['op'], values };
}

/**
 * What the services committed to chosen tables, read back in commit order from PostgreSQL's
 * write-ahead log (logical decoding, the test_decoding plugin, one slot per database created
 * before the first migration). It is the database's own record of every committed write, so it
 * shows what a handler did (twice, out of order, not at all) whatever the consumer that ran it
 * believes. Reads consume the slot: a read cut by a server stop could lose what it consumed, so
 * a stop of PostgreSQL waits for the read under way (`exclusive`). A read after a crash may see
 * transactions again (the slot's position is saved at checkpoints): they are told apart by xid.
 */
export class EffectRecorder {
  private readonly changes = new Map<string, EffectChange[]>();
  private readonly recordedXids = new Map<string, Set<string>>();
  private lock: Promise<unknown> = Promise.resolve();
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  public failedReads = 0;

  constructor(
    private readonly postgres: PrivatePostgres,
    /** Tables to record, per database. */
    private readonly watched: ReadonlyMap<string, readonly string[]>,
  ) {
    for (const database of watched.keys()) {
      this.changes.set(database, []);
      this.recordedXids.set(database, new Set());
    }
  }

  private static slot(database: string): string {
    return `chaos_effects_${database}`;
  }

  /** Creates each database's slot; run before anything writes to it. */
  public async createSlots(): Promise<void> {
    for (const database of this.watched.keys()) {
      const client = new Client({ connectionString: this.postgres.url(database) });
      await client.connect();
      try {
        await client.query(`SELECT pg_create_logical_replication_slot($1, 'test_decoding')`, [EffectRecorder.slot(database)]);
      } finally {
        await client.end();
      }
    }
  }

  /** Runs `action` while no slot is being read. */
  public exclusive<T>(action: () => Promise<T>): Promise<T> {
    const run = this.lock.then(action, action);
    this.lock = run.catch(() => undefined);
    return run;
  }

  /** Reads what every database committed since the last read. */
  public read(): Promise<void> {
    return this.exclusive(async () => {
      for (const database of this.watched.keys()) await this.readDatabase(database);
    });
  }

  /** Reads in the background, so that the slots hold back little of the log. */
  public start(intervalMs: number): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        await this.read().catch(() => {
          // PostgreSQL is down or restarting: the next read takes up where this one could not.
          this.failedReads += 1;
        });
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, intervalMs).unref();
        });
      }
    })();
  }

  public async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Changes to the watched tables of one database, in commit order. */
  public changesOf(database: string): readonly EffectChange[] {
    return this.changes.get(database) ?? [];
  }

  private async readDatabase(database: string): Promise<void> {
    const tables = this.watched.get(database) ?? [];
    const client = new Client({ connectionString: this.postgres.url(database), connectionTimeoutMillis: 2_000 });
    await client.connect();
    let rows: Array<{ xid: string; data: string }>;
    try {
      ({ rows } = await client.query<{ xid: string; data: string }>(
        `SELECT xid::text AS xid, data FROM pg_logical_slot_get_changes($1, NULL, NULL, 'include-xids', '1', 'skip-empty-xacts', '1')
          WHERE data LIKE 'COMMIT%' OR split_part(data, ':', 1) = ANY ($2::text[])`,
        [EffectRecorder.slot(database), tables.map((table) => `table public.${table}`)],
      ));
    } finally {
      await client.end().catch(() => undefined);
    }
    const recorded = this.recordedXids.get(database) as Set<string>;
    const changes = this.changes.get(database) as EffectChange[];
    let open: Array<Omit<EffectChange, 'position' | 'xid'>> = [];
    for (const row of rows) {
      if (row.data.startsWith('COMMIT')) {
        if (open.length > 0 && !recorded.has(row.xid)) {
          recorded.add(row.xid);
          for (const change of open) changes.push({ ...change, xid: row.xid, position: changes.length });
        }
        open = [];
        continue;
      }
      const change = parseDecodedChange(row.data);
      if (change) open.push(change);
    }
  }
}