import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { NatsConnection, PermissionViolationError } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { consumersForOffices } from '@opis/messaging';
import { NatsServerProcess, waitFor } from '@opis/testing';

import { builtPlatformServices, runProvisioning } from './built-platform';
import { ConfiguredNats, consumerPermissions, DEDICATED_OFFICES, natsConfUsers, startConfiguredNats } from './nats-conf';

const USERS = natsConfUsers();
const PLATFORM_SERVICES = builtPlatformServices();

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

describe('deploy/nats/nats.conf', () => {
  it('lets each service read exactly its own durable consumers (services/<svc>/src/<svc>.consumers.ts), and those of its dedicated offices', () => {
    for (const service of PLATFORM_SERVICES) {
      const user = USERS.find((candidate) => candidate.user === service.name);
      const jetStreamApi = (user?.publish ?? []).filter((subject) => subject.startsWith('$JS.'));
      const consumers = [...service.consumers, ...consumersForOffices(service.consumers, DEDICATED_OFFICES[service.name] ?? [])];
      const expected = consumers.flatMap((consumer) => consumerPermissions(consumer.stream, consumer.durable));
      expect({ user: service.name, jetStreamApi: jetStreamApi.sort() }).toEqual({
        user: service.name,
        jetStreamApi: ['$JS.API.INFO', ...expected].sort(),
      });
    }
  });
});

describe('NATS permissions of deploy/nats/nats.conf on a real server', () => {
  const connections: NatsConnection[] = [];
  let nats: ConfiguredNats;
  let server: NatsServerProcess;
  const passwordOf = (name: string): string => nats.passwordOf(name);

  async function connectAs(user: string): Promise<NatsConnection> {
    const nc = await connect({ servers: server.url, user, pass: passwordOf(user), reconnect: false });
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

  it('lets intake publish its own events, and a subscriber of them (care) receive them', async () => {
    const intake = await connectAs('intake');
    const care = await connectAs('care');
    const live = care.subscribe('opis.intake.*.*.*.*', { max: 1 });
    await care.flush();
    const ack = await jetstream(intake).publish('opis.intake.case.registered.v1.CHP', '{"case":"one"}', { msgID: 'positive-1' });
    expect(ack.stream).toBe('OPIS_INTAKE');
    for await (const message of live) expect(message.subject).toBe('opis.intake.case.registered.v1.CHP');
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
});
