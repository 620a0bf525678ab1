import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { OFFICE_CODES } from '@opis/contracts-envelope';
import { callOverdueV1 } from '@opis/contracts-family-contact';
import { OutboxWriter } from '@opis/messaging';
import { PeriodicJob, PinoLoggerService, raiseDueItems } from '@opis/platform';

import { FamilyContactConfig } from '../family-contact.config';
import { FirstCallRepository } from './first-call.repository';

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

  public runOnce(now: Date = new Date()): Promise<number> {
    return raiseDueItems(this.dataSource, {
      batchSize: 200,
      findDue: (manager, limit) => this.firstCalls.findDueFirstCalls(manager, now, this.config.OFFICES ?? OFFICE_CODES, limit),
      raise: async (manager, record) => {
        if (!(await this.firstCalls.insertFirstCallAlert(manager, record.caseId, now))) return false;
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
        return true;
      },
    });
  }
}
