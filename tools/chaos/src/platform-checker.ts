// The checker of the fault-injection run, in the manner of Jepsen: what the clients were told
// (acknowledged, refused, unknown) against what every service's database holds once the system
// has settled. A registration is identified by its Idempotency-Key (intake's idempotency_key, libs/platform).
//
// Order per case (ARCHITECTURE.md, Messaging) is judged from evidence that owes nothing to the
// mechanism it judges (the consumers' inbox, case cursors, parked events):
// - what each consumer's handler wrote, in commit order: PostgreSQL's write-ahead log, read back by
//   logical decoding (EffectRecorder). Each write is tied to the event that caused it by what the
//   row carries: the copy's `intake_case_version`, a fact's `event_id`, or, for a row rewritten by
//   every event of its case, the number of writes;
// - the producers' outboxes (every event of every stream, its case and version): the source;
// - the final state of intake's cases and legal-status's records: what every copy must equal.
// The inbox and cursors only say when to look (convergence) and which cases are visibly held
// back (dead letters, parked events): they excuse a missing fact, they never prove one.
import { Pool } from 'pg';

import { streamName } from '@opis/contracts-envelope';
import { caseRegisteredV2 } from '@opis/contracts-intake';
import { PLATFORM_SERVICES } from '@opis/platform-services';
import { CASE_COPIES, CheckReport, ClientRecord, CONSUMER_EVIDENCE, ConsumerEvidence, ConsumerFigures, IntakeCase, PER_CASE_ROWS, Producer, PRODUCERS, SourceEvent, typeOf } from '@opis/platform-tools';
import type { EffectChange, HarnessServiceName } from '@opis/platform-tools';

import { judgeConsumer } from './platform-checker/consumer-verdict';
import { judgeStaleness } from './platform-checker/staleness-verdict';

export class PlatformChecker {
  private readonly pools = new Map<HarnessServiceName, Pool>();

  constructor(
    private readonly urlOf: (service: HarnessServiceName) => string,
    /** The committed writes of a service's database (EffectRecorder); without them, the verdicts on order per case cannot be given. */
    private readonly effectsOf?: (service: HarnessServiceName) => readonly EffectChange[],
  ) {
    const provisioned = new Set(PLATFORM_SERVICES.flatMap((service) => service.consumers.map((consumer) => `${service.name}/${consumer.durable}`)));
    for (const consumer of CONSUMER_EVIDENCE) {
      if (!provisioned.has(`${consumer.service}/${consumer.group}`)) throw new Error(`the checker expects durable ${consumer.group} in ${consumer.service}, which is not provisioned`);
    }
  }

  private pool(service: HarnessServiceName): Pool {
    let pool = this.pools.get(service);
    if (!pool) {
      pool = new Pool({ connectionString: this.urlOf(service), max: 1 });
      // A database restarting under the checker is an error to retry, not a crash of the run.
      pool.on('error', () => undefined);
      this.pools.set(service, pool);
    }
    return pool;
  }

  private async rows<T extends object>(service: HarnessServiceName, sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool(service).query<T>(sql, params)).rows;
  }

  private async column(service: HarnessServiceName, sql: string, params: unknown[] = []): Promise<string[]> {
    const { rows } = await this.pool(service).query(sql, params);
    return rows.map((row) => String(Object.values(row)[0]));
  }

  /** Every published event of a producer's stream, by case in version order. */
  private async sourceEvents(producer: Producer): Promise<SourceEvent[]> {
    const rows = await this.rows<{ id: string; case_id: string; case_version: string; event_type: string; contract_version: number; data: Record<string, unknown>; office: string }>(
      producer,
      `SELECT id, case_id, case_version::text AS case_version, event_type, (payload->>'version')::int AS contract_version, payload->'data' AS data, payload->>'officeCode' AS office
         FROM outbox WHERE published_at IS NOT NULL ORDER BY case_id, case_version`,
    );
    return rows.map((row) => ({
      id: row.id,
      caseId: row.case_id,
      version: Number(row.case_version),
      type: row.event_type,
      contractVersion: row.contract_version,
      data: row.data ?? {},
      officeCode: row.office,
    }));
  }

  /** Per case, the lowest version visibly held back at a consumer: an open dead letter, or a parked event waiting for its predecessor. */
  private async heldFrom(consumer: ConsumerEvidence): Promise<Map<string, number>> {
    const rows = await this.rows<{ case_id: string; version: string }>(
      consumer.service,
      `SELECT case_id, min(version)::text AS version FROM (
         SELECT case_id, case_version AS version FROM dead_letter WHERE consumer_group = $1 AND resolved_at IS NULL AND case_id IS NOT NULL
         UNION ALL
         -- A parked event waits for the version before it, which is what is held back.
         SELECT case_id, case_version - 1 FROM consumer_pending_event WHERE consumer = $1) held
       GROUP BY case_id`,
      [consumer.group],
    );
    return new Map(rows.map((row) => [row.case_id, Number(row.version)]));
  }

  /**
   * Whether the system has settled: every producer's outbox published (or set aside), and every
   * consumer has taken every case to its latest version or holds it back visibly. Only a wait
   * condition: the verdicts do not rely on it.
   */
  public async converged(): Promise<boolean> {
    return (await this.waitingFor()) === null;
  }

  /** What the system still waits for (null once settled). */
  public async waitingFor(): Promise<string | null> {
    const latest = new Map<Producer, Map<string, number>>();
    for (const producer of PRODUCERS) {
      const [unpublished] = await this.column(producer, 'SELECT count(*) FROM outbox WHERE published_at IS NULL AND dead_lettered_at IS NULL');
      if (Number(unpublished) > 0) return `${unpublished} unpublished events in ${producer}'s outbox`;
      const rows = await this.rows<{ case_id: string; version: string }>(
        producer,
        'SELECT case_id, max(case_version)::text AS version FROM outbox WHERE published_at IS NOT NULL GROUP BY case_id',
      );
      latest.set(producer, new Map(rows.map((row) => [row.case_id, Number(row.version)])));
    }
    // The services the checker holds to their sources; others (notifications) keep no case copy
    // and need not run beside it.
    const checked = new Set<HarnessServiceName>(CONSUMER_EVIDENCE.map((consumer) => consumer.service));
    for (const service of PLATFORM_SERVICES.filter((candidate) => checked.has(candidate.name))) {
      for (const spec of service.consumers) {
        const producer = PRODUCERS.find((name) => streamName(name) === spec.stream);
        if (!producer) continue;
        const cursors = await this.rows<{ case_id: string; version: string }>(
          service.name,
          'SELECT case_id, applied_version::text AS version FROM consumer_case_cursor WHERE consumer = $1',
          [spec.durable],
        );
        const applied = new Map(cursors.map((row) => [row.case_id, Number(row.version)]));
        const held = await this.heldFrom({ service: service.name, group: spec.durable, stream: producer, evidence: [] });
        let behind = 0;
        for (const [caseId, version] of latest.get(producer) ?? []) {
          if ((applied.get(caseId) ?? 0) < version && !held.has(caseId)) behind += 1;
        }
        if (behind > 0) return `${service.name}/${spec.durable}: ${behind} cases behind ${producer}`;
      }
    }
    return null;
  }

  public async check(records: readonly ClientRecord[], poisonEventIds: ReadonlySet<string> = new Set()): Promise<CheckReport> {
    const lost: string[] = [];
    const phantoms: string[] = [];
    const duplicates: string[] = [];
    const halfWritten: string[] = [];
    const outOfOrder: string[] = [];
    const stale: string[] = [];
    const lostFacts: string[] = [];

    const keys = new Map(
      (
        await this.rows<{ idempotency_key: string; case_id: string }>(
          'intake',
          'SELECT idempotency_key, response_case_id AS case_id FROM idempotency_key WHERE response_case_id IS NOT NULL',
        )
      ).map((row) => [
        row.idempotency_key,
        row.case_id,
      ]),
    );
    const cases = new Map(
      (
        await this.rows<IntakeCase & { person: string | null }>(
          'intake',
          `SELECT c.id, c.office_code, c.age_band, c.accompaniment, c.protection_need_indicated, c.trafficking_indicators, c.medical_emergency,
                  c.disability, c.pregnant, (extract(epoch FROM c.procuraduria_notified_at) * 1000)::bigint::text AS procuraduria_notified_ms,
                  c.person_id, p.id AS person, p.sex, p.nationality
             FROM intake_case c LEFT JOIN person p ON p.id = c.person_id`,
        )
      ).map((row) => [row.id, row]),
    );
    const sources = new Map<Producer, SourceEvent[]>();
    for (const producer of PRODUCERS) sources.set(producer, await this.sourceEvents(producer));
    const intakeEvents = sources.get('intake') as SourceEvent[];
    const [unpublished] = await this.column('intake', 'SELECT count(*) FROM outbox WHERE published_at IS NULL');

    // Intake on its own: every case whole (person, one registered event of each version, one key), every key a case.
    const registeredPerCase = new Map<string, number>();
    const isRegistration = (event: SourceEvent) => event.type === typeOf(caseRegisteredV2) && event.contractVersion === caseRegisteredV2.name.version;
    for (const event of intakeEvents) if (isRegistration(event)) registeredPerCase.set(event.caseId, (registeredPerCase.get(event.caseId) ?? 0) + 1);
    const caseOfKey = new Set(keys.values());
    for (const [caseId, row] of cases) {
      if (row.person === null) halfWritten.push(`intake case ${caseId} without its person`);
      const events = registeredPerCase.get(caseId) ?? 0;
      if (events === 0) halfWritten.push(`intake case ${caseId} without its registered event`);
      if (events > 1) duplicates.push(`intake case ${caseId} registered ${events} times in the outbox`);
      if (!caseOfKey.has(caseId)) phantoms.push(`intake case ${caseId} with no registration of this run`);
    }
    for (const [key, caseId] of keys) if (!cases.has(caseId)) halfWritten.push(`key ${key} without its case ${caseId}`);

    // Cases visibly held back at each consumer (open dead letters, parked events): excused, and counted.
    const heldAt = new Map<string, Map<string, number>>();
    for (const consumer of CONSUMER_EVIDENCE) heldAt.set(consumer.group, await this.heldFrom(consumer));
    const isHeld = (group: string, caseId: string) => heldAt.get(group)?.has(caseId) ?? false;

    // Every copy holds every case, and no other.
    const copies: CheckReport['copies'] = {};
    const copySets = new Map<HarnessServiceName, Set<string>>();
    for (const copy of CASE_COPIES) {
      const ids = await this.column(copy.service, `SELECT case_id FROM ${copy.table}`);
      const set = new Set(ids);
      copySets.set(copy.service, set);
      const missing = [...cases.keys()].filter((id) => !set.has(id));
      const extra = ids.filter((id) => !cases.has(id));
      for (const id of extra) phantoms.push(`${copy.service} has case ${id}, which intake does not`);
      copies[copy.service] = { cases: set.size, missing: missing.length, extra: extra.length, held: missing.filter((id) => isHeld(copy.durable, id)).length };
    }
    for (const rows of PER_CASE_ROWS) {
      const counts = await this.rows<{ case_id: string; n: string }>(rows.service, `SELECT case_id, count(*) AS n FROM ${rows.table} GROUP BY case_id`);
      const byCase = new Map(counts.map((row) => [row.case_id, Number(row.n)]));
      for (const caseId of copySets.get(rows.service) ?? []) {
        if ((byCase.get(caseId) ?? 0) === 0) halfWritten.push(`${rows.service}: case ${caseId} without its ${rows.table} rows`);
      }
    }

    // The clients' view against the databases.
    let acknowledged = 0;
    let refused = 0;
    let unknown = 0;
    let unknownLanded = 0;
    let unknownAbsent = 0;
    // A copy that lacks the case because its registration is visibly held back there (a dead letter) is not a loss: it waits for an operator.
    const wholeEverywhere = (caseId: string) =>
      cases.has(caseId) && CASE_COPIES.every((copy) => copySets.get(copy.service)?.has(caseId) || isHeld(copy.durable, caseId));
    const absentEverywhere = (caseId: string) => !cases.has(caseId) && CASE_COPIES.every((copy) => !copySets.get(copy.service)?.has(caseId));
    for (const record of records) {
      const caseId = keys.get(record.key);
      if (record.outcome.kind === 'acknowledged') {
        acknowledged += 1;
        if (caseId !== record.outcome.caseId) lost.push(`${record.key}: acknowledged as ${record.outcome.caseId}, intake has ${caseId ?? 'nothing'}`);
        else if (!wholeEverywhere(caseId)) {
          const lacking = CASE_COPIES.filter((copy) => !copySets.get(copy.service)?.has(caseId) && !isHeld(copy.durable, caseId)).map((copy) => copy.service);
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

    // Order per case, once, nothing lost: each consumer's effects against its stream's versions.
    const consumers: Record<string, ConsumerFigures> = {};
    const held: Record<string, number> = {};
    const eventById = new Map<string, SourceEvent & { stream: Producer }>();
    for (const [stream, events] of sources) for (const event of events) eventById.set(event.id, { ...event, stream });
    const effectChanges: Record<string, number> = {};
    if (this.effectsOf) {
      const unknownEventIds = new Set<string>();
      for (const consumer of CONSUMER_EVIDENCE) {
        const changes = this.effectsOf(consumer.service);
        effectChanges[consumer.service] = changes.length;
        const heldFrom = heldAt.get(consumer.group) as Map<string, number>;
        // Cases of its stream only: a poison message's dead letter may name a case no producer has.
        const streamCases = new Set((sources.get(consumer.stream) as SourceEvent[]).map((event) => event.caseId));
        held[consumer.group] = [...heldFrom.keys()].filter((caseId) => streamCases.has(caseId)).length;
        const figures = judgeConsumer(consumer, sources.get(consumer.stream) as SourceEvent[], eventById, changes, heldFrom, {
          outOfOrder,
          duplicates,
          lostFacts,
          phantoms,
          unknownEventIds,
        });
        consumers[consumer.group] = figures;
      }
      for (const id of unknownEventIds) if (!poisonEventIds.has(id)) phantoms.push(`a fact of event ${id}, which no producer wrote`);
    }

    // Stale: every copy's final content against its source's final state, field by field.
    await judgeStaleness(this.rows.bind(this), cases, intakeEvents, sources.get('legal-status') as SourceEvent[], isHeld, stale);

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
      events: Object.fromEntries([...sources].map(([producer, events]) => [producer, events.length])),
      lost,
      phantoms,
      duplicates,
      halfWritten,
      outOfOrder,
      stale,
      lostFacts,
      held,
      consumers,
      copies,
      unpublishedOutbox: Number(unpublished),
      deadLetters,
      effectChanges,
      converged: await this.converged(),
    };
  }

  public async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.end().catch(() => undefined)));
    this.pools.clear();
  }
}
