// What the checker holds the platform to: each consumer's evidence in its database, the sources, and the report.
import { EventContract, eventType } from '@opis/contracts-envelope';
import { callLoggedV1 } from '@opis/contracts-family-contact';
import { caseRegisteredV2, caseTransferredV1, caseUpdatedV1, channelledToDifV1, procuraduriaNotifiedV1 } from '@opis/contracts-intake';
import { bestInterestsRecordedV1, childInformedV1, informOverdueV1, lockChangedV1, protectionChangedV1, ProtectionStatus } from '@opis/contracts-legal-status';

import type { HarnessServiceName } from '../harness/platform-harness';
import type { Outcome } from './platform-load';

/** Each downstream service's copy of intake's cases, and the durable that fills it. */
export const CASE_COPIES: ReadonlyArray<{ service: HarnessServiceName; table: string; durable: string }> = [
  { service: 'care', table: 'care_record', durable: 'care-intake-case' },
  { service: 'family-contact', table: 'family_record', durable: 'family-contact-intake-cases' },
  { service: 'legal-status', table: 'legal_record', durable: 'legal-status-intake-cases' },
  { service: 'repatriation', table: 'case_copy', durable: 'repatriation-intake-cases' },
  { service: 'statistics', table: 'stat_case', durable: 'statistics-intake' },
];

/** Rows a registration makes besides the copy (their keys forbid a second copy): a copy without them is half-written. */
export const PER_CASE_ROWS: ReadonlyArray<{ service: HarnessServiceName; table: string }> = [{ service: 'care', table: 'care_need' }];

export type Producer = 'intake' | 'legal-status' | 'family-contact';
export const PRODUCERS: readonly Producer[] = ['intake', 'legal-status', 'family-contact'];

export const typeOf = (contract: EventContract) => eventType(contract.name);
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
export type Evidence =
  | { kind: 'version'; table: string; column: string; types: readonly string[] }
  | { kind: 'event-id'; table: string; types: readonly string[] }
  | { kind: 'count'; table: string; types: readonly string[]; when?: (type: string, data: Record<string, unknown>) => boolean };

export interface ConsumerEvidence {
  service: HarnessServiceName;
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
export const EFFECT_TABLES: Partial<Record<HarnessServiceName, readonly string[]>> = (() => {
  const tables: Partial<Record<HarnessServiceName, string[]>> = {};
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
  service: HarnessServiceName;
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

export interface SourceEvent {
  id: string;
  caseId: string;
  version: number;
  type: string;
  /** The contract's version (`intake.case.registered` v1 or v2), not the case's. */
  contractVersion: number;
  data: Record<string, unknown>;
  officeCode: string;
}

export interface IntakeCase {
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

export interface LegalRecord {
  case_id: string;
  protection_status: ProtectionStatus;
  return_locked: boolean;
  lock_reasons: string[];
  bi_recommends_return: boolean;
}

const trim = (value: unknown) => (value === null || value === undefined ? value : String(value).trim());

/** Field by field, the names of those that differ. */
export function differences(expected: Record<string, unknown>, actual: Record<string, unknown>): string[] {
  return Object.keys(expected)
    .filter((field) => JSON.stringify(trim(expected[field])) !== JSON.stringify(trim(actual[field])))
    .map((field) => `${field} ${JSON.stringify(trim(actual[field]))} (source ${JSON.stringify(trim(expected[field]))})`);
}