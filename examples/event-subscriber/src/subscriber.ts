// A downstream system (statistics, DIF, COMAR...) reading OPIS intake events: a durable JetStream
// consumer of its own that starts where you tell it (the start of the stream, a time or a stream
// sequence), every event validated against its contract from @opis/contracts-intake, typed data.
//
//   node dist/subscriber.js --durable dif-intake --from start
//   node dist/subscriber.js --durable dif-since-june --from time:2026-06-01T00:00:00Z
//   node dist/subscriber.js --durable dif-from-1200 --from sequence:1200 --max 100
//
// One JSON line per event on stdout. NATS_URL names the server and your NATS user
// (nats://<user>:<password>@host:4222, default nats://127.0.0.1:4222); NATS_CA_FILE, if set, is
// the CA that signed the server's certificate. SIGTERM or SIGINT stops it after the current event.
import { readFileSync } from 'node:fs';

import { AckPolicy, ConsumerConfig, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { ConnectionOptions } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { EventContract, EventEnvelope, eventType, streamName, streamSubjects, validateEvent } from '@opis/contracts-envelope';
import { caseRegisteredV1, CaseRegisteredV2, caseRegisteredV2, CaseTransferredV1, caseTransferredV1, INTAKE_EVENTS } from '@opis/contracts-intake';

/** Where a new durable consumer starts; an existing one goes on from its own position. */
export type StartFrom = { kind: 'start' } | { kind: 'time'; at: Date } | { kind: 'sequence'; sequence: number };

export function parseStartFrom(value: string): StartFrom {
  if (value === 'start') return { kind: 'start' };
  const [kind, argument = ''] = value.split(/:(.*)/s);
  if (kind === 'time' && !Number.isNaN(Date.parse(argument))) return { kind: 'time', at: new Date(argument) };
  if (kind === 'sequence' && /^[1-9]\d*$/.test(argument)) return { kind: 'sequence', sequence: Number(argument) };
  throw new Error(`--from must be start, time:<ISO 8601> or sequence:<n>, not "${value}"`);
}

/** JetStream's deliver policies: All (replay everything kept), ByStartTime, ByStartSequence. */
export function deliverPolicy(from: StartFrom): Partial<ConsumerConfig> {
  switch (from.kind) {
    case 'start':
      return { deliver_policy: DeliverPolicy.All };
    case 'time':
      return { deliver_policy: DeliverPolicy.StartTime, opt_start_time: from.at.toISOString() };
    case 'sequence':
      return { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: from.sequence };
  }
}

/**
 * Connection options from NATS_URL. The NATS client ignores a user and password written in a
 * server URL, so they become options. Replies (JetStream's answers, the pulled events) arrive on
 * `_INBOX_<user>`: the only inbox your NATS user may subscribe to (deploy/nats/nats.conf).
 */
export function connectionOptions(natsUrl: string, caFile?: string): ConnectionOptions {
  const url = new URL(natsUrl);
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  const servers = url.toString().replace(/\/$/, '');
  return {
    servers,
    ...(user ? { user, pass, inboxPrefix: `_INBOX_${user}` } : {}),
    ...(caFile ? { tls: { ca: readFileSync(caFile, 'utf8') } } : {}),
  };
}

const keyOf = (contract: EventContract): string => `${eventType(contract.name)}.v${contract.name.version}`;
const contracts = new Map<string, EventContract>(INTAKE_EVENTS.map((contract) => [keyOf(contract), contract]));
/**
 * Versions this subscriber has moved past. Intake publishes a registration as v2 and then as v1
 * (the case's next version) until every subscriber has moved: act on one, acknowledge the other.
 */
const SUPERSEDED = new Set([keyOf(caseRegisteredV1)]);

/** What this subscriber does with the events it cares about; the data is typed by the contract. */
function describe(envelope: EventEnvelope): Record<string, unknown> {
  if (envelope.type === eventType(caseRegisteredV2.name)) {
    const data = envelope.data as CaseRegisteredV2;
    return { ageBand: data.ageBand, nationality: data.nationality, accompaniment: data.accompaniment, migrationPointCode: data.migrationPointCode };
  }
  if (envelope.type === eventType(caseTransferredV1.name)) {
    const data = envelope.data as CaseTransferredV1;
    return { fromOffice: data.fromOffice, toOffice: data.toOffice };
  }
  return {};
}

function argument(name: string, fallback?: string): string {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? process.argv[index + 1] : fallback;
  if (value === undefined) throw new Error(`--${name} is required`);
  return value;
}

async function main(): Promise<void> {
  const durable = argument('durable');
  const from = parseStartFrom(argument('from', 'start'));
  const max = Number(argument('max', '0'));
  const stream = streamName('intake');
  const nc = await connect({ ...connectionOptions(process.env.NATS_URL ?? 'nats://127.0.0.1:4222', process.env.NATS_CA_FILE), name: `example-${durable}` });
  try {
    const jsm = await jetstreamManager(nc);
    // Your own durable: the server keeps your position, so a restart goes on where you stopped.
    // The deliver policy applies when it is created; to replay again, create another durable.
    await jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      filter_subject: streamSubjects('intake')[0],
      ...deliverPolicy(from),
    });
    const consumer = await jetstream(nc).consumers.get(stream, durable);
    const messages = await consumer.consume();
    // Stop between events: the one being handled is acknowledged first, the rest stay for next time.
    const stop = (): void => void messages.close();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    let seen = 0;
    for await (const message of messages) {
      const plain = message.json<{ type?: string; version?: number }>();
      if (SUPERSEDED.has(`${plain.type}.v${plain.version}`)) {
        message.ack();
        continue;
      }
      const contract = contracts.get(`${plain.type}.v${plain.version}`);
      const result = contract ? validateEvent(contract, plain) : undefined;
      if (!result?.ok) {
        // A newer version this subscriber does not know yet, or a broken message: keep going.
        console.error(`skipping stream sequence ${message.seq}: ${contract ? 'invalid' : `unknown type ${plain.type} v${plain.version}`}`);
        message.term();
      } else {
        // A real subscriber applies the event and remembers its id in the same transaction:
        // a redelivery or a republished copy is then recognised and skipped.
        process.stdout.write(
          `${JSON.stringify({ sequence: message.seq, subject: message.subject, id: result.value.id, type: result.value.type, ...describe(result.value) })}\n`,
        );
        message.ack();
      }
      seen += 1;
      if (max > 0 && seen >= max) break;
    }
  } finally {
    await nc.drain();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
