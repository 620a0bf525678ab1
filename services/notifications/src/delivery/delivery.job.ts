import { Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { PeriodicJob, PinoLoggerService } from '@opis/platform';

import { Clock } from '../clock';
import { NotificationsConfig } from '../notifications.config';
import { alertEmail, AlertFacts, alertSms } from './alert-message';
import { EmailSender, SmsProvider } from './channels';

const BATCH_SIZE = 20;

interface DueDelivery {
  id: string;
  channel: 'EMAIL' | 'SMS';
  address: string;
  attempts: number;
  level: number;
  task_id: string;
  trigger: string;
  case_id: string;
  case_number: string | null;
  office_code: string;
  due_at: Date;
  status: string;
}

/** Backoff between attempts: 10 s, 20 s, 40 s … up to 10 min. */
const retryDelayMs = (attempts: number): number => Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 600_000);

/**
 * Sends the queued emails and SMS. Rows are claimed with SKIP LOCKED in a transaction that lasts
 * the sending, so several instances never send one message twice while all are up; a crash after
 * the relay took a message and before the commit sends it again (at least once, like any mail).
 */
@Injectable()
export class DeliveryJob extends PeriodicJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly config: NotificationsConfig,
    private readonly logger: PinoLoggerService,
    @Optional() private readonly email?: EmailSender,
    @Optional() private readonly sms?: SmsProvider,
  ) {
    super('notifications-delivery', config.NOTIFY_DELIVERY_INTERVAL_MS, logger);
  }

  public async runOnce(now: Date = this.clock.now()): Promise<number> {
    let handled = 0;
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const due: DueDelivery[] = await manager.query(
          `SELECT d.id, d.channel, d.address, d.attempts, d.level, t.id AS task_id, t.trigger, t.case_id, c.case_number,
                  t.office_code, t.due_at, t.status
             FROM delivery d JOIN task t ON t.id = d.task_id LEFT JOIN notification_case c ON c.case_id = t.case_id
            WHERE d.status = 'PENDING' AND d.next_attempt_at <= $1
              AND ($2::text[] IS NULL OR t.office_code = ANY ($2::text[]))
            ORDER BY d.next_attempt_at
            LIMIT $3
            FOR UPDATE OF d SKIP LOCKED`,
          [now, this.config.OFFICES ?? null, BATCH_SIZE],
        );
        for (const delivery of due) {
          if (delivery.status === 'CLOSED') {
            // Closed before it went out (the condition cleared): nobody needs waking for it any more.
            await manager.query(`UPDATE delivery SET status = 'CANCELLED' WHERE id = $1`, [delivery.id]);
            continue;
          }
          try {
            await this.send(delivery);
            await manager.query(`UPDATE delivery SET status = 'SENT', sent_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1`, [delivery.id, now]);
          } catch (error) {
            const attempts = delivery.attempts + 1;
            const failed = attempts >= this.config.NOTIFY_DELIVERY_MAX_ATTEMPTS;
            // The reason is the transport's, never the message (which holds nothing personal anyway).
            const reason = error instanceof Error ? error.message.slice(0, 300) : 'send failed';
            this.logger.pino.warn({ deliveryId: delivery.id, channel: delivery.channel, attempts, failed }, 'alert delivery failed');
            await manager.query(
              `UPDATE delivery SET status = $2, attempts = $3, next_attempt_at = $4, last_error = $5 WHERE id = $1`,
              [delivery.id, failed ? 'FAILED' : 'PENDING', attempts, new Date(now.getTime() + retryDelayMs(attempts)), reason],
            );
          }
        }
        return due.length;
      });
      handled += batch;
      if (batch < BATCH_SIZE) return handled;
    }
  }

  private async send(delivery: DueDelivery): Promise<void> {
    const facts: AlertFacts = {
      taskId: delivery.task_id,
      trigger: delivery.trigger,
      caseId: delivery.case_id,
      caseNumber: delivery.case_number,
      officeCode: delivery.office_code.trim(),
      level: Number(delivery.level),
      dueAt: delivery.due_at,
    };
    if (delivery.channel === 'EMAIL') {
      if (!this.email) throw new Error('no SMTP relay configured');
      await this.email.send({ to: delivery.address, ...alertEmail(facts, this.config.NOTIFY_LINK_BASE_URL) });
    } else {
      if (!this.sms) throw new Error('no SMS provider configured');
      await this.sms.send(delivery.address, alertSms(facts, this.config.NOTIFY_LINK_BASE_URL));
    }
  }
}
