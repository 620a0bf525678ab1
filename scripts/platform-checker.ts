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

import { EventContract, eventType, streamName } from '@opis/contracts-envelope';
import { callLoggedV1 } from '@opis/contracts-family-contact';
import {
  caseRegisteredV2,
  caseTransferredV1,
  caseUpdatedV1,
  channelledToDifV1,
  procuraduriaNotifiedV1,
} from '@opis/contracts-intake';
import {
  bestInterestsRecordedV1,
  childInformedV1,
  informOverdueV1,
  lockChangedV1,
  protectionChangedV1,
  protectionClaimedIn,
  ProtectionStatus,
} from '@opis/contracts-legal-status';

import type { EffectChange, ServiceName } from './platform-harness';
import type { Outcome } from './platform-load';
import { PLATFORM_SERVICES } from './platform-services';

/** Each downstream service's copy of intake's cases, and the durable that fills it. */
export const CASE_COPIES: ReadonlyArray<{ service: ServiceName; table: string; durable: string }> = [
  { service: 'care', table: 'care_record', durable: 'care-intake-case' },
  { service: 'family-contact', table: 'family_record', durable: 'family-contact-intake-cases' },
  { service: 'legal-status', table: 'legal_record', durable: 'legal-status-intake-cases' },
  { service: 'repatriation', table: 'case_copy', durable: 'repatriation-intake-cases' },
  { service: 'statistics', table: 'stat_case', durable: 'statistics-intake' },
];

/** Rows a registration makes besides the copy (their keys forbid a second copy): a copy without them is half-written. */
const PER_CASE_ROWS: ReadonlyArray<{ service: ServiceName; table: string }> = [{ service: 'care', table: 'care_need' }];

type Producer = 'intake' | 'legal-status' | 'family-contact';
const PRODUCERS: readonly Producer[] = ['intake', 'legal-status', 'family-contact'];

const typeOf = (contract: EventContract) => eventType(contract.name);
/** The intake events every copy of a case applies (libs/case-copy: registered, corrected, transferred). */
const COPY_TYPES = [caseRegisteredV2, caseUpdatedV1, caseTransferredV1].map(typeOf);

/**
 * How a consumer's applications show in its database:
 * - `version`: a copy row carrying the producer's version it applied last; an application is a
 *   write that changes it (a write that leaves it is the service's own, e.g. an API call);
 * - `event-id`: one write per event, naming the event (`event_id`);
 * - `count`: one write per event to the case's row, which names neither: only their number says.
 * `types`: the events that leave that evidence (`when`: only those whose data passes).
 */
type Evidence =
  | { kind: 'version'; table: string; column: string; types: readonly string[] }
  | { kind: 'event-id'; table: string; types: readonly string[] }
  | { kind: 'count'; table: string; types: readonly string[]; when?: (type: string, data: Record<string, unknown>) => boolean };

interface ConsumerEvidence {
  service: ServiceName;
  /** The logical consumer (its durable; per-office durables share it): names its dead letters and parked events. */
  group: string;
  stream: Producer;
  evidence: readonly Evidence[];
}

/** What each consumer's handler leaves behind, per event it acts on (read from the services' handlers and migrations). */
export const CONSUMER_EVIDENCE: readonly ConsumerEvidence[] = [
  { service: 'care', group: 'care-intake-case', stream: 'intake', evidence: [{ kind: 'version', table: 'care_record', column: 'intake_case_version', types: COPY_TYPES }] },
  {
    service: 'family-contact',
    group: 'family-contact-intake-cases',
    stream: 'intake',
    evidence: [{ kind: 'version', table: 'family_record', column: 'intake_case_version', types: COPY_TYPES }],
  },
  {
    service: 'family-contact',
    group: 'family-contact-legal-protection',
    stream: 'legal-status',
    // Rewritten by each protection change of the case, naming the event.
    evidence: [{ kind: 'event-id', table: 'case_protection', types: [typeOf(protectionChangedV1)] }],
  },
  {
    service: 'legal-status',
    group: 'legal-status-intake-cases',
    stream: 'intake',
    // Legal-status's copy also follows the Procuraduría's notification and the DIF hand-over.
    evidence: [
      { kind: 'version', table: 'legal_record', column: 'intake_case_version', types: [...COPY_TYPES, typeOf(procuraduriaNotifiedV1), typeOf(channelledToDifV1)] },
    ],
  },
  {
    service: 'repatriation',
    group: 'repatriation-intake-cases',
    stream: 'intake',
    evidence: [{ kind: 'version', table: 'case_copy', column: 'intake_case_version', types: COPY_TYPES }],
  },
  {
    service: 'repatriation',
    group: 'repatriation-legal-status',
    stream: 'legal-status',
    // One upsert of the case's legal_copy row per lock, protection change, plan-type best-interests record and return-process session.
    evidence: [
      {
        kind: 'count',
        table: 'legal_copy',
        types: [lockChangedV1, protectionChangedV1, bestInterestsRecordedV1, childInformedV1].map(typeOf),
        when: (type, data) =>
          (type !== typeOf(bestInterestsRecordedV1) || data.recordType === 'PLAN') && (type !== typeOf(childInformedV1) || data.topic === 'RETURN_PROCESS'),
      },
    ],
  },
  {
    service: 'statistics',
    group: 'statistics-intake',
    stream: 'intake',
    evidence: [
      // One upsert of the case's categories per registration, correction and transfer (INSERT ... ON CONFLICT DO UPDATE: always a write).
      { kind: 'count', table: 'stat_case', types: COPY_TYPES },
      { kind: 'event-id', table: 'stat_intake_milestone', types: [typeOf(procuraduriaNotifiedV1), typeOf(channelledToDifV1)] },
    ],
  },
  {
    service: 'statistics',
    group: 'statistics-legal-status',
    stream: 'legal-status',
    evidence: [
      { kind: 'event-id', table: 'stat_protection_change', types: [typeOf(protectionChangedV1)] },
      { kind: 'event-id', table: 'stat_session', types: [typeOf(childInformedV1)] },
      { kind: 'event-id', table: 'stat_inform_overdue', types: [typeOf(informOverdueV1)] },
    ],
  },
  { service: 'statistics', group: 'statistics-family-contact', stream: 'family-contact', evidence: [{ kind: 'event-id', table: 'stat_session', types: [typeOf(callLoggedV1)] }] },
];

/** The tables whose committed writes the harness must record (EffectRecorder), per service. */
export const EFFECT_TABLES: Partial<Record<ServiceName, readonly string[]>> = (() => {
  const tables: Partial<Record<ServiceName, string[]>> = {};
  for (const consumer of CONSUMER_EVIDENCE) {
    const list = (tables[consumer.service] ??= []);
    for (const evidence of consumer.evidence) if (!list.includes(evidence.table)) list.push(evidence.table);
  }
  return tables;
})();

export interface ClientRecord {
  key: string;
  outcome: Outcome;
}

/** Per consumer: what its evidence showed. */
export interface ConsumerFigures {
  service: ServiceName;
  stream: Producer;
  /** Events of its stream that leave evidence (published; what it should apply). */
  expected: number;
  /** Of those, the ones its evidence shows applied. */
  applied: number;
  outOfOrder: number;
  appliedTwice: number;
  lost: number;
  /** Missing, but its case is visibly held back at this consumer (dead letter, parked event). */
  held: number;
}

export interface CheckReport {
  registrations: number;
  acknowledged: number;
  refused: number;
  unknown: number;
  unknownLanded: number;
  unknownAbsent: number;
  intakeCases: number;
  /** Events per producing stream (published). */
  events: Record<string, number>;
  /** Acknowledged registrations missing from intake or from any downstream copy. */
  lost: string[];
  /** Records no registration explains: a case without a key of this run, a refused key that landed, a copy of a case intake does not have, an effect of an event no producer wrote. */
  phantoms: string[];
  /** Applied twice, seen in side effects: a copy that took a version twice, a fact written twice for one event, more writes to a case's row than it had events; a registration's event written twice. */
  duplicates: string[];
  /** Registrations present in part: a key without its case, a case without its person or its event, a copy without its rows. */
  halfWritten: string[];
  /** A consumer's effects of a case against its versions: an event applied after a later one of the same case. */
  outOfOrder: string[];
  /** A copy whose final content differs from its source's final state (fields named). */
  stale: string[];
  /** An event a consumer should have applied, with no effect, and its case not visibly held back there. */
  lostFacts: string[];
  /** Cases visibly held back (dead letters, parked events) per consumer: excused from lost facts and staleness. */
  held: Record<string, number>;
  consumers: Record<string, ConsumerFigures>;
  /** Per downstream service: cases it lacks and cases it has that intake lacks. */
  copies: Record<string, { cases: number; missing: number; extra: number; held: number }>;
  unpublishedOutbox: number;
  /** Dead-lettered events per downstream service (the poison messages end there). */
  deadLetters: Record<string, number>;
  /** Changes the effect log holds per service (its size, for the record). */
  effectChanges: Record<string, number>;
  converged: boolean;
}

interface SourceEvent {
  id: string;
  caseId: string;
  version: number;
  type: string;
  /** The contract's version (`intake.case.registered` v1 or v2), not the case's. */
  contractVersion: number;
  data: Record<string, unknown>;
  officeCode: string;
}

interface IntakeCase {
  id: string;
  office_code: string;
  age_band: string;
  accompaniment: string;
  protection_need_indicated: boolean;
  trafficking_indicators: boolean;
  medical_emergency: boolean;
  disability: boolean;
  pregnant: boolean;
  procuraduria_notified_ms: string | null;
  person_id: string;
  sex: string;
  nationality: string;
}

interface LegalRecord {
  case_id: string;
  protection_status: ProtectionStatus;
  return_locked: boolean;
  lock_reasons: string[];
  bi_recommends_return: boolean;
}

const trim = (value: unknown) => (value === null || value === undefined ? value : String(value).trim());

/** Field by field, the names of those that differ. */
function differences(expected: Record<string, unknown>, actual: Record<string, unknown>): string[] {
  return Object.keys(expected)
    .filter((field) => JSON.stringify(trim(expected[field])) !== JSON.stringify(trim(actual[field])))
    .map((field) => `${field} ${JSON.stringify(trim(actual[field]))} (source ${JSON.stringify(trim(expected[field]))})`);
}

export class PlatformChecker {
  private readonly pools = new Map<ServiceName, Pool>();

  constructor(
    private readonly urlOf: (service: ServiceName) => string,
    /** The committed writes of a service's database (EffectRecorder); without them, the verdicts on order per case cannot be given. */
    private readonly effectsOf?: (service: ServiceName) => readonly EffectChange[],
  ) {
    const provisioned = new Set(PLATFORM_SERVICES.flatMap((service) => service.consumers.map((consumer) => `${service.name}/${consumer.durable}`)));
    for (const consumer of CONSUMER_EVIDENCE) {
      if (!provisioned.has(`${consumer.service}/${consumer.group}`)) throw new Error(`the checker expects durable ${consumer.group} in ${consumer.service}, which is not provisioned`);
    }
  }

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

  private async rows<T extends object>(service: ServiceName, sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool(service).query<T>(sql, params)).rows;
  }

  private async column(service: ServiceName, sql: string, params: unknown[] = []): Promise<string[]> {
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
    const checked = new Set<ServiceName>(CONSUMER_EVIDENCE.map((consumer) => consumer.service));
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
    const copySets = new Map<ServiceName, Set<string>>();
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
        const figures = this.judgeConsumer(consumer, sources.get(consumer.stream) as SourceEvent[], eventById, changes, heldFrom, {
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
    await this.judgeStaleness(cases, intakeEvents, sources.get('legal-status') as SourceEvent[], isHeld, stale);

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

  /** One consumer's evidence against its stream: applied out of order, twice, or not at all. */
  private judgeConsumer(
    consumer: ConsumerEvidence,
    events: readonly SourceEvent[],
    eventById: ReadonlyMap<string, SourceEvent & { stream: Producer }>,
    changes: readonly EffectChange[],
    heldFrom: ReadonlyMap<string, number>,
    out: { outOfOrder: string[]; duplicates: string[]; lostFacts: string[]; phantoms: string[]; unknownEventIds: Set<string> },
  ): ConsumerFigures {
    const figures: ConsumerFigures = { service: consumer.service, stream: consumer.stream, expected: 0, applied: 0, outOfOrder: 0, appliedTwice: 0, lost: 0, held: 0 };
    const name = `${consumer.service}/${consumer.group}`;
    const byCase = new Map<string, SourceEvent[]>();
    for (const event of events) byCase.set(event.caseId, [...(byCase.get(event.caseId) ?? []), event]);
    const missing = (event: SourceEvent, evidence: Evidence, detail: string) => {
      const from = heldFrom.get(event.caseId);
      if (from !== undefined && event.version >= from) {
        figures.held += 1;
        return;
      }
      figures.lost += 1;
      out.lostFacts.push(`${name}: case ${event.caseId} v${event.version} ${event.type}: ${detail} (${evidence.table})`);
    };

    for (const evidence of consumer.evidence) {
      const writes = changes.filter((change) => change.table === evidence.table && change.op !== 'DELETE');
      const expectedOf = (caseId: string) =>
        (byCase.get(caseId) ?? []).filter((event) => evidence.types.includes(event.type) && (evidence.kind !== 'count' || !evidence.when || evidence.when(event.type, event.data)));
      const expectedCases = new Set(events.filter((event) => evidence.types.includes(event.type)).map((event) => event.caseId));

      if (evidence.kind === 'version') {
        // Applications: writes that move the copy's version. Out of order: one below a version applied before it.
        const last = new Map<string, number>();
        const highest = new Map<string, number>();
        const applications = new Map<string, Map<number, number>>();
        for (const write of writes) {
          const caseId = write.values.case_id as string;
          const raw = write.values[evidence.column];
          if (raw === undefined || raw === null) continue;
          const version = Number(raw);
          if (last.get(caseId) === version) continue;
          last.set(caseId, version);
          const times = applications.get(caseId) ?? new Map<number, number>();
          applications.set(caseId, times);
          times.set(version, (times.get(version) ?? 0) + 1);
          const top = highest.get(caseId) ?? 0;
          if (version < top) {
            figures.outOfOrder += 1;
            out.outOfOrder.push(`${name}: case ${caseId} took v${version} after v${top} (${evidence.table}.${evidence.column})`);
          }
          highest.set(caseId, Math.max(top, version));
        }
        for (const [caseId, times] of applications) {
          const known = new Set((byCase.get(caseId) ?? []).map((event) => event.version));
          for (const [version, n] of times) {
            if (!known.has(version)) out.phantoms.push(`${name}: case ${caseId} took v${version}, which ${consumer.stream} never published`);
            if (n > 1) {
              figures.appliedTwice += n - 1;
              out.duplicates.push(`${name}: case ${caseId} took v${version} ${n} times (${evidence.table}.${evidence.column})`);
            }
          }
        }
        for (const caseId of expectedCases) {
          for (const event of expectedOf(caseId)) {
            figures.expected += 1;
            if (applications.get(caseId)?.has(event.version)) figures.applied += 1;
            else missing(event, evidence, `never reached the copy`);
          }
        }
      } else if (evidence.kind === 'event-id') {
        const firstWrites = new Map<string, string[]>();
        const writesPerEvent = new Map<string, number>();
        for (const write of writes) {
          const eventId = write.values.event_id as string;
          const event = eventById.get(eventId);
          if (!event) {
            out.unknownEventIds.add(eventId);
            continue;
          }
          // Another stream's facts in a shared table (stat_session: sessions and calls) are another consumer's.
          if (event.stream !== consumer.stream || !evidence.types.includes(event.type)) continue;
          const n = (writesPerEvent.get(eventId) ?? 0) + 1;
          writesPerEvent.set(eventId, n);
          if (n === 1) firstWrites.set(event.caseId, [...(firstWrites.get(event.caseId) ?? []), eventId]);
        }
        for (const [eventId, n] of writesPerEvent) {
          if (n > 1) {
            const event = eventById.get(eventId) as SourceEvent;
            figures.appliedTwice += n - 1;
            out.duplicates.push(`${name}: case ${event.caseId} v${event.version} ${event.type} written ${n} times (${evidence.table})`);
          }
        }
        for (const [caseId, order] of firstWrites) {
          let top = 0;
          for (const eventId of order) {
            const event = eventById.get(eventId) as SourceEvent;
            if (event.version < top) {
              figures.outOfOrder += 1;
              out.outOfOrder.push(`${name}: case ${caseId} applied v${event.version} ${event.type} after v${top} (${evidence.table})`);
            }
            top = Math.max(top, event.version);
          }
        }
        for (const caseId of expectedCases) {
          for (const event of expectedOf(caseId)) {
            figures.expected += 1;
            if (writesPerEvent.has(event.id)) figures.applied += 1;
            else missing(event, evidence, 'no fact written');
          }
        }
      } else {
        const writesPerCase = new Map<string, number>();
        for (const write of writes) {
          const caseId = write.values.case_id as string;
          writesPerCase.set(caseId, (writesPerCase.get(caseId) ?? 0) + 1);
        }
        for (const [caseId, n] of writesPerCase) {
          const expected = expectedOf(caseId);
          if (n > expected.length) {
            figures.appliedTwice += n - expected.length;
            out.duplicates.push(`${name}: case ${caseId} has ${n} writes to ${evidence.table} for ${expected.length} events`);
          }
        }
        for (const caseId of expectedCases) {
          const expected = expectedOf(caseId);
          const n = writesPerCase.get(caseId) ?? 0;
          figures.expected += expected.length;
          figures.applied += Math.min(n, expected.length);
          // The row names no event: the missing ones are taken as the latest (what a lost tail looks like).
          for (const event of expected.slice(n)) missing(event, evidence, `${n} writes for ${expected.length} events`);
        }
      }
    }
    return figures;
  }

  /** Each copy's final content against its source's final state. */
  private async judgeStaleness(
    cases: ReadonlyMap<string, IntakeCase>,
    intakeEvents: readonly SourceEvent[],
    legalEvents: readonly SourceEvent[],
    isHeld: (group: string, caseId: string) => boolean,
    stale: string[],
  ): Promise<void> {
    const registeredOffice = new Map<string, string>();
    const everFlagged = new Set<string>();
    for (const event of intakeEvents) {
      if (event.type === typeOf(caseRegisteredV2)) registeredOffice.set(event.caseId, event.officeCode);
      const screening = event.data.screening as { protectionNeedIndicated?: boolean } | undefined;
      if (screening?.protectionNeedIndicated) everFlagged.add(event.caseId);
    }
    const legalSpoke = new Set(legalEvents.filter((event) => event.type === typeOf(lockChangedV1) || event.type === typeOf(protectionChangedV1)).map((event) => event.caseId));
    const categories = (row: IntakeCase) => ({ office_code: row.office_code, age_band: row.age_band, sex: row.sex, nationality: row.nationality, accompaniment: row.accompaniment });
    const compare = async (service: ServiceName, group: string, table: string, columns: string, expected: (row: IntakeCase) => Record<string, unknown>) => {
      const copies = await this.rows<Record<string, unknown> & { case_id: string }>(service, `SELECT case_id, ${columns} FROM ${table}`);
      for (const copy of copies) {
        const source = cases.get(copy.case_id);
        if (!source || isHeld(group, copy.case_id)) continue;
        const diff = differences(expected(source), copy);
        if (diff.length > 0) stale.push(`${service} ${table} case ${copy.case_id}: ${diff.join(', ')}`);
      }
    };
    const flags = (row: IntakeCase) => ({
      protection_need_indicated: row.protection_need_indicated,
      trafficking_indicators: row.trafficking_indicators,
      medical_emergency: row.medical_emergency,
      disability: row.disability,
      pregnant: row.pregnant,
    });
    const commonColumns = 'office_code, age_band, sex, nationality, accompaniment';
    await compare('care', 'care-intake-case', 'care_record', `${commonColumns}, protection_need_indicated, trafficking_indicators, medical_emergency, disability, pregnant`, (row) => ({
      ...categories(row),
      ...flags(row),
    }));
    await compare('family-contact', 'family-contact-intake-cases', 'family_record', `${commonColumns}, protection_need_indicated`, (row) => ({
      ...categories(row),
      protection_need_indicated: row.protection_need_indicated,
    }));
    await compare('repatriation', 'repatriation-intake-cases', 'case_copy', `${commonColumns}, protection_need_indicated`, (row) => ({
      ...categories(row),
      protection_need_indicated: row.protection_need_indicated,
    }));
    await compare(
      'legal-status',
      'legal-status-intake-cases',
      'legal_record',
      `${commonColumns}, (extract(epoch FROM procuraduria_notified_at) * 1000)::bigint::text AS procuraduria_notified_ms`,
      (row) => ({ ...categories(row), procuraduria_notified_ms: row.procuraduria_notified_ms }),
    );
    await compare('statistics', 'statistics-intake', 'stat_case', 'age_band, sex, nationality, accompaniment, person_id, registered_office', (row) => ({
      age_band: row.age_band,
      sex: row.sex,
      nationality: row.nationality,
      accompaniment: row.accompaniment,
      person_id: row.person_id,
      registered_office: registeredOffice.get(row.id),
    }));

    // Legal-status's own state, and its copies elsewhere.
    const legal = new Map(
      (
        await this.rows<LegalRecord>('legal-status', 'SELECT case_id, protection_status, return_locked, lock_reasons, bi_recommends_return FROM legal_record')
      ).map((row) => [row.case_id, row]),
    );
    // A need said at intake (at registration or in any later screening) reaches legal-status, and a flag cleared later does not clear it.
    for (const caseId of everFlagged) {
      const record = legal.get(caseId);
      if (record && record.protection_status === 'NOT_ASSESSED' && !isHeld('legal-status-intake-cases', caseId)) {
        stale.push(`legal-status legal_record case ${caseId}: protection_status NOT_ASSESSED, but intake's screening indicated a protection need`);
      }
    }
    const lockOf = (record: LegalRecord) => ({
      return_locked: record.return_locked,
      lock_reasons: [...record.lock_reasons].sort(),
      bi_recommends_return: record.bi_recommends_return,
      protection_status: record.protection_status,
    });
    const legalCopies = new Map(
      (
        await this.rows<{ case_id: string; return_locked: boolean; lock_reasons: string[]; bi_recommends_return: boolean; protection_status: string | null }>(
          'repatriation',
          'SELECT case_id, return_locked, lock_reasons, bi_recommends_return, protection_status FROM legal_copy',
        )
      ).map((row) => [row.case_id, row]),
    );
    const protections = new Map(
      (await this.rows<{ case_id: string; protection_claimed: boolean; status: string }>('family-contact', 'SELECT case_id, protection_claimed, status FROM case_protection')).map(
        (row) => [row.case_id, row],
      ),
    );
    const statisticsProtection = new Map<string, { status: string; version: number }>();
    const legalVersionOf = new Map(legalEvents.map((event) => [event.id, event.version]));
    for (const row of await this.rows<{ case_id: string; event_id: string; status: string }>('statistics', 'SELECT case_id, event_id, status FROM stat_protection_change')) {
      const version = legalVersionOf.get(row.event_id) ?? 0;
      if ((statisticsProtection.get(row.case_id)?.version ?? -1) < version) statisticsProtection.set(row.case_id, { status: row.status, version });
    }
    for (const [caseId, record] of legal) {
      if (!legalSpoke.has(caseId)) continue;
      const copy = legalCopies.get(caseId);
      if (!isHeld('repatriation-legal-status', caseId)) {
        const diff = differences(lockOf(record), {
          return_locked: copy?.return_locked ?? false,
          lock_reasons: [...(copy?.lock_reasons ?? [])].sort(),
          bi_recommends_return: copy?.bi_recommends_return ?? false,
          protection_status: copy?.protection_status ?? 'NOT_ASSESSED',
        });
        if (diff.length > 0) stale.push(`repatriation legal_copy case ${caseId}: ${diff.join(', ')}`);
      }
      if (!isHeld('family-contact-legal-protection', caseId)) {
        const protection = protections.get(caseId);
        const diff = differences(
          { status: record.protection_status, protection_claimed: protectionClaimedIn(record.protection_status) },
          { status: protection?.status ?? 'NOT_ASSESSED', protection_claimed: protection?.protection_claimed ?? false },
        );
        if (diff.length > 0) stale.push(`family-contact case_protection case ${caseId}: ${diff.join(', ')}`);
      }
      if (!isHeld('statistics-legal-status', caseId)) {
        const status = statisticsProtection.get(caseId)?.status ?? 'NOT_ASSESSED';
        if (status !== record.protection_status) stale.push(`statistics stat_protection_change case ${caseId}: latest status ${status} (source ${record.protection_status})`);
      }
    }
  }

  public async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.end().catch(() => undefined)));
    this.pools.clear();
  }
}
