import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface TimelineRow {
  event_id: string;
  office_code: string;
  service: string;
  type: string;
  occurred_at: Date;
  actor_kind: string;
  actor_id: string;
}

/** The only code that reads the timeline read model (`timeline_entry`); the consumer writes it. */
@Injectable()
export class TimelineRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A case's latest `limit` entries, oldest first. */
  public async latestOf(caseId: string, limit: number): Promise<TimelineRow[]> {
    return this.dataSource.query(
      `SELECT * FROM (
         SELECT event_id, office_code, service, type, occurred_at, actor_kind, actor_id FROM timeline_entry
          WHERE case_id = $1 ORDER BY occurred_at DESC, event_id DESC LIMIT $2
       ) latest ORDER BY occurred_at, event_id`,
      [caseId, limit],
    );
  }
}
