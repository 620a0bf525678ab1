import { randomBytes } from 'node:crypto';

import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';

import { createEnvelope, EventContract, EventEnvelope, eventSubject, OfficeCode, streamName, uuidv7 } from '@opis/contracts-envelope';
import { caseRegisteredV2, CaseRegisteredV2 } from '@opis/contracts-intake';
import { namespacedStream, namespacedSubject, provisionJetStream } from '@opis/messaging';
import { ServiceHarness, startServiceForTest } from '@opis/service-harness';
import { CaseVersions, sharedNatsUrl, testNamespace, waitFor } from '@opis/testing';

import { CARE_SERVICE_NAME, CareConfig } from '../../src/care.config';
import { CARE_CONSUMERS, CARE_INTAKE_CASES_CONSUMER } from '@opis/platform-services';
import { CareModule } from '../../src/care.module';
import { CARE_MIGRATIONS } from '../../src/care.schema';

export type CareHarness = ServiceHarness<CareConfig>;

export const CARE_UNDER_TEST = {
  serviceName: CARE_SERVICE_NAME,
  configClass: CareConfig,
  migrations: CARE_MIGRATIONS,
  module: (config: CareConfig, options: { natsNamespace: string }) => CareModule.register(config, options),
};

export interface CareTestBed {
  care: CareHarness;
  nc: NatsConnection;
  /** The intake caseVersion of each event the test publishes. */
  versions: CaseVersions;
  /** A registration of a new case (its version 1), as intake publishes it. */
  registration(overrides?: RegistrationOverrides): EventEnvelope<CaseRegisteredV2>;
  /** Intake's next event about a case (its next caseVersion), by an officer. */
  intakeEvent<T extends object>(contract: EventContract<T>, caseId: string, officeCode: OfficeCode, data: T): EventEnvelope<T>;
  /** Publishes an intake event the way intake's relay does: on its namespaced subject, msg id = event id. */
  publish<T extends object>(contract: EventContract<T>, envelope: EventEnvelope<T>, options?: { msgID?: string }): Promise<number>;
  /** Publishes a registration and waits for its care record; returns the caseId. */
  openRecord(overrides?: RegistrationOverrides): Promise<string>;
  /** Resolves once the care consumer has settled everything published so far. */
  drained(): Promise<void>;
  close(): Promise<void>;
}

export interface RegistrationOverrides {
  officeCode?: OfficeCode;
  data?: Partial<CaseRegisteredV2>;
  screening?: Partial<CaseRegisteredV2['screening']>;
}

let caseSequence = 0;

/** A registration event as intake publishes it: an unaccompanied adolescent in Chiapas, detected an hour ago. */
function registrationEvent(versions: CaseVersions, overrides: RegistrationOverrides = {}): EventEnvelope<CaseRegisteredV2> {
  const officeCode = overrides.officeCode ?? 'CHP';
  const caseId = uuidv7();
  caseSequence += 1;
  return createEnvelope({
    name: caseRegisteredV2.name,
    caseId,
    officeCode,
    actor: { kind: 'officer', id: 'opi-test' },
    caseVersion: versions.next('intake', caseId),
    data: {
      ...caseRegisteredV2.example,
      caseNumber: `${officeCode}-2026-${String(caseSequence).padStart(6, '0')}`,
      detectedAt: new Date(Date.now() - 60 * 60_000).toISOString(),
      ...overrides.data,
      screening: { ...caseRegisteredV2.example.screening, protectionNeedIndicated: false, ...overrides.screening },
    },
  });
}

/** Care over a real socket with its own database, consuming intake's stream in its own namespace. */
export async function startCareTestBed(label: string, env: Record<string, string> = {}): Promise<CareTestBed> {
  const namespace = testNamespace(label);
  const nc = await connect({ servers: await sharedNatsUrl(), name: `care-test-${label}` });
  // Provisioning is a deployment step: streams and the durable exist before the service starts.
  await provisionJetStream(nc, {
    namespace,
    streams: [
      { service: 'intake', maxAgeMs: 0, maxBytes: -1 },
      { service: 'care', maxAgeMs: 0, maxBytes: -1 },
    ],
    consumers: CARE_CONSUMERS,
  });
  const care = await startServiceForTest(CARE_UNDER_TEST, {
    label,
    namespace,
    env: {
      CARE_OVERDUE_SCAN_INTERVAL_MS: '3600000',
      // Keys of this bed alone, as a deployment gives them: never the shared dev keys.
      FIELD_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      LOOKUP_KEY: randomBytes(32).toString('base64'),
      ...env,
    },
  });
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const versions = new CaseVersions();
  const publish: CareTestBed['publish'] = async (contract, envelope, options = {}) => {
    const subject = namespacedSubject(eventSubject(contract.name, envelope.officeCode), namespace);
    const ack = await js.publish(subject, JSON.stringify(envelope), { msgID: options.msgID ?? envelope.id });
    return ack.seq;
  };
  const drained = async () =>
    waitFor('the care consumer to settle every message', async () => {
      const info = await jsm.consumers.info(namespacedStream(streamName('intake'), namespace), CARE_INTAKE_CASES_CONSUMER.durable);
      return info.num_pending === 0 && info.num_ack_pending === 0;
    });
  return {
    care,
    nc,
    versions,
    registration: (overrides) => registrationEvent(versions, overrides),
    intakeEvent: (contract, caseId, officeCode, data) =>
      createEnvelope({ name: contract.name, caseId, officeCode, actor: { kind: 'officer', id: 'opi-test' }, caseVersion: versions.next('intake', caseId), data }),
    publish,
    drained,
    openRecord: async (overrides = {}) => {
      const envelope = registrationEvent(versions, overrides);
      await publish(caseRegisteredV2, envelope);
      await waitFor('the care record', async () => (await care.dataSource.query(`SELECT 1 FROM care_record WHERE case_id = $1`, [envelope.caseId])).length === 1);
      return envelope.caseId;
    },
    close: async () => {
      await care.close();
      for await (const name of jsm.streams.names()) {
        if (name.startsWith(`${namespace}_`)) await jsm.streams.delete(name);
      }
      await nc.close();
    },
  };
}

export async function outboxOf(care: CareHarness, caseId: string): Promise<Array<{ type: string; data: Record<string, unknown> }>> {
  const rows: Array<{ payload: { type: string; data: Record<string, unknown> } }> = await care.dataSource.query(
    `SELECT payload FROM outbox WHERE case_id = $1 ORDER BY position`,
    [caseId],
  );
  return rows.map((row) => ({ type: row.payload.type, data: row.payload.data }));
}
