import { randomBytes } from 'node:crypto';

import { jetstream } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';

import { createEnvelope, EventContract, EventEnvelope, eventSubject, OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import { caseRegisteredV2, CaseRegisteredV2, procuraduriaNotifiedV1 } from '@opis/contracts-intake';
import {
  LEGAL_CASE_STATUS_PATTERN,
  LEGAL_CASE_STATUS_TIMEOUT_MS,
  LEGAL_MOVE_CLEARANCE_PATTERN,
  MoveClearanceReply,
  MoveStep,
} from '@opis/contracts-legal-status';
import { namespacedSubject, provisionJetStream } from '@opis/messaging';
import { connectRequestReply } from '@opis/platform';
import { ServiceHarness, startServiceForTest } from '@opis/service-harness';
import { CaseVersions, NatsServerProcess, testNamespace, waitFor } from '@opis/testing';

import { LEGAL_STATUS_CONSUMERS } from '@opis/platform-services';
import { LEGAL_STATUS_SERVICE_NAME, LegalStatusConfig } from '../../src/legal-status.config';
import { LegalStatusModule } from '../../src/legal-status.module';
import { LEGAL_STATUS_MIGRATIONS } from '../../src/legal-status.schema';

export type LegalHarness = ServiceHarness<LegalStatusConfig>;

export interface LegalTestBed {
  service: LegalHarness;
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
  /** Publishes a registration (and the Procuraduría notification unless told not to) and waits for the record. */
  register(overrides?: Partial<CaseRegisteredV2> & { officeCode?: OfficeCode; notified?: boolean }): Promise<string>;
  /** Asks `opis.legal-status.q.case-status` over NATS as another service would. */
  caseStatus(caseId: string, token: string): Promise<unknown>;
  /** Asks `opis.legal-status.q.move-clearance` over NATS as a service about to move the child would. */
  moveClearance(caseId: string, token: string, step: MoveStep, moveRef?: string): Promise<MoveClearanceReply>;
  close(): Promise<void>;
}

export function registeredSample(overrides: Partial<CaseRegisteredV2> = {}): CaseRegisteredV2 {
  return {
    ...caseRegisteredV2.example,
    detectedAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
    screening: { ...caseRegisteredV2.example.screening, protectionNeedIndicated: false },
    ...overrides,
  } as CaseRegisteredV2;
}

/**
 * Legal-status with its own database, on a nats-server of this file's own (so the request/reply
 * pattern, which is not namespaced, is answered by this instance only), its consumer provisioned.
 */
export async function startLegalStatus(label: string, env: Record<string, string> = {}): Promise<LegalTestBed> {
  const nats = await NatsServerProcess.start();
  const namespace = testNamespace(label);
  const nc = await connect({ servers: nats.url });
  await provisionJetStream(nc, {
    namespace,
    streams: [
      { service: 'intake', maxAgeMs: 0, maxBytes: -1 },
      { service: 'care', maxAgeMs: 0, maxBytes: -1 },
      { service: 'family-contact', maxAgeMs: 0, maxBytes: -1 },
      { service: 'repatriation', maxAgeMs: 0, maxBytes: -1 },
      { service: 'legal-status', maxAgeMs: 0, maxBytes: -1 },
    ],
    consumers: LEGAL_STATUS_CONSUMERS,
  });
  const service = await startServiceForTest(
    {
      serviceName: LEGAL_STATUS_SERVICE_NAME,
      configClass: LegalStatusConfig,
      migrations: LEGAL_STATUS_MIGRATIONS,
      module: (config: LegalStatusConfig, options: { natsNamespace: string }) => LegalStatusModule.register(config, options),
    },
    {
      label,
      namespace,
      natsUrl: nats.url,
      env: {
        INFORM_SCAN_INTERVAL_MS: '3600000',
        DEADLINE_SCAN_INTERVAL_MS: '3600000',
        FIELD_KEYS: `k1:${randomBytes(32).toString('base64')}`,
        LOOKUP_KEY: randomBytes(32).toString('base64'),
        ...env,
      },
    },
  );
  connectRequestReply(service.app, { natsUrl: nats.url, queue: LEGAL_STATUS_SERVICE_NAME });
  await service.app.startAllMicroservices();
  const client: ClientProxy = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: nats.url } });
  await client.connect();
  const js = jetstream(nc);
  const versions = new CaseVersions();
  const next: LegalTestBed['envelope'] = (contract, caseId, officeCode, data) =>
    createEnvelope({ name: contract.name, caseId, officeCode, actor: { kind: 'officer', id: 'opi-test' }, caseVersion: versions.next(contract.name.service, caseId), data });
  const publish: LegalTestBed['publish'] = async (contract, caseId, officeCode, data, given) => {
    const envelope = given ?? next(contract, caseId, officeCode, data);
    // A fresh msgID: a redelivery test republishes the same envelope past JetStream's duplicate window.
    await js.publish(namespacedSubject(eventSubject(contract.name, officeCode), namespace), JSON.stringify(envelope), { msgID: `${envelope.id}-${uuidv7()}` });
    return envelope;
  };
  return {
    service,
    nc,
    versions,
    envelope: next,
    publish,
    register: async (overrides = {}) => {
      const { officeCode = 'CHP', notified = true, ...data } = overrides;
      const caseId = uuidv7();
      await publish(caseRegisteredV2, caseId, officeCode, registeredSample(data));
      if (notified) {
        await publish(procuraduriaNotifiedV1, caseId, officeCode, {
          notifiedAt: new Date(Date.now() - 3_600_000).toISOString(),
          means: 'OFFICIAL_LETTER',
          minutesSinceDetection: 60,
        });
      }
      await waitFor('the legal record opened', async () => {
        const rows = await service.dataSource.query(`SELECT procuraduria_notified_at FROM legal_record WHERE case_id = $1`, [caseId]);
        return rows.length === 1 && (!notified || rows[0].procuraduria_notified_at !== null);
      });
      return caseId;
    },
    caseStatus: (caseId, token) =>
      firstValueFrom(client.send(LEGAL_CASE_STATUS_PATTERN, { token, caseId }).pipe(timeout(LEGAL_CASE_STATUS_TIMEOUT_MS))),
    moveClearance: (caseId, token, step, moveRef = `test:${caseId}`) =>
      firstValueFrom(client.send<MoveClearanceReply>(LEGAL_MOVE_CLEARANCE_PATTERN, { token, caseId, step, moveRef }).pipe(timeout(LEGAL_CASE_STATUS_TIMEOUT_MS))),
    close: async () => {
      await client.close();
      await service.close();
      await nc.close();
      await nats.dispose();
    },
  };
}

/** A spec file's legal-status and the tokens its tests call with; started before the file's tests, closed after them. */
export interface LegalSpec {
  bed: LegalTestBed;
  officer: string;
  supervisor: string;
  /** family-contact's service token: case status asked over NATS as that service would. */
  service: string;
}

/** Call inside the file's `describe`: the fields are set once its `beforeAll` ran. */
export function legalStatusSpec(label: string): LegalSpec {
  const spec = {} as LegalSpec;
  beforeAll(async () => {
    spec.bed = await startLegalStatus(label);
    spec.officer = await spec.bed.service.token(['officer'], ['CHP']);
    spec.supervisor = await spec.bed.service.token(['supervisor'], ['CHP'], 'supervisor-CHP');
    spec.service = await spec.bed.service.token(['integration'], ['CHP'], 'svc-family-contact');
  });
  afterAll(async () => {
    await spec.bed?.close();
  });
  return spec;
}

export async function outboxEvents(service: LegalHarness, type: string, caseId?: string): Promise<Array<{ subject: string; payload: EventEnvelope }>> {
  return service.dataSource.query(
    `SELECT subject, payload FROM outbox WHERE event_type = $1 AND ($2::uuid IS NULL OR case_id = $2::uuid) ORDER BY id`,
    [type, caseId ?? null],
  );
}

export async function auditTrail(service: LegalHarness, caseId: string, action: string): Promise<Array<{ outcome: string; reason: string | null }>> {
  return service.dataSource.query(`SELECT outcome, reason FROM audit_log WHERE case_id = $1 AND action = $2 ORDER BY occurred_at, id`, [caseId, action]);
}
