import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { careNeedOverdueV1 } from '@opis/contracts-care';
import { OFFICE_CODES } from '@opis/contracts-envelope';
import { OutboxWriter } from '@opis/messaging';
import { PeriodicJob, PinoLoggerService } from '@opis/platform';

import { CareConfig } from '../care.config';
import { CareRepository } from '../records/care.repository';

const BATCH_SIZE = 200;

/**
 * Raises `care.need.overdue` once per case and need. Safe with several instances: rows are
 * claimed with SKIP LOCKED and the need's `overdue_raised_at` is set only once.
 */
@Injectable()
export class OverdueNeedScanner extends PeriodicJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly records: CareRepository,
    private readonly outbox: OutboxWriter,
    private readonly config: CareConfig,
    logger: PinoLoggerService,
  ) {
    super('care-overdue-need-scanner', config.CARE_OVERDUE_SCAN_INTERVAL_MS, logger);
  }

  /** Raises every overdue event due at `now`; returns how many were raised. */
  public async runOnce(now: Date = new Date()): Promise<number> {
    let raised = 0;
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const due = await this.records.findDueNeeds(manager, now, this.config.OFFICES ?? OFFICE_CODES, BATCH_SIZE);
        for (const need of due) {
          if (!(await this.records.markOverdueRaised(manager, need.caseId, need.need, now))) continue;
          await this.outbox.appendEvent(manager, careNeedOverdueV1, {
            caseId: need.caseId,
            officeCode: need.officeCode,
            actor: { kind: 'system', id: 'care-overdue-need-scanner' },
            occurredAt: now,
            data: { need: need.need, detectedAt: need.detectedAt.toISOString(), dueAt: need.dueAt.toISOString() },
          });
          raised += 1;
        }
        return due.length;
      });
      if (batch < BATCH_SIZE) return raised;
    }
  }
}
