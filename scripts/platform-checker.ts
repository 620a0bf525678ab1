// The checker of the fault-injection run, in the manner of Jepsen: what the clients were told
// (acknowledged, refused, unknown) against what every service's database holds once the system
// has settled. A registration is identified by its Idempotency-Key (intake's idempotency_record).
import { Pool } from 'pg';

import type { Outcome } from './platform-load';
import type { ServiceName } from './platform-harness';

/** Each downstream service's copy of intake's cases, and the durable that fills it. */
export const CASE_COPIES: ReadonlyArray<{ service: ServiceName; table: string; durable: string }> = [
  { service: 'care', table: 'care_record', durable: 'care-intake-case' },
  { service: 'family-contact', table: 'family_record', durable: 'family-contact-intake-cases' },
  { service: 'legal-status', table: 'legal_record', durable: 'legal-status-intake-cases' },
  { service: 'repatriation', table: 'case_copy', durable: 'repatriation-intake-cases' },
  { service: 'statistics', table: 'stat_case', durable: 'statistics-intake' },
];

/** Rows a registration makes besides the copy (their keys forbid a second copy): a copy without them is half-written. */
const PER_CASE_ROWS: ReadonlyArray<{ service: ServiceName; table: string }> = [
  { service: 'care', table: 'care_need' },
];

export interface ClientRecord {
  key: string;
  outcome: Outcome;
}

export interface CheckReport {
  registrations: number;
  acknowledged: number;
  refused: number;
  unknown: number;
  unknownLanded: number;
  unknownAbsent: number;
  intakeCases: number;
  /** Acknowledged registrations missing from intake or from any downstream copy. */
  lost: string[];
  /** Records no registration explains: a case without a key of this run, a refused key that landed, a copy of a case intake does not have. */
  phantoms: string[];
  /** Events applied twice (inbox) or a registration's rows made twice. */
  duplicates: string[];
  /** Registrations present in part: a key without its case, a case without its person or its event, a copy without its rows. */
  halfWritten: string[];
  /** Per downstream service: cases it lacks and cases it has that intake lacks. */
  copies: Record<string, { cases: number; missing: number; extra: number }>;
  unpublishedOutbox: number;
  /** Dead-lettered events per downstream service (the poison messages end there). */
  deadLetters: Record<string, number>;
  converged: boolean;
}

export class PlatformChecker {
  private readonly pools = new Map<ServiceName, Pool>();

  constructor(private readonly urlOf: (service: ServiceName) => string) {}

  private pool(service: ServiceName): Pool {
    let pool = this.pools.get(service);
    if (!pool) {
      pool = new Pool({ connectionString: this.urlOf(service), max: 1 });
      // A database restarting under the checker is an error to retry, not a crash of the run.
      pool.on('error', () => undefined);
      this.pools.set(service, pool);
    }
    return pool;
  }

  private async column(service: ServiceName, sql: string, params: unknown[] = []): Promise<string[]> {
    const { rows } = await this.pool(service).query(sql, params);
    return rows.map((row) => String(Object.values(row)[0]));
  }

  /** Every downstream copy equals intake's set of cases and intake's outbox is empty. */
  public async converged(): Promise<boolean> {
    const intake = new Set(await this.column('intake', 'SELECT id FROM intake_case'));
    const [unpublished] = await this.column('intake', 'SELECT count(*) FROM outbox WHERE published_at IS NULL');
    if (Number(unpublished) > 0) return false;
    for (const copy of CASE_COPIES) {
      const cases = await this.column(copy.service, `SELECT case_id FROM ${copy.table}`);
      if (cases.length !== intake.size || cases.some((id) => !intake.has(id))) return false;
    }
    return true;
  }

  public async check(records: readonly ClientRecord[], poisonEventIds: ReadonlySet<string> = new Set()): Promise<CheckReport> {
    const lost: string[] = [];
    const phantoms: string[] = [];
    const duplicates: string[] = [];
    const halfWritten: string[] = [];

    const keys = new Map(
      (await this.pool('intake').query<{ idempotency_key: string; case_id: string }>('SELECT idempotency_key, case_id FROM idempotency_record')).rows.map((row) => [
        row.idempotency_key,
        row.case_id,
      ]),
    );
    const cases = new Map(
      (
        await this.pool('intake').query<{ id: string; person: string | null }>(
          'SELECT c.id, p.id AS person FROM intake_case c LEFT JOIN person p ON p.id = c.person_id',
        )
      ).rows.map((row) => [row.id, row.person]),
    );
    const registeredEvents = (
      await this.pool('intake').query<{ id: string; case_id: string }>(`SELECT id, case_id FROM outbox WHERE event_type = 'intake.case.registered'`)
    ).rows;
    const eventsPerCase = new Map<string, number>();
    for (const event of registeredEvents) eventsPerCase.set(event.case_id, (eventsPerCase.get(event.case_id) ?? 0) + 1);
    const intakeEventIds = await this.column('intake', 'SELECT id FROM outbox');
    const [unpublished] = await this.column('intake', 'SELECT count(*) FROM outbox WHERE published_at IS NULL');

    // Intake on its own: every case whole (person, one registered event, one key), every key a case.
    const caseOfKey = new Set(keys.values());
    for (const [caseId, person] of cases) {
      if (person === null) halfWritten.push(`intake case ${caseId} without its person`);
      const events = eventsPerCase.get(caseId) ?? 0;
      if (events === 0) halfWritten.push(`intake case ${caseId} without its registered event`);
      if (events > 1) duplicates.push(`intake case ${caseId} registered ${events} times in the outbox`);
      if (!caseOfKey.has(caseId)) phantoms.push(`intake case ${caseId} with no registration of this run`);
    }
    for (const [key, caseId] of keys) if (!cases.has(caseId)) halfWritten.push(`key ${key} without its case ${caseId}`);

    const copies: CheckReport['copies'] = {};
    const copySets = new Map<ServiceName, Set<string>>();
    for (const copy of CASE_COPIES) {
      const ids = await this.column(copy.service, `SELECT case_id FROM ${copy.table}`);
      const set = new Set(ids);
      copySets.set(copy.service, set);
      if (set.size !== ids.length) duplicates.push(`${copy.service}: ${ids.length - set.size} cases copied twice`);
      const missing = [...cases.keys()].filter((id) => !set.has(id));
      const extra = ids.filter((id) => !cases.has(id));
      for (const id of extra) phantoms.push(`${copy.service} has case ${id}, which intake does not`);
      copies[copy.service] = { cases: set.size, missing: missing.length, extra: extra.length };
      // The inbox: each event applied once per durable, and every intake event seen by it.
      const inbox = await this.pool(copy.service).query<{ event_id: string; n: string }>(
        'SELECT event_id, count(*) AS n FROM inbox WHERE consumer = $1 GROUP BY event_id',
        [copy.durable],
      );
      for (const row of inbox.rows) if (Number(row.n) > 1) duplicates.push(`${copy.service}: event ${row.event_id} applied ${row.n} times`);
      const seen = new Set(inbox.rows.map((row) => row.event_id));
      const known = new Set(intakeEventIds);
      for (const row of inbox.rows) {
        if (!known.has(row.event_id) && !poisonEventIds.has(row.event_id)) phantoms.push(`${copy.service}: inbox has event ${row.event_id}, which intake never wrote`);
      }
      const unseen = intakeEventIds.filter((id) => !seen.has(id)).length;
      if (unseen > 0 && missing.length === 0) halfWritten.push(`${copy.service}: ${unseen} intake events never reached ${copy.durable}'s inbox`);
    }
    for (const rows of PER_CASE_ROWS) {
      const { rows: counts } = await this.pool(rows.service).query<{ case_id: string; n: string }>(
        `SELECT case_id, count(*) AS n FROM ${rows.table} GROUP BY case_id`,
      );
      const byCase = new Map(counts.map((row) => [row.case_id, Number(row.n)]));
      for (const caseId of copySets.get(rows.service) ?? []) {
        const n = byCase.get(caseId) ?? 0;
        if (n === 0) halfWritten.push(`${rows.service}: case ${caseId} without its ${rows.table} rows`);
      }
    }

    // The clients' view against the databases.
    let acknowledged = 0;
    let refused = 0;
    let unknown = 0;
    let unknownLanded = 0;
    let unknownAbsent = 0;
    const wholeEverywhere = (caseId: string) => cases.has(caseId) && CASE_COPIES.every((copy) => copySets.get(copy.service)?.has(caseId));
    const absentEverywhere = (caseId: string) => !cases.has(caseId) && CASE_COPIES.every((copy) => !copySets.get(copy.service)?.has(caseId));
    for (const record of records) {
      const caseId = keys.get(record.key);
      if (record.outcome.kind === 'acknowledged') {
        acknowledged += 1;
        if (caseId !== record.outcome.caseId) lost.push(`${record.key}: acknowledged as ${record.outcome.caseId}, intake has ${caseId ?? 'nothing'}`);
        else if (!wholeEverywhere(caseId)) {
          const lacking = CASE_COPIES.filter((copy) => !copySets.get(copy.service)?.has(caseId)).map((copy) => copy.service);
          lost.push(`${record.key}: case ${caseId} missing from ${lacking.join(', ')}`);
        }
      } else if (record.outcome.kind === 'refused') {
        refused += 1;
        if (caseId) phantoms.push(`${record.key}: refused (HTTP ${record.outcome.status}) but case ${caseId} exists`);
      } else {
        unknown += 1;
        if (!caseId) unknownAbsent += 1;
        else if (wholeEverywhere(caseId)) unknownLanded += 1;
        else if (!absentEverywhere(caseId)) halfWritten.push(`${record.key}: outcome unknown and case ${caseId} only partly there`);
      }
    }
    const sentKeys = new Set(records.map((record) => record.key));
    for (const key of keys.keys()) if (!sentKeys.has(key)) phantoms.push(`key ${key} that no client sent`);

    const deadLetters: Record<string, number> = {};
    for (const copy of CASE_COPIES) {
      const [n] = await this.column(copy.service, 'SELECT count(*) FROM dead_letter');
      deadLetters[copy.service] = Number(n);
    }

    return {
      registrations: records.length,
      acknowledged,
      refused,
      unknown,
      unknownLanded,
      unknownAbsent,
      intakeCases: cases.size,
      lost,
      phantoms,
      duplicates,
      halfWritten,
      copies,
      unpublishedOutbox: Number(unpublished),
      deadLetters,
      converged: await this.converged(),
    };
  }

  public async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.end().catch(() => undefined)));
    this.pools.clear();
  }
}
