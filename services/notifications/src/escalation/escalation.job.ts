import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { PeriodicJob, PinoLoggerService } from '@opis/platform';

import { Clock } from '../clock';
import { NotificationsConfig } from '../notifications.config';
import { TaskEngine } from '../tasks/task-engine';
import { TaskRepository } from '../tasks/task.repository';

const BATCH_SIZE = 100;

/**
 * Escalates tasks nobody acknowledged in time. The timer is the task's `escalate_at` column, so it
 * survives restarts; each due task is claimed with SKIP LOCKED and moved up one level in the
 * claiming transaction, so with several instances each escalation happens once.
 */
@Injectable()
export class EscalationJob extends PeriodicJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tasks: TaskRepository,
    private readonly engine: TaskEngine,
    private readonly clock: Clock,
    private readonly config: NotificationsConfig,
    logger: PinoLoggerService,
  ) {
    super('notifications-escalation', config.NOTIFY_ESCALATION_INTERVAL_MS, logger);
  }

  /** Escalates every task due at `now`; returns how many were escalated. */
  public async runOnce(now: Date = this.clock.now()): Promise<number> {
    let escalated = 0;
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const due = await this.tasks.claimDueEscalations(manager, now, this.config.OFFICES, BATCH_SIZE);
        for (const task of due) await this.engine.escalate(manager, task, now);
        return due.length;
      });
      escalated += batch;
      if (batch < BATCH_SIZE) return escalated;
    }
  }
}
