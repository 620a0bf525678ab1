import { randomBytes } from 'node:crypto';

import { jetstream } from '@nats-io/jetstream';
import { connect, NatsConnection, Subscription } from '@nats-io/transport-node';

import { createEnvelope, EventContract, EventEnvelope, eventSubject, OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import { caseRegisteredV2, CaseRegisteredV2 } from '@opis/contracts-intake';
import {
  BestInterestsSummary,
  CaseStatusReply,
  LEGAL_CASE_STATUS_PATTERN,
  LEGAL_MOVE_CLEARANCE_PATTERN,
  MoveClearanceReply,
  moveDecidedV1,
  MoveStep,
  protectionChangedV1,
  ProtectionStatus,
} from '@opis/contracts-legal-status';
import { namespacedSubject, provisionJetStream } from '@opis/messaging';
import { createTestSigner } from '@opis/platform';
import { ServiceHarness, startServiceForTest } from '@opis/service-harness';
import { CaseVersions, sharedNatsUrl, testNamespace, waitFor } from '@opis/testing';

import { FAMILY_CONTACT_CONSUMERS } from '@opis/platform-services';
import { FAMILY_CONTACT_SERVICE_NAME, FamilyContactConfig } from '../../src/family-contact.config';
import { FamilyContactModule } from '../../src/family-contact.module';
import { FAMILY_CONTACT_MIGRATIONS } from '../../src/family-contact.schema';

export type FamilyHarness = ServiceHarness<FamilyContactConfig>;

export const FAMILY_CONTACT_UNDER_TEST = {
  serviceName: FAMILY_CONTACT_SERVICE_NAME,
  configClass: FamilyContactConfig,
  migrations: FAMILY_CONTACT_MIGRATIONS,
  module: (config: FamilyContactConfig, options: { natsNamespace: string }) => FamilyContactModule.register(config, options),
};

export type LegalStatusMode = 'clear' | 'claimed' | 'silent';

export interface FamilyTestBed {
  service: FamilyHarness;
  nc: NatsConnection;
  /** The caseVersion of each event the test publishes, per producing stream. */
  versions: CaseVersions;
  /** The producer's next event about a case (its next caseVersion), not yet published. */
  envelope<T extends object>(contract: EventContract<T>, caseId: string, officeCode: OfficeCode, data: T): EventEnvelope<T>;
  /**
   * Publishes another service's event on the namespaced subject, as its relay would: a new one
   * (the next caseVersion), or `envelope` again (a redelivery, or an order chosen on purpose).
   */
  publish<T extends object>(contract: EventContract<T>, caseId: string, officeCode: OfficeCode, data: T, envelope?: EventEnvelope<T>): Promise<EventEnvelope<T>>;
  /** Publishes a registration and waits until the record is open. */
  register(overrides?: Partial<CaseRegisteredV2> & { officeCode?: OfficeCode }): Promise<string>;
  protectionChanged(caseId: string, protectionClaimed: boolean, status: ProtectionStatus): Promise<void>;
  /** Publishes a legal-status event (at `occurredAt`, legal-status's time, if given) and waits until the consumer took it. */
  legalEvent<T extends object>(contract: EventContract<T>, caseId: string, data: T, occurredAt?: Date): Promise<EventEnvelope<T>>;
  /** A stand-in for legal-status's case-status and move-clearance handlers: answers as told, or stays silent; keeps the tokens it got. */
  legalStatus: LegalStatusStub;
  close(): Promise<void>;
}

export interface LegalStatusStub {
  /** How both handlers answer a case that has no answer of its own. */
  mode: LegalStatusMode;
  /**
   * A case's own case-status reply: its fields over the 'clear' reply, or 'silent'. The
   * move-clearance handler answers CONSULAR_CONTACT from it too, as legal-status decides both from
   * one record; other steps follow `mode`.
   */
  caseStatus: Map<string, Partial<CaseStatusReply> | 'silent'>;
  /**
   * A case's own fields of a CONSULAR_CONTACT clearance, over what its case-status reply implies
   * (cleared while consular contact is unlocked). Without a `caseVersion` of its own, the stub
   * publishes legal-status's legal.move.decided with the case's next version and answers with it.
   */
  clearance: Map<string, Partial<MoveClearanceReply>>;
  /** The case of every request, both patterns, in order. */
  requests: string[];
  statusRequests: string[];
  clearanceRequests: string[];
  /** Every move-clearance request, with the reply given (none when silent). */
  clearances: Array<{ caseId: string; step: MoveStep; moveRef: string; reply?: MoveClearanceReply }>;
  tokens: string[];
}

/** A best-interests determination as legal-status lists it in its case-status reply. */
export function determination(overrides: Partial<BestInterestsSummary> = {}): BestInterestsSummary {
  return {
    id: uuidv7(),
    type: 'PLAN',
    documentReference: `PPNNA-CHP-2026-${Math.floor(Math.random() * 1e6).toString().padStart(6, '0')}`,
    recommendedMeasure: 'REUNIFICATION_IN_MEXICO',
    decidedAt: new Date(Date.now() - 86_400_000).toISOString(),
    ...overrides,
  };
}

export function registeredSample(overrides: Partial<CaseRegisteredV2> = {}): CaseRegisteredV2 {
  return {
    ...caseRegisteredV2.example,
    screening: { ...caseRegisteredV2.example.screening, protectionNeedIndicated: false },
    speaksSpanish: 'YES',
    // T0 (DOMAIN.md): the first call is due from detection, so a case is detected just before it is registered.
    detectedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    ...overrides,
  } as CaseRegisteredV2;
}

/** Family-contact with its own database and namespace, its consumers provisioned, and a legal-status stub. */
export async function startFamilyContact(label: string, env: Record<string, string> = {}): Promise<FamilyTestBed> {
  const namespace = testNamespace(label);
  const natsUrl = await sharedNatsUrl();
  const nc = await connect({ servers: natsUrl });
  await provisionJetStream(nc, {
    namespace,
    streams: [
      { service: 'intake', maxAgeMs: 0, maxBytes: -1 },
      { service: 'legal-status', maxAgeMs: 0, maxBytes: -1 },
      { service: 'family-contact', maxAgeMs: 0, maxBytes: -1 },
    ],
    consumers: FAMILY_CONTACT_CONSUMERS,
  });
  const legalStatus: LegalStatusStub = { mode: 'silent', caseStatus: new Map(), clearance: new Map(), requests: [], statusRequests: [], clearanceRequests: [], clearances: [], tokens: [] };
  const versions = new CaseVersions();
  /** What legal-status's record of a case says, as case status replies it; undefined when it stays silent. */
  const statusOf = (caseId: string): CaseStatusReply | undefined => {
    const own = legalStatus.caseStatus.get(caseId);
    if (own === 'silent' || (own === undefined && legalStatus.mode === 'silent')) return undefined;
    const claimed = own === undefined && legalStatus.mode === 'claimed';
    return {
      caseId,
      returnLocked: claimed,
      consularContactLocked: claimed,
      reasons: claimed ? ['CLAIM_PENDING'] : [],
      protectionStatus: claimed ? 'CLAIM_PENDING' : 'NOT_ASSESSED',
      protectionClaimed: claimed,
      bestInterestsRecommendsReturn: false,
      assistedReturnResolved: false,
      bestInterests: [],
      asOf: new Date().toISOString(),
      ...own,
    };
  };
  const clearanceStub: Subscription = nc.subscribe(namespacedSubject(LEGAL_MOVE_CLEARANCE_PATTERN, namespace), {
    callback: (_error, msg) => {
      const packet = msg.json<{ id: string; data: { caseId: string; token: string; step: MoveStep; moveRef: string } }>();
      const { caseId, step, moveRef } = packet.data;
      const asked: LegalStatusStub['clearances'][number] = { caseId, step, moveRef };
      legalStatus.requests.push(caseId);
      legalStatus.clearanceRequests.push(caseId);
      legalStatus.clearances.push(asked);
      legalStatus.tokens.push(packet.data.token);
      let response: MoveClearanceReply;
      if (step === 'CONSULAR_CONTACT') {
        const status = statusOf(caseId);
        if (!status) return;
        const own = legalStatus.clearance.get(caseId);
        const cleared = !status.consularContactLocked;
        let caseVersion = own?.caseVersion;
        if (caseVersion === undefined) {
          // As legal-status does: its legal.move.decided event takes the case's next version in its
          // stream, which family-contact reads whole and in order (a version never published would
          // hold back the case's later events).
          const decided = next(moveDecidedV1, caseId, 'CHP', { step, cleared, reasons: status.reasons });
          caseVersion = decided.caseVersion;
          void publish(moveDecidedV1, caseId, 'CHP', decided.data, decided);
        }
        response = {
          caseId,
          step,
          cleared,
          clearanceId: uuidv7(),
          reasons: status.reasons,
          bestInterestsRecommendsReturn: status.bestInterestsRecommendsReturn,
          assistedReturnResolved: status.assistedReturnResolved,
          protectionStatus: status.protectionStatus,
          returnLocked: status.returnLocked,
          consularContactLocked: status.consularContactLocked,
          caseVersion,
          decidedAt: new Date().toISOString(),
          ...own,
        };
      } else {
        if (legalStatus.mode === 'silent') return;
        const claimed = legalStatus.mode === 'claimed';
        response = {
          caseId,
          step,
          cleared: !claimed,
          clearanceId: uuidv7(),
          reasons: claimed ? ['CLAIM_PENDING'] : [],
          bestInterestsRecommendsReturn: false,
          assistedReturnResolved: false,
          caseVersion: 1,
          decidedAt: new Date().toISOString(),
        };
      }
      asked.reply = response;
      msg.respond(JSON.stringify({ id: packet.id, response, isDisposed: true }));
    },
  });
  const stub: Subscription = nc.subscribe(namespacedSubject(LEGAL_CASE_STATUS_PATTERN, namespace), {
    callback: (_error, msg) => {
      const packet = msg.json<{ id: string; data: { caseId: string; token: string } }>();
      legalStatus.requests.push(packet.data.caseId);
      legalStatus.statusRequests.push(packet.data.caseId);
      legalStatus.tokens.push(packet.data.token);
      const response = statusOf(packet.data.caseId);
      if (!response) return;
      msg.respond(JSON.stringify({ id: packet.id, response, isDisposed: true }));
    },
  });
  const signer = createTestSigner();
  const serviceToken = await signer.mint({ subject: 'svc-family-contact', roles: ['integration'], offices: ['CHP', 'TAB'] });
  const service = await startServiceForTest(FAMILY_CONTACT_UNDER_TEST, {
    label,
    namespace,
    natsUrl,
    signer,
    env: {
      LEGAL_STATUS_TOKEN: serviceToken,
      FIELD_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      LOOKUP_KEY: randomBytes(32).toString('base64'),
      LEGAL_STATUS_TIMEOUT_MS: '400',
      FIRST_CALL_SCAN_INTERVAL_MS: '3600000',
      ...env,
    },
  });
  const js = jetstream(nc);
  const next: FamilyTestBed['envelope'] = (contract, caseId, officeCode, data) =>
    createEnvelope({ name: contract.name, caseId, officeCode, actor: { kind: 'officer', id: 'opi-test' }, caseVersion: versions.next(contract.name.service, caseId), data });
  const publish: FamilyTestBed['publish'] = async (contract, caseId, officeCode, data, given) => {
    const envelope = given ?? next(contract, caseId, officeCode, data);
    await js.publish(namespacedSubject(eventSubject(contract.name, officeCode), namespace), JSON.stringify(envelope), {
      msgID: `${envelope.id}-${uuidv7()}`,
    });
    return envelope;
  };
  return {
    service,
    nc,
    versions,
    envelope: next,
    publish,
    legalStatus,
    register: async (overrides = {}) => {
      const { officeCode = 'CHP', ...data } = overrides;
      const caseId = uuidv7();
      await publish(caseRegisteredV2, caseId, officeCode, registeredSample(data));
      await waitFor('the family record opened', async () => (await service.dataSource.query(`SELECT 1 FROM family_record WHERE case_id = $1`, [caseId])).length === 1);
      return caseId;
    },
    protectionChanged: async (caseId, protectionClaimed, status) => {
      const envelope = await publish(protectionChangedV1, caseId, 'CHP', { protectionClaimed, status });
      await waitFor('the protection change applied', async () =>
        (await service.dataSource.query(`SELECT 1 FROM case_protection WHERE event_id = $1`, [envelope.id])).length === 1,
      );
    },
    legalEvent: async (contract, caseId, data, occurredAt) => {
      const envelope = next(contract, caseId, 'CHP', data);
      if (occurredAt) envelope.occurredAt = occurredAt.toISOString();
      await publish(contract, caseId, 'CHP', data, envelope);
      await waitFor(`${envelope.type} taken`, async () =>
        (await service.dataSource.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [envelope.id])).length === 1,
      );
      return envelope;
    },
    close: async () => {
      stub.unsubscribe();
      clearanceStub.unsubscribe();
      await service.close();
      await nc.close();
    },
  };
}

/** A contact as the child names one; override what a test varies. */
/** A spec file's family-contact and its officer's token; started before the file's tests, closed after them. */
export interface FamilySpec {
  bed: FamilyTestBed;
  officer: string;
}

/** Call inside the file's `describe`: the fields are set once its `beforeAll` ran. */
export function familyContactSpec(label: string): FamilySpec {
  const spec = {} as FamilySpec;
  beforeAll(async () => {
    spec.bed = await startFamilyContact(label);
    spec.officer = await spec.bed.service.token(['officer'], ['CHP']);
  });
  afterAll(async () => {
    await spec.bed?.close();
  });
  return spec;
}

export function contactBody(overrides: Record<string, unknown> = {}) {
  return {
    relationship: 'PARENT',
    givenNames: 'Rosa Elvira',
    familyNames: 'Xicará Tum',
    phoneNumbers: ['+502 5555-1234'],
    country: 'GT',
    place: 'Aldea Chuicutama, Nahualá',
    howKnown: 'Es mi mamá',
    wantsContact: 'YES',
    ...overrides,
  };
}

/** Events of a type the service wrote to its outbox for a case. */
export async function outboxEvents(service: FamilyHarness, type: string, caseId?: string): Promise<Array<{ subject: string; payload: EventEnvelope }>> {
  return service.dataSource.query(
    `SELECT subject, payload FROM outbox WHERE event_type = $1 AND ($2::uuid IS NULL OR case_id = $2::uuid) ORDER BY id`,
    [type, caseId ?? null],
  );
}

export async function auditTrail(service: FamilyHarness, caseId: string, action: string): Promise<Array<{ actor_subject: string; outcome: string; reason: string | null }>> {
  return service.dataSource.query(
    `SELECT actor_subject, outcome, reason FROM audit_log WHERE case_id = $1 AND action = $2 ORDER BY occurred_at, id`,
    [caseId, action],
  );
}
