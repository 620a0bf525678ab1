import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { OFFICE_CODES } from '@opis/contracts-envelope';
import { callOverdueV1 } from '@opis/contracts-family-contact';
import { OutboxWriter } from '@opis/messaging';
import { PeriodicJob, PinoLoggerService } from '@opis/platform';

import { FamilyContactConfig } from '../family-contact.config';
import { FirstCallRepository } from './first-call.repository';

const BATCH_SIZE = 200;

/**
 * Raises `family.call.overdue` once per case whose first free call was not offered by its
 * deadline. Safe with several instances: rows are claimed with SKIP LOCKED, the alert row is unique.
 */
@Injectable()
export class FirstCallScanner extends PeriodicJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly firstCalls: FirstCallRepository,
    private readonly outbox: OutboxWriter,
    private readonly config: FamilyContactConfig,
    logger: PinoLoggerService,
  ) {
    super('family-first-call-scanner', config.FIRST_CALL_SCAN_INTERVAL_MS, logger);
  }

  public async runOnce(now: Date = new Date()): Promise<number> {
    let raised = 0;
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const due = await this.firstCalls.findDueFirstCalls(manager, now, this.config.OFFICES ?? OFFICE_CODES, BATCH_SIZE);
        for (const record of due) {
          if (!(await this.firstCalls.insertFirstCallAlert(manager, record.caseId, now))) continue;
          await this.outbox.appendEvent(manager, callOverdueV1, {
            caseId: record.caseId,
            officeCode: record.officeCode,
            actor: { kind: 'system', id: 'family-first-call-scanner' },
            occurredAt: now,
            data: {
              registeredAt: record.registeredAt.toISOString(),
              ...(record.detectedAt ? { detectedAt: record.detectedAt.toISOString() } : {}),
              dueAt: record.dueAt.toISOString(),
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
