import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';

import { streamName, validateEvent } from '@opis/contracts-envelope';
import { caseRegisteredV1, caseRegisteredV2, INTAKE_IDENTITY_PATTERN, INTAKE_IDENTITY_TIMEOUT_MS } from '@opis/contracts-intake';
import { namespacedStream, provisionJetStream } from '@opis/messaging';
import { connectRequestReply, createTestSigner, metricsUrlOf } from '@opis/platform';
import { NatsServerProcess, waitFor } from '@opis/testing';

import { IntakeHarness, registration, startIntake } from './intake-harness';

/** Request/reply and the relay on a nats-server of this file's own, so no other suite answers. */
describe('intake on NATS: events through JetStream and the identity request', () => {
  let nats: NatsServerProcess;
  let intake: IntakeHarness;
  let nc: NatsConnection;
  let client: ClientProxy;

  beforeAll(async () => {
    nats = await NatsServerProcess.start();
    intake = await startIntake('nats', {}, { natsUrl: nats.url });
    nc = await connect({ servers: nats.url });
    await provisionJetStream(nc, {
      namespace: intake.namespace,
      streams: [{ service: 'intake', maxAgeMs: 0, maxBytes: -1 }],
      consumers: [],
    });
    connectRequestReply(intake.app, { natsUrl: nats.url, queue: 'intake' });
    await intake.app.startAllMicroservices();
    client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: nats.url } });
    await client.connect();
  });

  afterAll(async () => {
    await client?.close();
    await nc?.close();
    await intake?.close();
    await nats?.dispose();
  });

  it('publishes the registration to the intake stream, once, with the event id as Nats-Msg-Id', async () => {
    const token = await intake.token(['officer'], ['CHP']);
    const registered = await intake.request('POST', '/v1/cases', { token, body: registration() });
    expect(registered.status).toBe(201);

    const stream = namespacedStream(streamName('intake'), intake.namespace);
    const jsm = await jetstreamManager(nc);
    await waitFor('the registration in the stream', async () => (await jsm.streams.info(stream)).state.messages >= 2);
    // v2 is the case's first version, v1 its second, for subscribers not yet moved.
    const streamOfIntake = await jetstream(nc).streams.get(stream);
    const [message, superseded] = [await streamOfIntake.getMessage({ seq: 1 }), await streamOfIntake.getMessage({ seq: 2 })];
    if (!message || !superseded) throw new Error('no messages at sequences 1 and 2');
    expect(message.subject).toBe(`${intake.namespace}.opis.intake.case.registered.v2.CHP`);
    expect(superseded.subject).toBe(`${intake.namespace}.opis.intake.case.registered.v1.CHP`);
    const envelope = message.json<{ id: string; caseId: string; caseVersion: number }>();
    expect(envelope).toMatchObject({ caseId: registered.body.caseId, caseVersion: 1 });
    expect(superseded.json<{ caseId: string; caseVersion: number }>()).toMatchObject({ caseId: registered.body.caseId, caseVersion: 2 });
    expect(message.header?.get('Nats-Msg-Id')).toBe(envelope.id);
    expect(validateEvent(caseRegisteredV2, envelope)).toMatchObject({ ok: true });
    expect(validateEvent(caseRegisteredV1, superseded.json())).toMatchObject({ ok: true });

    await waitFor('the outbox row marked published', async () => {
      const [row] = await intake.dataSource.query(`SELECT published_at FROM outbox WHERE id = $1`, [envelope.id]);
      return row.published_at !== null;
    });
  });

  it('answers the identity request to an authorised caller, refuses others, and audits both', async () => {
    const officer = await intake.token(['officer'], ['CHP']);
    const { body } = await intake.request('POST', '/v1/cases', { token: officer, body: registration() });
    const ask = async (token: string) =>
      firstValueFrom(
        client
          .send(INTAKE_IDENTITY_PATTERN, { token, caseId: body.caseId, purpose: 'consular check' })
          .pipe(timeout(INTAKE_IDENTITY_TIMEOUT_MS)),
      );

    const integration = await intake.token(['integration'], ['CHP'], 'svc-family-contact');
    await expect(ask(integration)).resolves.toMatchObject({
      caseId: body.caseId,
      caseNumber: body.caseNumber,
      givenNames: 'María José',
      familyNames: 'Pérez López',
    });

    const otherOffice = await intake.token(['integration'], ['TAB'], 'svc-other');
    await expect(ask(otherOffice)).rejects.toMatchObject({ code: 'CASE_NOT_FOUND', kind: 'NOT_FOUND' });
    const auditor = await intake.token(['auditor'], ['CHP'], 'auditor-1');
    await expect(ask(auditor)).rejects.toMatchObject({ kind: 'FORBIDDEN' });
    const forged = await createTestSigner().mint({ subject: 'svc-forged', roles: ['national'], offices: [] });
    await expect(ask(forged)).rejects.toMatchObject({ kind: 'UNAUTHENTICATED' });

    const trail = await intake.dataSource.query(
      `SELECT actor_subject, outcome FROM audit_log WHERE action = 'identity.read' AND case_id = $1 ORDER BY occurred_at, id`,
      [body.caseId],
    );
    expect(trail).toEqual([
      { actor_subject: 'svc-family-contact', outcome: 'allowed' },
      { actor_subject: 'svc-other', outcome: 'refused' },
      { actor_subject: 'auditor-1', outcome: 'refused' },
      { actor_subject: 'unauthenticated', outcome: 'refused' },
    ]);
  });

  it('keeps registering while NATS is down: readiness and metrics show it, and the backlog drains after', async () => {
    const metric = async (name: string) => {
      const text = await (await fetch(`${metricsUrlOf(intake.app)}/metrics`)).text();
      return Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1]);
    };
    const ready = async () => (await fetch(`${intake.url}/health/ready`)).status;
    expect(await ready()).toBe(200);

    await nats.stop('SIGKILL');
    await waitFor('readiness to report NATS down', async () => (await ready()) === 503);
    const token = await intake.token(['officer'], ['CHP']);
    const whileDown = await intake.request('POST', '/v1/cases', { token, body: registration() });
    expect(whileDown.status).toBe(201);
    await waitFor('the backlog metric', async () => (await metric('opis_outbox_unpublished')) >= 1);

    await nats.restart();
    await waitFor('readiness back', async () => (await ready()) === 200, { timeoutMs: 30_000 });
    await waitFor('the backlog drained', async () => (await metric('opis_outbox_unpublished')) === 0, { timeoutMs: 30_000 });
    const stream = await (await jetstream(nc).streams.get(namespacedStream(streamName('intake'), intake.namespace))).info();
    const [{ n }] = await intake.dataSource.query(`SELECT count(*)::int AS n FROM outbox`);
    expect(stream.state.messages).toBe(n);
  });
});
