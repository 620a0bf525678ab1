import { EventEnvelope, uuidv7 } from '@opis/contracts-envelope';

import { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { DataSource } from 'typeorm';

import { ParkedDeadLetter } from './case-order';
import { EventConsumerContext, EventConsumerOptions, EventMeta } from './event-consumer-options';
import { CaseRef } from './event-decoder';
import { MessagingLogger } from './logger';
import { deadLetterSubject } from './namespace';
import { Delivery } from './pulled-message';
import { describeError, NakBackoff, Settlement, settleFailure, settleUnrecordedDeadLetter } from './settlement';

/** The consumer's limits: its options', with maxDeliver and ackWaitMs lowered to the server's when it attaches. */
export interface DeliveryLimits {
  maxDeliver: number;
  backoff: NakBackoff;
  ackWaitMs: number;
}

export interface ConsumerSettlementDeps {
  dataSource: DataSource;
  js: JetStreamClient;
  context: EventConsumerContext;
  logger: MessagingLogger;
  group: string;
  options: EventConsumerOptions;
  limits: DeliveryLimits;
}

export type QuietSettlement = Exclude<Settlement, { kind: 'dead-letter' }> | 'term' | 'working';

/** Sends a settlement that needs no record; a lost one only means a redelivery. */
export function settleQuietly(msg: JsMsg, settlement: QuietSettlement, logger: MessagingLogger): void {
  try {
    if (settlement === 'term') msg.term();
    else if (settlement === 'working') msg.working();
    else if (settlement.kind === 'ack') msg.ack();
    else if (settlement.delayMs > 0) msg.nak(settlement.delayMs);
    else msg.nak();
  } catch (error) {
    // A lost settlement means a redelivery, which the inbox absorbs.
    logger.warn(`settlement not sent: ${describeError(error)}`);
  }
}

/** How one consumer acks, naks and terms its messages, and records and publishes its dead letters. */
export class ConsumerSettlement {
  constructor(private readonly deps: ConsumerSettlementDeps) {}

  public async settleFailed(delivery: Delivery, error: unknown): Promise<void> {
    const { envelope, meta } = delivery;
    const { limits, logger } = this.deps;
    const settlement = settleFailure(error, { deliveryCount: meta.deliveryCount, maxDeliver: limits.maxDeliver }, limits.backoff);
    if (settlement.kind === 'nak') {
      logger.warn(
        `event ${envelope.id} (seq ${meta.streamSequence}, delivery ${meta.deliveryCount}, correlation ${envelope.correlationId}, caused by ${envelope.causationId ?? 'a request'}) failed, retry in ${settlement.delayMs} ms: ${describeError(error)}`,
      );
    }
    await this.settle(delivery.msg, meta, settlement, envelope.id, { caseId: envelope.caseId, caseVersion: envelope.caseVersion }, envelope);
  }

  public async settle(
    msg: JsMsg,
    meta: EventMeta,
    settlement: Settlement,
    eventId: string | null,
    caseRef: CaseRef | null,
    envelope?: Pick<EventEnvelope, 'correlationId' | 'causationId'>,
  ): Promise<void> {
    if (settlement.kind !== 'dead-letter') {
      this.settleQuietly(msg, settlement);
      return;
    }
    const { limits, logger, options } = this.deps;
    const payload = Buffer.from(msg.data).toString('utf8');
    let id: string;
    try {
      id = await this.insertDeadLetter({
        durable: options.durable,
        subject: meta.subject,
        streamSequence: meta.streamSequence,
        eventId,
        caseRef,
        payload,
        reason: settlement.reason,
        deliveries: meta.deliveryCount,
      });
    } catch (error) {
      const retry = settleUnrecordedDeadLetter({ deliveryCount: meta.deliveryCount, maxDeliver: limits.maxDeliver }, limits.backoff);
      logger.error(`cannot record dead letter of seq ${meta.streamSequence}, retry in ${retry.delayMs} ms: ${describeError(error)}`);
      this.settleQuietly(msg, retry);
      return;
    }
    const cause = envelope ? ` (correlation ${envelope.correlationId}, caused by ${envelope.causationId ?? 'a request'})` : '';
    logger.warn(`dead letter ${id}: ${options.durable} seq ${meta.streamSequence}${cause}: ${settlement.reason}`);
    await this.publishDeadLetter(meta, { id, eventId, payload, reason: settlement.reason });
    // No reason text on term: nats-server 2.9 only recognises a bare +TERM.
    this.settleQuietly(msg, 'term');
  }

  public async recordParkedDeadLetter(letter: ParkedDeadLetter): Promise<void> {
    const id = await this.insertDeadLetter(letter);
    this.deps.logger.warn(`dead letter ${id}: ${this.deps.options.durable} seq ${letter.streamSequence}: ${letter.reason}`);
    await this.publishDeadLetter({ streamSequence: letter.streamSequence, deliveryCount: letter.deliveries, subject: letter.subject }, {
      id,
      eventId: letter.eventId,
      payload: letter.payload,
      reason: letter.reason,
    });
  }

  public settleQuietly(msg: JsMsg, settlement: QuietSettlement): void {
    settleQuietly(msg, settlement, this.deps.logger);
  }

  /**
   * One dead letter per consumer and stream message (a redelivery after a crash finds the first);
   * with its case and version, so that it shows as what holds the case back. Returns its id.
   */
  private async insertDeadLetter(letter: ParkedDeadLetter | (Omit<ParkedDeadLetter, 'caseRef'> & { caseRef: CaseRef | null })): Promise<string> {
    const rows = (await this.deps.dataSource.query(
      `WITH inserted AS (
         INSERT INTO dead_letter (id, consumer, consumer_group, subject, stream_sequence, event_id, case_id, case_version, payload, reason, deliveries)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (consumer_group, stream_sequence) DO NOTHING RETURNING id)
       SELECT id FROM inserted
       UNION ALL SELECT id FROM dead_letter WHERE consumer_group = $3 AND stream_sequence = $5 AND NOT EXISTS (SELECT 1 FROM inserted)`,
      [
        uuidv7(),
        letter.durable,
        this.deps.group,
        letter.subject,
        letter.streamSequence,
        letter.eventId,
        letter.caseRef?.caseId ?? null,
        letter.caseRef?.caseVersion ?? null,
        letter.payload,
        letter.reason,
        letter.deliveries,
      ],
    )) as { id: string }[];
    const id = rows[0]?.id;
    if (!id) throw new Error('dead letter neither inserted nor found');
    return id;
  }

  private async publishDeadLetter(meta: EventMeta, letter: { id: string; eventId: string | null; payload: string; reason: string }): Promise<void> {
    const { context, options } = this.deps;
    const body = {
      ...letter,
      service: context.serviceName,
      consumer: options.durable,
      stream: options.stream,
      subject: meta.subject,
      streamSequence: meta.streamSequence,
      deliveries: meta.deliveryCount,
    };
    try {
      await this.deps.js.publish(deadLetterSubject(context.serviceName, options.durable, context.namespace), JSON.stringify(body), {
        msgID: letter.id,
        timeout: 2_000,
      });
    } catch (error) {
      // Best effort: the dead_letter row is the record.
      this.deps.logger.warn(`dead letter ${letter.id} not published to the DLQ stream: ${describeError(error)}`);
    }
  }
}
