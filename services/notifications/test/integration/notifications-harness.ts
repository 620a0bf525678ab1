import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { SMTPServer } from 'smtp-server';

import { createEnvelope, EventContract, EventEnvelope, eventSubject, OfficeCode, ServiceName, streamName, uuidv7 } from '@opis/contracts-envelope';
import { caseAssignedV1, caseRegisteredV2 } from '@opis/contracts-intake';
import { namespacedStream, namespacedSubject, provisionJetStream } from '@opis/messaging';
import { ServiceHarness, startServiceForTest } from '@opis/service-harness';
import { CaseVersions, sharedNatsUrl, testNamespace, waitFor } from '@opis/testing';

import { ControllableClock } from '../../src/clock';
import { NOTIFICATIONS_CONSUMERS, NOTIFICATIONS_DEADLETTER_CONSUMER } from '@opis/platform-services';
import { NOTIFICATIONS_SERVICE_NAME, NotificationsConfig } from '../../src/notifications.config';
import { NotificationsModule } from '../../src/notifications.module';
import { NOTIFICATIONS_MIGRATIONS } from '../../src/notifications.schema';

export type NotificationsHarness = ServiceHarness<NotificationsConfig>;

const PRODUCERS: readonly ServiceName[] = ['intake', 'care', 'family-contact', 'legal-status', 'repatriation'];
/** The streams to provision: the producers', and notifications' own (its task events). */
const STREAMS: readonly ServiceName[] = [...PRODUCERS, 'notifications'];

/** A mail as the local SMTP server received it. */
export interface ReceivedMail {
  to: string[];
  raw: string;
}

/** A local SMTP server on a free port, keeping what it receives. */
export class MailCatcher {
  public readonly mails: ReceivedMail[] = [];
  private server!: SMTPServer;
  public port = 0;

  public async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.mails.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw: Buffer.concat(chunks).toString('utf8') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  public to(address: string): ReceivedMail[] {
    return this.mails.filter((mail) => mail.to.includes(address));
  }

  public async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A local SMS provider's webhook: keeps every JSON body; answers `status` (200 unless a test says otherwise). */
export class SmsWebhook {
  public readonly messages: Array<{ to: string; text: string; authorization?: string }> = [];
  public status = 200;
  private server!: Server;
  public url = '';

  public async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (this.status < 300) this.messages.push({ ...JSON.parse(Buffer.concat(chunks).toString('utf8')), authorization: request.headers.authorization });
        response.writeHead(this.status).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/sms`;
  }

  public async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export interface NotificationsTestBed {
  service: NotificationsHarness;
  clock: ControllableClock;
  mail: MailCatcher;
  sms: SmsWebhook;
  /** Publishes another service's event as its relay would (namespaced subject, msg id = event id); returns the envelope. */
  publish<T extends object>(contract: EventContract<T>, caseId: string, officeCode: OfficeCode, data: T): Promise<EventEnvelope<T>>;
  /** Publishes a dead letter as a service's consumer does (`opis.dlq.<service>.<durable>`), a new stream message each time. */
  publishDeadLetter(notice: { id: string; service: string; consumer: string; payload: string; reason: string }): Promise<void>;
  /** Publishes an envelope again, as a republish from the producer's outbox would (a new stream message). */
  republish(contract: EventContract, envelope: EventEnvelope): Promise<void>;
  /** A case registered in intake (its number known to notifications), optionally assigned to an officer. */
  registerCase(officeCode?: OfficeCode, officer?: string): Promise<{ caseId: string; caseNumber: string }>;
  /** Puts someone on duty now (for the next hours) through the API, as a supervisor or national-admin would. */
  onDuty(shift: { subject: string; role: 'OFFICER' | 'SUPERVISOR' | 'NATIONAL_DUTY'; officeCode?: OfficeCode; email?: string; phone?: string }): Promise<string>;
  /** Every published event taken by the consumers (one inbox row each). */
  consumed(): Promise<void>;
  /** Notifications' own events in its stream (as the relay published them), in stream order; `caseId` narrows them to one case. */
  taskEvents(caseId?: string): Promise<Array<{ subject: string; msgId: string | undefined; envelope: EventEnvelope }>>;
  tasksOf(caseId: string): Promise<Array<{ id: string; trigger: string; status: string; level: number; outcome: string | null; office_code: string }>>;
  close(): Promise<void>;
}

let caseSequence = 0;

/** Notifications over a real socket with its own database, a local SMTP server and SMS webhook, and a clock the test moves. */
export async function startNotificationsTestBed(label: string, env: Record<string, string> = {}): Promise<NotificationsTestBed> {
  const namespace = testNamespace(label);
  const natsUrl = await sharedNatsUrl();
  const nc: NatsConnection = await connect({ servers: natsUrl, name: `notifications-test-${label}` });
  // Provisioning is a deployment step: streams and durables exist before the service starts.
  await provisionJetStream(nc, {
    namespace,
    streams: STREAMS.map((service) => ({ service, maxAgeMs: 0, maxBytes: -1 })),
    consumers: [...NOTIFICATIONS_CONSUMERS, NOTIFICATIONS_DEADLETTER_CONSUMER],
  });
  const mail = new MailCatcher();
  await mail.start();
  const sms = new SmsWebhook();
  await sms.start();
  const clock = new ControllableClock();
  const service = await startServiceForTest(
    {
      serviceName: NOTIFICATIONS_SERVICE_NAME,
      configClass: NotificationsConfig,
      migrations: NOTIFICATIONS_MIGRATIONS,
      module: (config: NotificationsConfig, options: { natsNamespace: string }) => NotificationsModule.register(config, { ...options, clock }),
    },
    {
      label,
      namespace,
      natsUrl,
      env: {
        NOTIFY_SMTP_URL: `smtp://127.0.0.1:${mail.port}`,
        NOTIFY_SMS_WEBHOOK_URL: sms.url,
        NOTIFY_SMS_WEBHOOK_TOKEN: 'sms-test-token',
        NOTIFY_LINK_BASE_URL: 'https://consola.opis.invalid',
        NOTIFY_DELIVERY_INTERVAL_MS: '100',
        NOTIFY_ESCALATION_INTERVAL_MS: '100',
        NOTIFY_STREAM_POLL_MS: '100',
        ...(process.env.NOTIFY_TEST_LOG ? { LOG_LEVEL: process.env.NOTIFY_TEST_LOG } : {}),
        ...env,
      },
    },
  );
  const js = jetstream(nc);
  const versions = new CaseVersions();
  let published = 0;
  const jsm = await jetstreamManager(nc);
  // A new msg id each time, so that a republish is a new stream message (JetStream would drop a duplicate id).
  const send = async (contract: EventContract, envelope: EventEnvelope): Promise<void> => {
    await js.publish(namespacedSubject(eventSubject(contract.name, envelope.officeCode), namespace), JSON.stringify(envelope), { msgID: uuidv7() });
  };
  const publish: NotificationsTestBed['publish'] = async (contract, caseId, officeCode, data) => {
    const envelope = createEnvelope({
      name: contract.name,
      caseId,
      officeCode,
      actor: { kind: 'officer', id: 'opi-test' },
      caseVersion: versions.next(contract.name.service, caseId),
      data,
    });
    await send(contract, envelope);
    published += 1;
    return envelope;
  };
  const consumed = (): Promise<void> =>
    waitFor(
      `${published} events consumed and every durable settled`,
      async () => {
        const dead: Array<{ reason: string }> = await service.dataSource.query(`SELECT reason FROM dead_letter LIMIT 1`);
        if (dead.length > 0) throw new Error(`dead letter: ${dead[0].reason}`);
        if ((await service.count('inbox')) < published) return false;
        for (const spec of [...NOTIFICATIONS_CONSUMERS, NOTIFICATIONS_DEADLETTER_CONSUMER]) {
          const info = await jsm.consumers.info(namespacedStream(spec.stream, namespace), spec.durable);
          if (info.num_pending > 0 || info.num_ack_pending > 0) return false;
        }
        return true;
      },
      { timeoutMs: 20_000 },
    );
  const admin = await service.token(['national-admin'], [], 'adm-national');
  return {
    service,
    clock,
    mail,
    sms,
    publish,
    republish: send,
    publishDeadLetter: async (notice) => {
      await js.publish(namespacedSubject(`opis.dlq.${notice.service}.${notice.consumer}`, namespace), JSON.stringify(notice), { msgID: uuidv7() });
    },
    registerCase: async (officeCode = 'CHP', officer) => {
      const caseId = uuidv7();
      caseSequence += 1;
      const caseNumber = `${officeCode}-2026-${String(900_000 + caseSequence).padStart(6, '0')}`;
      await publish(caseRegisteredV2, caseId, officeCode, { ...caseRegisteredV2.example, caseNumber, migrationPointCode: `${officeCode}-OTRO` });
      if (officer) await publish(caseAssignedV1, caseId, officeCode, { officerId: officer });
      // Streams are not ordered among themselves: a test that needs the officer known waits for intake's events.
      await consumed();
      return { caseId, caseNumber };
    },
    onDuty: async (shift) => {
      const token = shift.role === 'NATIONAL_DUTY' ? admin : await service.token(['supervisor'], [shift.officeCode ?? 'CHP'], 'sup-roster');
      const now = clock.now();
      const response = await service.request('POST', '/v1/shifts', {
        token,
        body: { ...shift, startsAt: new Date(now.getTime() - 60 * 60_000).toISOString(), endsAt: new Date(now.getTime() + 12 * 3_600_000).toISOString() },
      });
      if (response.status !== 201) throw new Error(`shift not created: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.shiftId as string;
    },
    consumed,
    taskEvents: async (caseId) => {
      const stream = await js.streams.get(namespacedStream(streamName('notifications'), namespace));
      const { messages } = (await stream.info()).state;
      const events = [];
      for (let seq = 1; seq <= messages; seq += 1) {
        const message = await stream.getMessage({ seq });
        if (!message) continue;
        const envelope = message.json<EventEnvelope>();
        if (!caseId || envelope.caseId === caseId) events.push({ subject: message.subject, msgId: message.header?.get('Nats-Msg-Id'), envelope });
      }
      return events;
    },
    tasksOf: (caseId) =>
      service.dataSource.query(`SELECT id, trigger, status, level, outcome, office_code FROM task WHERE case_id = $1 ORDER BY opened_at, id`, [caseId]),
    close: async () => {
      await service.close();
      await mail.stop();
      await sms.stop();
      for await (const name of jsm.streams.names()) {
        if (name.startsWith(`${namespace}_`)) await jsm.streams.delete(name);
      }
      await nc.close();
    },
  };
}

/** The text of a received mail, quoted-printable decoded (nodemailer encodes non-ASCII text so). */
export function mailText(mail: ReceivedMail): string {
  const joined = mail.raw.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i += 1) {
    const hex = joined[i] === '=' ? joined.slice(i + 1, i + 3) : '';
    if (/^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
