import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import { ApiUuidParam, assertOfficeAccess, CaseIdParam, CurrentPrincipal, Principal, ResourceNotFoundError, Roles } from '@opis/platform';

export interface TimelineEntryView {
  eventId: string;
  service: string;
  type: string;
  occurredAt: string;
  actor: { kind: string; id: string };
}

export interface TimelineView {
  caseId: string;
  officeCode: string;
  items: TimelineEntryView[];
}

/** The most a case view shows at once; a case with more shows its latest. */
const MAX_ENTRIES = 500;

@ApiTags('timeline')
@Controller('v1/cases')
export class TimelineController {
  constructor(private readonly dataSource: DataSource) {}

  @Get(':caseId/timeline')
  @Roles('officer', 'supervisor', 'auditor', 'national')
  @ApiUuidParam('caseId', 'The case (its id in intake)')
  @ApiOperation({ summary: 'Everything every service recorded about a case, in the order it happened, with who and when (read model fed by events)' })
  public async timeline(@CurrentPrincipal() principal: Principal, @CaseIdParam() caseId: string): Promise<TimelineView> {
    const rows: { event_id: string; office_code: string; service: string; type: string; occurred_at: Date; actor_kind: string; actor_id: string }[] = await this.dataSource.query(
      `SELECT * FROM (
         SELECT event_id, office_code, service, type, occurred_at, actor_kind, actor_id FROM timeline_entry
          WHERE case_id = $1 ORDER BY occurred_at DESC, event_id DESC LIMIT $2
       ) latest ORDER BY occurred_at, event_id`,
      [caseId, MAX_ENTRIES],
    );
    if (rows.length === 0) throw new ResourceNotFoundError('case');
    // A case moved to another office keeps its earlier events under the old one: the latest office decides.
    const officeCode = rows[rows.length - 1].office_code;
    assertOfficeAccess(principal, officeCode as OfficeCode);
    return {
      caseId,
      officeCode,
      items: rows.map((row) => ({
        eventId: row.event_id,
        service: row.service,
        type: row.type,
        occurredAt: row.occurred_at.toISOString(),
        actor: { kind: row.actor_kind, id: row.actor_id },
      })),
    };
  }
}
