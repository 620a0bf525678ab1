import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { OFFICE_CODES } from '@opis/contracts-envelope';
import { deadlineOverdueV1 } from '@opis/contracts-intake';
import { OutboxWriter } from '@opis/messaging';
import { PinoLoggerService } from '@opis/platform';

import { CaseRepository } from '../cases/case.repository';
import { IntakeConfig } from '../intake.config';

const BATCH_SIZE = 200;

/**
 * Raises `intake.case.deadline-overdue` once per case, clock and level (INV-03). Safe with
 * several instances: rows are claimed with SKIP LOCKED and the alert row is unique.
 */
@Injectable()
export class DeadlineScanner implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CaseRepository,
    private readonly outbox: OutboxWriter,
    private readonly config: IntakeConfig,
    private readonly logger: PinoLoggerService,
  ) {}

  public onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.scanInBackground(), this.config.DEADLINE_SCAN_INTERVAL_MS);
    this.timer.unref();
  }

  public async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async scanInBackground(): Promise<void> {
    if (this.running) return;
    try {
      this.running = this.scanOnce();
      await this.running;
    } catch (error) {
      this.logger.pino.warn({ err: error }, 'deadline scan failed; retrying at the next interval');
    } finally {
      this.running = undefined;
    }
  }

  /** Raises every alert due at `now`; returns how many were raised. */
  public async scanOnce(now: Date = new Date()): Promise<number> {
    let raised = 0;
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const due = await this.cases.findDueDeadlines(
          manager,
          now,
          {
            ESCALATION: this.config.DEADLINE_ESCALATION_MINUTES / 60,
            BREACH: this.config.DEADLINE_BREACH_MINUTES / 60,
          },
          this.config.OFFICES ?? OFFICE_CODES,
          BATCH_SIZE,
        );
        for (const deadline of due) {
          const inserted = await this.cases.insertDeadlineAlert(manager, {
            caseId: deadline.caseId,
            clock: deadline.clock,
            level: deadline.level,
            raisedAt: now,
          });
          if (!inserted) continue;
          await this.outbox.appendEvent(manager, deadlineOverdueV1, {
            caseId: deadline.caseId,
            officeCode: deadline.officeCode,
            actor: { kind: 'system', id: 'intake-deadline-scanner' },
            occurredAt: now,
            data: {
              clock: deadline.clock,
              level: deadline.level,
              detectedAt: deadline.detectedAt.toISOString(),
              thresholdAt: deadline.thresholdAt.toISOString(),
            },
          });
          raised += 1;
        }
        return due.length;
      });
      if (batch < BATCH_SIZE) return raised;
    }
  }
}
