import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { PeriodicJob } from '../../jobs/periodic-job';
import { PinoLoggerService } from '../../logging/pino-logger.service';
import { IDEMPOTENCY_KEY_TTL_HOURS } from './idempotency.interceptor';

const PURGE_INTERVAL_MS = 3_600_000;
const PURGE_BATCH = 1_000;

/**
 * Deletes Idempotency-Key rows past their day, hourly, off the request path (a keyed POST used to
 * run the delete itself). Replays never read an expired row; this only gives the space back.
 */
@Injectable()
export class IdempotencyKeyPurge extends PeriodicJob {
  constructor(
    private readonly dataSource: DataSource,
    logger: PinoLoggerService,
  ) {
    super('idempotency-key-purge', PURGE_INTERVAL_MS, logger);
  }

  public async runOnce(now: Date = new Date()): Promise<number> {
    let purged = 0;
    for (;;) {
      const [, deleted] = (await this.dataSource.query(
        `DELETE FROM idempotency_key WHERE ctid IN (
           SELECT ctid FROM idempotency_key WHERE created_at < $1::timestamptz - make_interval(hours => $2) LIMIT $3)`,
        [now, IDEMPOTENCY_KEY_TTL_HOURS, PURGE_BATCH],
      )) as [unknown, number];
      purged += deleted;
      if (deleted < PURGE_BATCH) return purged;
    }
  }
}
