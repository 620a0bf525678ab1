import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { OFFICE_CODES } from '@opis/contracts-envelope';
import { InformTopic, informOverdueV1 } from '@opis/contracts-legal-status';
import { OutboxWriter } from '@opis/messaging';
import { PeriodicJob, PinoLoggerService, raiseDueItems } from '@opis/platform';

import { LegalStatusConfig } from '../legal-status.config';
import { InformingRepository } from './informing.repository';

/** Raises `legal.inform.overdue` once per duty to inform that passed its deadline (LM-16, INV-11). */
@Injectable()
export class InformOverdueScanner extends PeriodicJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly informing: InformingRepository,
    private readonly outbox: OutboxWriter,
    private readonly config: LegalStatusConfig,
    logger: PinoLoggerService,
  ) {
    super('inform-overdue-scanner', config.INFORM_SCAN_INTERVAL_MS, logger);
  }

  public runOnce(now: Date = new Date()): Promise<number> {
    return raiseDueItems(this.dataSource, {
      batchSize: 100,
      // The rest waits for the next run.
      maxBatches: 1,
      findDue: (manager, limit) => this.informing.findDueDuties(manager, now, this.config.OFFICES ?? OFFICE_CODES, limit),
      raise: async (manager, duty) => {
        if (!(await this.informing.markDutyOverdue(manager, duty.id, now))) return false;
        await this.outbox.appendEvent(manager, informOverdueV1, {
          caseId: duty.caseId,
          officeCode: duty.officeCode,
          actor: { kind: 'system', id: 'legal-status' },
          occurredAt: now,
          data: { topic: duty.topic as InformTopic, openedAt: duty.openedAt.toISOString(), dueAt: duty.dueAt.toISOString() },
        });
        return true;
      },
    });
  }
}
