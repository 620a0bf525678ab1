// Work recorded without a connection (a registration, a care delivery, a call) waits here, sealed
// by the Vault, each with the Idempotency-Key it will be sent with: a retry after a lost answer is
// the same request to the service, never a second case or a second meal. Sync sends the oldest
// first; a refusal (conflict, validation, a state that moved on) is kept and shown to the officer
// with the service's problem, never dropped or overwritten.
import { ApiCall, ApiError, OfflineError, Problem, ServiceName } from '../api/client';
import { Vault } from './vault';

const PREFIX = 'outbox/';

export type OutboxKind = 'register' | 'delivery' | 'call' | 'health-screening';

export interface OutboxEntry {
  id: string;
  kind: OutboxKind;
  /** What the officer recognises it by (a name, a case number). */
  label: string;
  service: ServiceName;
  method: 'POST' | 'PUT';
  path: string;
  body: unknown;
  idempotencyKey: string;
  /** Milliseconds since the epoch; sync sends in this order. */
  createdAt: number;
  state: 'pending' | 'conflict';
  problem?: Problem;
}

export interface SyncedEntry {
  entry: OutboxEntry;
  result: unknown;
}

export interface SyncReport {
  synced: SyncedEntry[];
  conflicts: OutboxEntry[];
  /** Why sync stopped before the end: no connection, a sign-in needed, the service busy. */
  stoppedBy?: 'offline' | 'unauthorized' | 'unavailable';
}

/** Statuses that a retry of the same request cannot change: the officer has to look. */
function isConflict(status: number): boolean {
  return status >= 400 && status < 500 && status !== 401 && status !== 408 && status !== 429;
}

export class Outbox {
  constructor(private readonly vault: Vault) {}

  public async add(entry: Omit<OutboxEntry, 'id' | 'createdAt' | 'state'>): Promise<OutboxEntry> {
    const full: OutboxEntry = { ...entry, id: crypto.randomUUID(), createdAt: Date.now(), state: 'pending' };
    await this.vault.put(`${PREFIX}${String(full.createdAt).padStart(15, '0')}-${full.id}`, full);
    return full;
  }

  public async list(): Promise<OutboxEntry[]> {
    return (await this.vault.entries<OutboxEntry>(PREFIX)).sort((a, b) => a.createdAt - b.createdAt);
  }

  public remove(entry: OutboxEntry): Promise<void> {
    return this.vault.delete(this.keyOf(entry));
  }

  /** The officer looked at a conflict and asks to send it again as it is. */
  public async retry(entry: OutboxEntry): Promise<void> {
    await this.vault.put(this.keyOf(entry), { ...entry, state: 'pending', problem: undefined });
  }

  public async sync(call: ApiCall): Promise<SyncReport> {
    const report: SyncReport = { synced: [], conflicts: [] };
    for (const entry of await this.list()) {
      if (entry.state === 'conflict') {
        report.conflicts.push(entry);
        continue;
      }
      try {
        const result = await call(entry.service, entry.path, { method: entry.method, body: entry.body, idempotencyKey: entry.idempotencyKey });
        await this.remove(entry);
        report.synced.push({ entry, result });
      } catch (error) {
        if (error instanceof OfflineError) return { ...report, stoppedBy: 'offline' };
        if (!(error instanceof ApiError)) throw error;
        const status = error.problem.status;
        if (status === 401) return { ...report, stoppedBy: 'unauthorized' };
        if (!isConflict(status)) return { ...report, stoppedBy: 'unavailable' };
        const conflict: OutboxEntry = { ...entry, state: 'conflict', problem: error.problem };
        await this.vault.put(this.keyOf(entry), conflict);
        report.conflicts.push(conflict);
      }
    }
    return report;
  }

  private keyOf(entry: OutboxEntry): string {
    return `${PREFIX}${String(entry.createdAt).padStart(15, '0')}-${entry.id}`;
  }
}
