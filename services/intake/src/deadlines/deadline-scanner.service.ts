import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { OFFICE_CODES } from '@opis/contracts-envelope';
import { deadlineOverdueV1, mpNoticeOverdueV1 } from '@opis/contracts-intake';
import { OutboxWriter } from '@opis/messaging';
import { PeriodicJob, PinoLoggerService, raiseDueItems } from '@opis/platform';

import { IntakeConfig } from '../intake.config';
import { DeadlineRepository } from './deadline.repository';

const BATCH_SIZE = 200;

/**
 * Raises `intake.case.deadline-overdue` once per case, clock and level (INV-03), and
 * `intake.case.mp-notice-overdue` once per open notice to the Public Prosecutor (RLM-05). Safe
 * with several instances: rows are claimed with SKIP LOCKED and each alert is marked once.
 */
@Injectable()
export class DeadlineScanner extends PeriodicJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly deadlines: DeadlineRepository,
    private readonly outbox: OutboxWriter,
    private readonly config: IntakeConfig,
    logger: PinoLoggerService,
  ) {
    super('intake-deadline-scanner', config.DEADLINE_SCAN_INTERVAL_MS, logger);
  }

  /** Raises every alert due at `now`; returns how many were raised. */
  public async runOnce(now: Date = new Date()): Promise<number> {
    const offices = this.config.OFFICES ?? OFFICE_CODES;
    const hours = { ESCALATION: this.config.DEADLINE_ESCALATION_MINUTES / 60, BREACH: this.config.DEADLINE_BREACH_MINUTES / 60 };
    const deadlines = await raiseDueItems(this.dataSource, {
      batchSize: BATCH_SIZE,
      findDue: (manager, limit) => this.deadlines.findDueDeadlines(manager, now, hours, offices, limit),
      raise: async (manager, deadline) => {
        const inserted = await this.deadlines.insertDeadlineAlert(manager, {
          caseId: deadline.caseId,
          clock: deadline.clock,
          level: deadline.level,
          raisedAt: now,
        });
        if (!inserted) return false;
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
        return true;
      },
    });
    const notices = await raiseDueItems(this.dataSource, {
      batchSize: BATCH_SIZE,
      findDue: (manager, limit) => this.deadlines.findDueMpNotices(manager, now, offices, limit),
      raise: async (manager, task) => {
        if (!(await this.deadlines.markMpNoticeOverdue(manager, task.caseId, now))) return false;
        await this.outbox.appendEvent(manager, mpNoticeOverdueV1, {
          caseId: task.caseId,
          officeCode: task.officeCode,
          actor: { kind: 'system', id: 'intake-deadline-scanner' },
          occurredAt: now,
          data: { detectedAt: task.detectedAt.toISOString(), openedAt: task.openedAt.toISOString(), dueAt: task.dueAt.toISOString() },
        });
        return true;
      },
    });
    return deadlines + notices;
  }
}
