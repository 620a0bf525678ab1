import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { TimelineEntryEntity } from './timeline-entry.entity';

/** The only code that reads the timeline read model (`timeline_entry`); the consumer writes it. */
@Injectable()
export class TimelineRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A case's latest `limit` entries, oldest first. */
  public async latestOf(caseId: string, limit: number): Promise<TimelineEntryEntity[]> {
    const latest = await this.dataSource.manager.find(TimelineEntryEntity, { where: { caseId }, order: { occurredAt: 'DESC', eventId: 'DESC' }, take: limit });
    return latest.reverse();
  }
}
