import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Msg, NatsConnection, PermissionViolationError, Subscription } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { Logger } from '@nestjs/common';
import { ServerNats } from '@nestjs/microservices';
import pino from 'pino';

import { caseStatusRequest, LEGAL_CASE_STATUS_PATTERN } from '@opis/contracts-legal-status';
import { LegalStatusClient } from '@opis/legal-status-client';
import { consumersForOffices } from '@opis/messaging';
import { inboxPrefixOf, natsConnectOptions } from '@opis/platform';
import { NatsServerProcess, waitFor } from '@opis/testing';

import { BuiltService, builtPlatformServices, runProvisioning, WORKSPACE } from './built-platform';
import {
  ConfiguredNats,
  consumerPermissions,
  DEDICATED_OFFICES,
  generatedPublish,
  HELM_VALUES_PATH,
  makeTestCertificates,
  NATS_CONF_PATH,
  natsConfUsers,
  startConfiguredNats,
  TestCertificates,
  withHelmPublishLists,
  withPublishLists,
} from './nats-conf';

const USERS = natsConfUsers();
const PLATFORM_SERVICES = builtPlatformServices();

/** The durables a service reads: its own, its dedicated offices', and those every instance shares. */
function durablesOf(service: BuiltService): BuiltService['consumers'] {
  return [...service.consumers, ...consumersForOffices(service.consumers, DEDICATED_OFFICES[service.name] ?? []), ...(service.sharedConsumers ?? [])];
}

/** Violations the server reported to a connection (they arrive asynchronously, as -ERR). */
function watchViolations(nc: NatsConnection): PermissionViolationError[] {
  const seen: PermissionViolationError[] = [];
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'error' && status.error instanceof PermissionViolationError) seen.push(status.error);
    }
  })();
  return seen;
}

async function expectViolation(seen: PermissionViolationError[], operation: 'publish' | 'subscription', subject: string): Promise<void> {
  await waitFor(`a ${operation} violation on ${subject}`, () =>
    seen.some((error) => error.operation === operation && error.subject === subject),
  );
}

/** The next message a subscription receives. */
async function nextOf(subscription: Subscription): Promise<Msg> {
  for await (const message of subscription) return message;
  throw new Error(`${subscription.getSubject()} closed without a message`);
}

/** The services with request handlers (`@MessagePattern`), read from their sources as deploy may not import them. */
function servicesAnsweringRequests(): string[] {
  const answering = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((entry) =>
      entry.isDirectory()
        ? answering(join(dir, entry.name))
        : entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && readFileSync(join(dir, entry.name), 'utf8').includes('@MessagePattern('),
    );
  return PLATFORM_SERVICES.map((service) => service.name).filter((name) => answering(join(WORKSPACE, 'services', name, 'src')));
}

describe('deploy/nats/nats.conf', () => {
  it('lets each service read exactly its own durable consumers (services/<svc>/src/<svc>.consumers.ts), and those of its dedicated offices', () => {
    for (const service of PLATFORM_SERVICES) {
      const user = USERS.find((candidate) => candidate.user === service.name);
      const jetStreamApi = (user?.publish ?? []).filter((subject) => subject.startsWith('$JS.'));
      const consumers = durablesOf(service);
      const expected = consumers.flatMap((consumer) => consumerPermissions(consumer.stream, consumer.durable));
      expect({ user: service.name, jetStreamApi: jetStreamApi.sort() }).toEqual({
        user: service.name,
        jetStreamApi: ['$JS.API.INFO', ...expected].sort(),
      });
    }
  });

  it('has the consumer permissions generated from the services\' consumers and deploy/k8s/dedicated-offices/offices.env, in nats.conf and the Helm values', () => {
    // One list: an office given an instance of its own in offices.env gets its durables' rights
    // here by generation, never by hand. WRITE_NATS_PERMISSIONS=1 writes both files.
    const publish = Object.fromEntries(
      PLATFORM_SERVICES.map((service) => {
        const written = USERS.find((candidate) => candidate.user === service.name)?.publish ?? [];
        const consumers = durablesOf(service);
        return [service.name, generatedPublish(written, consumers)];
      }),
    );
    const conf = readFileSync(NATS_CONF_PATH, 'utf8');
    const values = readFileSync(HELM_VALUES_PATH, 'utf8');
    const expected = { natsConf: withPublishLists(conf, publish), helmValues: withHelmPublishLists(values, publish) };
    if (process.env.WRITE_NATS_PERMISSIONS === '1') {
      writeFileSync(NATS_CONF_PATH, expected.natsConf);
      writeFileSync(HELM_VALUES_PATH, expected.helmValues);
    }
    expect({ natsConf: conf, helmValues: values }).toEqual(expected);
    // The generator reaches every service's list (a layout it cannot read would leave one as it was).
    for (const service of PLATFORM_SERVICES) {
      expect(withPublishLists(conf, { [service.name]: ['x'] })).not.toBe(conf);
      expect(withHelmPublishLists(values, { [service.name]: ['x'] })).not.toBe(values);
    }
  });

  it('gives each user its own inbox prefix to subscribe to, no inbox to publish to, and answers only to services that answer requests', () => {
    const answering = servicesAnsweringRequests();
    expect(answering).toEqual(expect.arrayContaining(['intake', 'legal-status']));
    for (const user of USERS.filter((candidate) => candidate.user !== 'developer')) {
      const inboxes = (subjects: string[] | undefined): string[] => (subjects ?? []).filter((subject) => subject.startsWith('_INBOX'));
      expect({ user: user.user, subscribe: inboxes(user.subscribe), publish: inboxes(user.publish) }).toEqual({
        user: user.user,
        subscribe: [`${inboxPrefixOf(user.user)}.>`],
        publish: [],
      });
      // Besides its inbox, only its own requests: a live subscription to events would hand a
      // responder the publisher's inbox (js.publish's reply subject), which it could then answer.
      for (const subject of user.subscribe ?? []) expect([`${inboxPrefixOf(user.user)}.>`, `opis.${user.user}.q.>`]).toContain(subject);
      const answers = answering.includes(user.user) ? { max: 1, expires: '30s' } : undefined;
      expect({ user: user.user, allowResponses: user.allowResponses }).toEqual({ user: user.user, allowResponses: answers });
    }
  });
});

describe('NATS permissions of deploy/nats/nats.conf on a real server', () => {
  const connections: NatsConnection[] = [];
  let nats: ConfiguredNats;
  let server: NatsServerProcess;

  /** Connected as a service connects: user, password and inbox prefix from its NATS_URL. */
  async function connectAs(user: string): Promise<NatsConnection> {
    const nc = await connect({ ...natsConnectOptions(nats.urlFor(user)), reconnect: false });
    connections.push(nc);
    return nc;
  }

  beforeAll(async () => {
    nats = await startConfiguredNats();
    server = nats.server;
    // The real provisioning step, as the Job runs it: every stream and consumer.
    const provisioning = runProvisioning({ NATS_URL: nats.urlFor('provisioner'), STREAM_REPLICAS: '1' });
    expect(provisioning).toEqual({ status: 0, stderr: '' });
  });

  afterAll(async () => {
    await Promise.all(connections.map((nc) => nc.close()));
    await nats?.dispose();
  });

  it('refuses a connection without a user or with a wrong password', async () => {
    await expect(connect({ servers: server.url, reconnect: false, timeout: 1_000 })).rejects.toThrow(/authorization/i);
    await expect(connect({ servers: server.url, user: 'intake', pass: 'wrong', reconnect: false, timeout: 1_000 })).rejects.toThrow(/authorization/i);
  });

  it("lets intake publish its own events, the stream's acknowledgement reaching intake's inbox, and no one subscribe to them live", async () => {
    const intake = await connectAs('intake');
    const ack = await jetstream(intake).publish('opis.intake.case.registered.v1.CHP', '{"case":"one"}', { msgID: 'positive-1' });
    expect(ack.stream).toBe('OPIS_INTAKE');
    // Events reach other services through their durables only (next test). Live, legal-status
    // would be delivered intake's publishes with intake's inbox as reply subject, and could answer
    // them (it has allow_responses) before the stream does: a forged acknowledgement, an event lost.
    for (const name of ['legal-status', 'care']) {
      const reader = await connectAs(name);
      const violations = watchViolations(reader);
      const live = reader.subscribe('opis.intake.*.*.*.*');
      await expectViolation(violations, 'subscription', 'opis.intake.*.*.*.*');
      await expect(live.closed).resolves.toBeInstanceOf(PermissionViolationError);
    }
  });

  it("lets care read intake's events through its own durable consumer and acknowledge them", async () => {
    const intake = await connectAs('intake');
    const care = await connectAs('care');
    await jetstream(intake).publish('opis.intake.case.transferred.v1.TAB', '{"case":"two"}', { msgID: 'positive-2' });
    const consumer = await jetstream(care).consumers.get('OPIS_INTAKE', 'care-intake-case');
    const message = await consumer.next({ expires: 5_000 });
    expect(message?.subject).toMatch(/^opis\.intake\.case\./);
    await message?.ackAck();
    const info = await consumer.info();
    expect(info.ack_floor.stream_seq).toBe(message?.seq);
  });

  it("lets the console's gateway read intake's events through its own whole-stream durable, and publish no event at all", async () => {
    const intake = await connectAs('intake');
    const gateway = await connectAs('gateway');
    await jetstream(intake).publish('opis.intake.case.registered.v1.CHP', '{"case":"timeline"}', { msgID: 'gateway-1' });
    const consumer = await jetstream(gateway).consumers.get('OPIS_INTAKE', 'gateway-intake');
    const message = await consumer.next({ expires: 5_000 });
    expect(message?.subject).toMatch(/^opis\.intake\./);
    await message?.ackAck();
    // Not another service's durable on the same stream, nor a live subscription, nor an event of any stream.
    await expect(jetstream(gateway, { timeout: 2_000 }).consumers.get('OPIS_INTAKE', 'care-intake-case')).rejects.toThrow(/permissions violation/i);
    const violations = watchViolations(gateway);
    const live = gateway.subscribe('opis.intake.>');
    await expectViolation(violations, 'subscription', 'opis.intake.>');
    await expect(live.closed).resolves.toBeInstanceOf(PermissionViolationError);
    for (const subject of ['opis.intake.case.registered.v1.CHP', 'opis.gateway.timeline.read.v1.CHP', 'opis.intake.q.identity']) {
      gateway.publish(subject, '{"forged":true}');
      await expectViolation(violations, 'publish', subject);
    }
  });

  it("refuses intake publishing care's subjects: nothing reaches care's stream", async () => {
    const intake = await connectAs('intake');
    const violations = watchViolations(intake);
    intake.publish('opis.care.need.delivered.v1.CHP', '{"forged":true}');
    await expectViolation(violations, 'publish', 'opis.care.need.delivered.v1.CHP');
    const jsm = await jetstreamManager(await connectAs('provisioner'));
    expect((await jsm.streams.info('OPIS_CARE')).state.messages).toBe(0);
  });

  it("refuses intake changing streams: only the provisioner may", async () => {
    const intake = await connectAs('intake');
    const jsm = await jetstreamManager(intake, { checkAPI: false, timeout: 2_000 });
    await expect(jsm.streams.delete('OPIS_INTAKE')).rejects.toThrow(/permissions violation/i);
    await expect(jsm.streams.info('OPIS_INTAKE')).rejects.toThrow(/permissions violation/i);
  });

  it('provisions STREAM_REPLICAS copies of each stream: a lone server refuses 3, the script refuses 2', async () => {
    // Production's value reaches JetStream, which needs three servers for it (a fresh one here:
    // an existing stream's update is not where a lone server says so).
    const lone = await NatsServerProcess.start();
    try {
      const three = runProvisioning({ NATS_URL: lone.url, STREAM_REPLICAS: '3' });
      expect(three.status).not.toBe(0);
      expect(three.stderr).toMatch(/replicas/i);
    } finally {
      await lone.dispose();
    }
    const two = runProvisioning({ NATS_URL: nats.urlFor('provisioner'), STREAM_REPLICAS: '2' });
    expect(two.status).not.toBe(0);
    expect(two.stderr).toMatch(/STREAM_REPLICAS must be 1, 3 or 5/);
  });

  it("refuses care reading family-contact's stream, by subscription or by any consumer", async () => {
    const familyContact = await connectAs('family-contact');
    await jetstream(familyContact).publish('opis.family-contact.member.located.v1.CHP', '{"member":"m"}', { msgID: 'fc-1' });
    const care = await connectAs('care');
    const violations = watchViolations(care);

    const sniffer = care.subscribe('opis.family-contact.>');
    await expectViolation(violations, 'subscription', 'opis.family-contact.>');
    await expect(sniffer.closed).resolves.toBeInstanceOf(PermissionViolationError);

    const js = jetstream(care, { timeout: 2_000 });
    // Repatriation's durable on that stream, an ordered (ephemeral) consumer, a new durable.
    await expect(js.consumers.get('OPIS_FAMILY_CONTACT', 'repatriation-family-contact')).rejects.toThrow(/permissions violation/i);
    await expect(js.consumers.get('OPIS_FAMILY_CONTACT')).rejects.toThrow(/permissions violation/i);
    const jsm = await jetstreamManager(care, { checkAPI: false, timeout: 2_000 });
    await expect(jsm.consumers.add('OPIS_FAMILY_CONTACT', { durable_name: 'care-reads-family' })).rejects.toThrow(/permissions violation/i);
    // Nor can care pull from its own kind of durable on another stream.
    await expect(js.consumers.get('OPIS_INTAKE', 'family-contact-intake-cases')).rejects.toThrow(/permissions violation/i);

    // The stream was readable all along, by the service allowed to read it.
    const repatriation = await connectAs('repatriation');
    const allowed = await jetstream(repatriation).consumers.get('OPIS_FAMILY_CONTACT', 'repatriation-family-contact');
    const message = await allowed.next({ expires: 5_000 });
    expect(message?.subject).toBe('opis.family-contact.member.located.v1.CHP');
    message?.ack();
  });
  it('lets repatriation ask legal-status through the NestJS transport and get the answer, in its own inbox', async () => {
    // legal-status's request handler as the service runs it (NestJS ServerNats, queue group), and
    // repatriation's real client: the answer can only come back through `_INBOX_repatriation`.
    // The transport logs its connections' closing through Nest's logger: noise here.
    Logger.overrideLogger(false);
    const responder = new ServerNats({ ...natsConnectOptions(nats.urlFor('legal-status')), queue: 'legal-status', reconnect: false });
    responder.addHandler(LEGAL_CASE_STATUS_PATTERN, async (request: { caseId: string }) => ({ ...caseStatusRequest.example?.reply, caseId: request.caseId }));
    await new Promise<void>((resolve, reject) => void responder.listen((error?: unknown) => (error ? reject(error) : resolve())));
    await responder.unwrap<NatsConnection>().flush();
    const client = new LegalStatusClient({
      serviceName: 'repatriation',
      natsUrl: nats.urlFor('repatriation'),
      timeoutMs: 5_000,
      token: 'a-service-token-the-responder-does-not-check',
      devKeys: false,
      logger: pino({ level: 'silent' }),
    });
    try {
      await client.onApplicationBootstrap();
      const caseId = '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d77';
      const answer = await client.caseStatus(caseId);
      expect(answer).toEqual({ kind: 'answered', reply: expect.objectContaining({ caseId, returnLocked: true }) });
    } finally {
      await client.onApplicationShutdown();
      await responder.close();
    }
  });

  it("refuses every other service a subscription to repatriation's inbox, or to any inbox but its own", async () => {
    for (const name of ['intake', 'care', 'family-contact', 'legal-status', 'statistics']) {
      const other = await connectAs(name);
      const violations = watchViolations(other);
      for (const subject of ['_INBOX_repatriation.>', '_INBOX.>', '*.>', '>']) {
        const sniffer = other.subscribe(subject);
        await expectViolation(violations, 'subscription', subject);
        await expect(sniffer.closed).resolves.toBeInstanceOf(PermissionViolationError);
      }
    }
  });

  it('lets only the service asked answer, once: intake, asked by repatriation too, cannot forge the lock answer', async () => {
    const repatriation = await connectAs('repatriation');
    const legalStatus = await connectAs('legal-status');
    const intake = await connectAs('intake');
    const care = await connectAs('care');
    const clearances = legalStatus.subscribe('opis.legal-status.q.move-clearance', { queue: 'legal-status', max: 1 });
    const identities = intake.subscribe('opis.intake.q.identity', { queue: 'intake', max: 1 });
    await Promise.all([legalStatus.flush(), intake.flush()]);

    const clearanceAnswer = repatriation.request('opis.legal-status.q.move-clearance', '{"caseId":"c"}', { timeout: 10_000 });
    const identityAnswer = repatriation.request('opis.intake.q.identity', '{"caseId":"c"}', { timeout: 10_000 });
    const clearance = await nextOf(clearances);
    const identity = await nextOf(identities);
    expect(clearance.reply).toMatch(/^_INBOX_repatriation\./);
    expect(identity.reply).toMatch(/^_INBOX_repatriation\./);

    // Intake was handed an inbox of repatriation's, and is even told the lock question's: it may
    // still answer only its own question. Neither may care (asked nothing), nor anyone guess one.
    const intakeViolations = watchViolations(intake);
    intake.publish(clearance.reply ?? '', '{"cleared":true}');
    await expectViolation(intakeViolations, 'publish', clearance.reply ?? '');
    const careViolations = watchViolations(care);
    care.publish(clearance.reply ?? '', '{"cleared":true}');
    await expectViolation(careViolations, 'publish', clearance.reply ?? '');
    const legalViolations = watchViolations(legalStatus);
    legalStatus.publish('_INBOX_repatriation.guessed', '{"cleared":true}');
    await expectViolation(legalViolations, 'publish', '_INBOX_repatriation.guessed');

    identity.respond('{"identity":"from intake"}');
    clearance.respond('{"cleared":false}');
    // One answer per request delivered: a second (a changed mind, a replay) is refused.
    clearance.respond('{"cleared":true}');
    await expectViolation(legalViolations, 'publish', clearance.reply ?? '');
    expect((await clearanceAnswer).string()).toBe('{"cleared":false}');
    expect((await identityAnswer).string()).toBe('{"identity":"from intake"}');
  });
});

describe('NATS with TLS required, as the Helm values serve it', () => {
  let certificates: TestCertificates;
  let nats: ConfiguredNats;

  beforeAll(async () => {
    certificates = makeTestCertificates();
    nats = await startConfiguredNats({ tls: certificates });
  });

  afterAll(async () => {
    await nats?.dispose();
    if (certificates) rmSync(certificates.dir, { recursive: true, force: true });
  });

  it("lets the provisioning Job's code connect with a nats:// URL once Node trusts the CA (NODE_EXTRA_CA_CERTS), and not before", () => {
    // The Kubernetes manifests give every workload NATS_URL nats://<user>:<password>@opis-nats:4222
    // and NODE_EXTRA_CA_CERTS; here the server's name is localhost.
    const url = new URL(nats.urlFor('provisioner'));
    url.hostname = 'localhost';
    const untrusted = runProvisioning({ NATS_URL: url.toString(), STREAM_REPLICAS: '1' });
    expect(untrusted.status).not.toBe(0);
    expect(untrusted.stderr).toMatch(/certificate/i);
    const trusted = runProvisioning({ NATS_URL: url.toString(), STREAM_REPLICAS: '1', NODE_EXTRA_CA_CERTS: certificates.caFile });
    expect(trusted).toEqual({ status: 0, stderr: '' });
  });
});
