import { randomBytes } from 'node:crypto';

import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection, Subscription } from '@nats-io/transport-node';

import { createEnvelope, EventContract, EventEnvelope, eventSubject, OfficeCode, streamName, uuidv7 } from '@opis/contracts-envelope';
import { memberLocatedV1, memberVerifiedV1 } from '@opis/contracts-family-contact';
import { caseRegisteredV2, CaseRegisteredV2 } from '@opis/contracts-intake';
import {
  BestInterestsSummary,
  bestInterestsRecordedV1,
  childInformedV1,
  LEGAL_CASE_STATUS_PATTERN,
  LEGAL_MOVE_CLEARANCE_PATTERN,
  procedureChangedV1,
} from '@opis/contracts-legal-status';
import { namespacedStream, namespacedSubject, provisionJetStream } from '@opis/messaging';
import { createTestSigner } from '@opis/platform';
import { ServiceHarness, startServiceForTest, TestResponse } from '@opis/service-harness';
import { CaseVersions, sharedNatsUrl, testNamespace, waitFor } from '@opis/testing';

import { REPATRIATION_CONSUMERS } from '@opis/platform-services';
import { REPATRIATION_SERVICE_NAME, RepatriationConfig } from '../../src/repatriation.config';
import { RepatriationModule } from '../../src/repatriation.module';
import { REPATRIATION_MIGRATIONS } from '../../src/repatriation.schema';

export type RepatriationHarness = ServiceHarness<RepatriationConfig>;

/** How the stand-in for legal-status's case-status and move-clearance handlers answers. */
export interface LegalStatusStub {
  mode: 'answer' | 'silent';
  returnLocked: boolean;
  bestInterestsRecommendsReturn: boolean;
  /** The cases whose PAM legal-status resolved as ASSISTED_RETURN_APPROVED: `assistedReturnResolved` of both replies. */
  assistedReturnResolved: Set<string>;
  /** The best-interests determinations legal-status lists per case (case status `bestInterests`). */
  bestInterests: Map<string, BestInterestsSummary[]>;
  /** The case of every question asked. */
  requests: string[];
  /** The step of every clearance asked for. */
  clearances: string[];
}

export interface RepatriationTestBed {
  service: RepatriationHarness;
  nc: NatsConnection;
  legalStatus: LegalStatusStub;
  /** The caseVersion of each event the test publishes, per producing stream. */
  versions: CaseVersions;
  /** The producer's next event about a case (its next caseVersion), not yet published. */
  envelope<T extends object>(contract: EventContract<T>, caseId: string, officeCode: OfficeCode, data: T): EventEnvelope<T>;
  /**
   * Publishes an event of another service on its namespaced subject, as its relay would: a new one
   * (the next caseVersion), or `envelope` again (a redelivery, or an order chosen on purpose).
   */
  publish<T extends object>(contract: EventContract<T>, caseId: string, officeCode: OfficeCode, data: T, envelope?: EventEnvelope<T>): Promise<EventEnvelope<T>>;
  /** Publishes and waits until repatriation's consumer has taken it (inbox row). */
  deliver<T extends object>(contract: EventContract<T>, caseId: string, officeCode: OfficeCode, data: T, envelope?: EventEnvelope<T>): Promise<EventEnvelope<T>>;
  register(overrides?: Partial<CaseRegisteredV2> & { officeCode?: OfficeCode }): Promise<string>;
  close(): Promise<void>;
}

export function registeredSample(overrides: Partial<CaseRegisteredV2> = {}): CaseRegisteredV2 {
  return {
    ...caseRegisteredV2.example,
    screening: { ...caseRegisteredV2.example.screening, protectionNeedIndicated: false },
    ...overrides,
  } as CaseRegisteredV2;
}

export async function startRepatriation(label: string): Promise<RepatriationTestBed> {
  const namespace = testNamespace(label);
  const natsUrl = await sharedNatsUrl();
  const nc: NatsConnection = await connect({ servers: natsUrl });
  await provisionJetStream(nc, {
    namespace,
    streams: ['intake', 'legal-status', 'family-contact', 'repatriation'].map((service) => ({ service: service as 'intake', maxAgeMs: 0, maxBytes: -1 })),
    consumers: REPATRIATION_CONSUMERS,
  });
  const legalStatus: LegalStatusStub = {
    mode: 'answer',
    returnLocked: false,
    bestInterestsRecommendsReturn: true,
    assistedReturnResolved: new Set(),
    bestInterests: new Map(),
    requests: [],
    clearances: [],
  };
  let clearanceVersion = 0;
  const clearanceStub: Subscription = nc.subscribe(namespacedSubject(LEGAL_MOVE_CLEARANCE_PATTERN, namespace), {
    callback: (_error, msg) => {
      const packet = msg.json<{ id: string; data: { caseId: string; step: string } }>();
      legalStatus.requests.push(packet.data.caseId);
      legalStatus.clearances.push(packet.data.step);
      if (legalStatus.mode === 'silent') return;
      const locked = legalStatus.returnLocked;
      const response = {
        caseId: packet.data.caseId,
        step: packet.data.step,
        cleared: !locked,
        clearanceId: uuidv7(),
        reasons: locked ? ['CLAIM_PENDING'] : [],
        bestInterestsRecommendsReturn: legalStatus.bestInterestsRecommendsReturn,
        assistedReturnResolved: legalStatus.assistedReturnResolved.has(packet.data.caseId),
        caseVersion: (clearanceVersion += 1),
        decidedAt: new Date().toISOString(),
      };
      msg.respond(JSON.stringify({ id: packet.id, response, isDisposed: true }));
    },
  });
  const stub: Subscription = nc.subscribe(namespacedSubject(LEGAL_CASE_STATUS_PATTERN, namespace), {
    callback: (_error, msg) => {
      const packet = msg.json<{ id: string; data: { caseId: string } }>();
      legalStatus.requests.push(packet.data.caseId);
      if (legalStatus.mode === 'silent') return;
      const locked = legalStatus.returnLocked;
      const response = {
        caseId: packet.data.caseId,
        returnLocked: locked,
        consularContactLocked: locked,
        reasons: locked ? ['CLAIM_PENDING'] : [],
        protectionStatus: locked ? 'CLAIM_PENDING' : 'NOT_ASSESSED',
        protectionClaimed: locked,
        bestInterestsRecommendsReturn: legalStatus.bestInterestsRecommendsReturn,
        assistedReturnResolved: legalStatus.assistedReturnResolved.has(packet.data.caseId),
        bestInterests: legalStatus.bestInterests.get(packet.data.caseId) ?? [],
        asOf: new Date().toISOString(),
      };
      msg.respond(JSON.stringify({ id: packet.id, response, isDisposed: true }));
    },
  });
  const signer = createTestSigner();
  const service = await startServiceForTest(
    {
      serviceName: REPATRIATION_SERVICE_NAME,
      configClass: RepatriationConfig,
      migrations: REPATRIATION_MIGRATIONS,
      module: (config: RepatriationConfig, options: { natsNamespace: string }) => RepatriationModule.register(config, options),
    },
    {
      label,
      namespace,
      natsUrl,
      signer,
      env: {
        LEGAL_STATUS_TOKEN: await signer.mint({ subject: 'svc-repatriation', roles: ['integration'], offices: ['CHP', 'TAB', 'BCN'] }),
        LEGAL_STATUS_TIMEOUT_MS: '300',
        // Keys of this bed alone, as a deployment gives them: never the shared dev keys.
        FIELD_KEYS: `k1:${randomBytes(32).toString('base64')}`,
        LOOKUP_KEY: randomBytes(32).toString('base64'),
      },
    },
  );
  const js = jetstream(nc);
  const versions = new CaseVersions();
  const next: RepatriationTestBed['envelope'] = (contract, caseId, officeCode, data) =>
    createEnvelope({ name: contract.name, caseId, officeCode, actor: { kind: 'officer', id: 'opi-test' }, caseVersion: versions.next(contract.name.service, caseId), data });
  const publish: RepatriationTestBed['publish'] = async (contract, caseId, officeCode, data, given) => {
    const envelope = given ?? next(contract, caseId, officeCode, data);
    // A fresh msg id per publish: a redelivery test republishes the same envelope past JetStream's duplicate window.
    await js.publish(namespacedSubject(eventSubject(contract.name, officeCode), namespace), JSON.stringify(envelope), { msgID: `${envelope.id}-${uuidv7()}` });
    return envelope;
  };
  const deliver: RepatriationTestBed['deliver'] = async (contract, caseId, officeCode, data, given) => {
    const envelope = await publish(contract, caseId, officeCode, data, given);
    await waitFor(`${envelope.type} taken`, async () => (await service.dataSource.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [envelope.id])).length > 0);
    return envelope;
  };
  return {
    service,
    nc,
    legalStatus,
    versions,
    envelope: next,
    publish,
    deliver,
    register: async (overrides = {}) => {
      const { officeCode = 'CHP', ...data } = overrides;
      const caseId = uuidv7();
      await deliver(caseRegisteredV2, caseId, officeCode, registeredSample(data));
      return caseId;
    },
    close: async () => {
      stub.unsubscribe();
      clearanceStub.unsubscribe();
      await service.close();
      await nc.close();
    },
  };
}

export const FAMILY_MEMBER = '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d11';

/** Where the verified parent lives (family-contact's `member.located`): GT unless chosen; null publishes no location. */
export interface FamilyOptions {
  familyCountry?: string | null;
}

/**
 * What legal-status and family-contact publish before a return can be proposed and approved (each
 * can be left out): the PAM resolved as ASSISTED_RETURN_APPROVED (published, and answered when
 * asked), the Procuraduría's plan, the child informed, a verified parent.
 */
export async function publishReturnFacts(
  bed: RepatriationTestBed,
  caseId: string,
  skip: { procedure?: boolean; bestInterests?: boolean; informed?: boolean; family?: boolean } = {},
  options: FamilyOptions = {},
): Promise<void> {
  const now = new Date().toISOString();
  if (!skip.procedure) await resolvePam(bed, caseId);
  if (!skip.bestInterests) {
    await bed.deliver(bestInterestsRecordedV1, caseId, 'CHP', { recordType: 'PLAN', recommendedMeasure: 'ASSISTED_RETURN', urgentMeasures: 0, decidedAt: now });
  }
  if (!skip.informed) {
    await bed.deliver(childInformedV1, caseId, 'CHP', { topic: 'RETURN_PROCESS', language: 'quc', interpreterUsed: true, heldAt: now, dutiesDischarged: 1 });
  }
  if (!skip.family) {
    const country = options.familyCountry === undefined ? 'GT' : options.familyCountry;
    if (country !== null) {
      await bed.deliver(memberLocatedV1, caseId, 'CHP', { contactId: FAMILY_MEMBER, relationship: 'PARENT', via: 'CALL', country, locatedAt: now });
    }
    await bed.deliver(memberVerifiedV1, caseId, 'CHP', {
      contactId: FAMILY_MEMBER,
      relationship: 'PARENT',
      evidence: ['BIRTH_CERTIFICATE'],
      childWish: 'WANTS_REUNIFICATION',
      verifiedAt: now,
    });
  }
}

/** legal-status resolves the PAM as ASSISTED_RETURN_APPROVED: it publishes it, and answers so from now on. */
export async function resolvePam(bed: RepatriationTestBed, caseId: string): Promise<void> {
  bed.legalStatus.assistedReturnResolved.add(caseId);
  await bed.deliver(procedureChangedV1, caseId, 'CHP', { status: 'RESOLVED', previousStatus: 'PLAN_RECEIVED', resolution: 'ASSISTED_RETURN_APPROVED', stayStatus: 'VRH_CAUTELAR' });
}

/** An appeal or amparo against the resolution (UNDER_REVIEW): legal-status publishes it and answers not resolved. */
export async function reopenPam(bed: RepatriationTestBed, caseId: string): Promise<EventEnvelope<object>> {
  bed.legalStatus.assistedReturnResolved.delete(caseId);
  return bed.deliver(procedureChangedV1, caseId, 'CHP', { status: 'UNDER_REVIEW', previousStatus: 'RESOLVED', resolution: 'ASSISTED_RETURN_APPROVED', stayStatus: 'VRH_CAUTELAR' });
}

/** The next Monday 10:00 in Guatemala at least `minDays` days ahead (inside GT's seeded window and notice). */
export function nextGuatemalaWindow(minDays = 4): string {
  const day = new Date(Date.now() + minDays * 86_400_000);
  while (day.getUTCDay() !== 1) day.setUTCDate(day.getUTCDate() + 1);
  day.setUTCHours(16, 0, 0, 0);
  return day.toISOString();
}

export async function outboxEvents(service: RepatriationHarness, type: string, caseId?: string): Promise<Array<{ subject: string; payload: EventEnvelope<Record<string, unknown>> }>> {
  return service.dataSource.query(
    `SELECT subject, payload FROM outbox WHERE event_type = $1 AND ($2::uuid IS NULL OR case_id = $2::uuid) ORDER BY id`,
    [type, caseId ?? null],
  );
}

/**
 * The last event of a contract the relay published on repatriation's stream for an office, once
 * `matches` holds for it: what legal-status and others read.
 */
export async function lastPublished<T extends object>(
  bed: RepatriationTestBed,
  contract: EventContract<T>,
  matches: (envelope: EventEnvelope<T>) => boolean,
  officeCode: OfficeCode = 'CHP',
): Promise<EventEnvelope<T>> {
  const jsm = await jetstreamManager(bed.nc);
  const subject = namespacedSubject(eventSubject(contract.name, officeCode), bed.service.namespace);
  let published: EventEnvelope<T> | undefined;
  await waitFor(`${subject} published`, async () => {
    const message = await jsm.streams.getMessage(namespacedStream(streamName('repatriation'), bed.service.namespace), { last_by_subj: subject }).catch(() => null);
    published = message?.json<EventEnvelope<T>>();
    return published !== undefined && matches(published);
  });
  return published as EventEnvelope<T>;
}

export async function auditTrail(service: RepatriationHarness, caseId: string, action: string): Promise<Array<{ outcome: string; reason: string | null }>> {
  return service.dataSource.query(`SELECT outcome, reason FROM audit_log WHERE case_id = $1 AND action = $2 ORDER BY occurred_at, id`, [caseId, action]);
}

/** What a return-plan test leaves out of a plan otherwise ready for approval. */
export interface PlanSkips {
  procedure?: boolean;
  bestInterests?: boolean;
  informed?: boolean;
  family?: boolean;
  authority?: boolean;
  fit?: boolean;
}

/** The return-plan API as an officer (and a supervisor for approval) calls it. */
export interface PlanDriver {
  path(caseId: string, planId?: string, step?: string): string;
  post(url: string, body?: unknown, token?: string): Promise<TestResponse>;
  put(url: string, body: unknown, token?: string): Promise<TestResponse>;
  get(caseId: string, planId: string): Promise<TestResponse>;
  confirmAuthority(caseId: string, planId: string, overrides?: Record<string, unknown>): Promise<TestResponse>;
  approve(caseId: string, planId: string): Promise<TestResponse>;
  schedule(caseId: string, planId: string, overrides?: Record<string, unknown>): Promise<TestResponse>;
  depart(caseId: string, planId: string): Promise<TestResponse>;
  handOver(caseId: string, planId: string, overrides?: Record<string, unknown>): Promise<TestResponse>;
  /** A registered case and a proposed plan to Guatemala with every precondition met, except what `skip` leaves out. */
  readyPlan(skip?: PlanSkips, options?: FamilyOptions): Promise<{ caseId: string; planId: string }>;
}

function expectStatus(response: TestResponse, status: number, what: string): TestResponse {
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  return response;
}

export function planDriver(bed: RepatriationTestBed, officer: string, supervisor: string): PlanDriver {
  const path: PlanDriver['path'] = (caseId, planId, step) => `/v1/cases/${caseId}/return-plans${planId ? `/${planId}` : ''}${step ? `/${step}` : ''}`;
  const post: PlanDriver['post'] = (url, body = {}, token = officer) => bed.service.request('POST', url, { token, body });
  const put: PlanDriver['put'] = (url, body, token = officer) => bed.service.request('PUT', url, { token, body });
  const driver: PlanDriver = {
    path,
    post,
    put,
    get: (caseId, planId) => bed.service.request('GET', path(caseId, planId), { token: officer }),
    confirmAuthority: (caseId, planId, overrides = {}) =>
      put(path(caseId, planId, 'receiving-authority'), {
        authorityCode: 'GT-SBS',
        officialPosition: 'Delegada de protección',
        officialName: 'Licda. Marta Cux',
        officialContact: '+502 2414 7500',
        acceptedAt: new Date().toISOString(),
        takesGuardianship: false,
        ...overrides,
      }),
    approve: (caseId, planId) => post(path(caseId, planId, 'approval'), undefined, supervisor),
    schedule: (caseId, planId, overrides = {}) =>
      post(path(caseId, planId, 'schedule'), {
        exitPointCode: 'MX-CHP-CIUDAD-HIDALGO',
        handoverAt: nextGuatemalaWindow(),
        legs: [{ mode: 'LAND', origin: 'Tapachula', destination: 'Ciudad Hidalgo', departsAt: nextGuatemalaWindow(), escortOfficerIds: ['opi-chp-0042'] }],
        withAdultReturns: false,
        ...overrides,
      }),
    depart: (caseId, planId) => post(path(caseId, planId, 'departure')),
    handOver: (caseId, planId, overrides = {}) =>
      post(path(caseId, planId, 'handover'), {
        authorityCode: 'GT-SBS',
        officialName: 'Licda. Ana López',
        officialPosition: 'Delegada de protección',
        place: 'Tecún Umán, puesto fronterizo',
        handedOverAt: new Date().toISOString(),
        signed: true,
        ...overrides,
      }),
    readyPlan: async (skip = {}, options = {}) => {
      const caseId = await bed.register();
      await publishReturnFacts(bed, caseId, skip, options);
      // Without a family published, the plan names no one: a proposal naming an unknown member is refused.
      const proposed = expectStatus(await post(path(caseId), { receivingCountry: 'GT', ...(skip.family ? {} : { familyContactId: FAMILY_MEMBER }) }), 201, 'proposal');
      const planId = proposed.body.planId as string;
      if (!skip.authority) expectStatus(await driver.confirmAuthority(caseId, planId), 200, 'receiving authority');
      expectStatus(await put(path(caseId, planId, 'fitness'), { fitToTravel: !skip.fit, assessedAt: new Date().toISOString() }), 200, 'fitness');
      return { caseId, planId };
    },
  };
  return driver;
}
