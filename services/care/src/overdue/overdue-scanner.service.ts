import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { careNeedOverdueV1 } from '@opis/contracts-care';
import { OFFICE_CODES } from '@opis/contracts-envelope';
import { OutboxWriter } from '@opis/messaging';
import { PeriodicJob, PinoLoggerService, raiseDueItems } from '@opis/platform';

import { CareConfig } from '../care.config';
import { CareRepository } from '../records/care.repository';

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
  public runOnce(now: Date = new Date()): Promise<number> {
    return raiseDueItems(this.dataSource, {
      batchSize: 200,
      findDue: (manager, limit) => this.records.findDueNeeds(manager, now, this.config.OFFICES ?? OFFICE_CODES, limit),
      raise: async (manager, need) => {
        if (!(await this.records.markOverdueRaised(manager, need.caseId, need.need, now))) return false;
        await this.outbox.appendEvent(manager, careNeedOverdueV1, {
          caseId: need.caseId,
          officeCode: need.officeCode,
          actor: { kind: 'system', id: 'care-overdue-need-scanner' },
          occurredAt: now,
          data: { need: need.need, detectedAt: need.detectedAt.toISOString(), dueAt: need.dueAt.toISOString() },
        });
        return true;
      },
    });
  }
}
