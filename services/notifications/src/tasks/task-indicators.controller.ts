import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DataSource } from 'typeorm';

import { OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';
import { AuditTrail, CurrentPrincipal, CurrentRequestMeta, IsInstant, Page, Principal, RequestMeta, Roles, visibleOffices } from '@opis/platform';

import { Clock } from '../clock';
import { NotificationsConfig } from '../notifications.config';

export class TaskIndicatorsQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'Tasks opened at or after this instant (default 30 days ago)' })
  @IsOptional()
  @IsInstant()
  public from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Tasks opened before this instant (default now)' })
  @IsOptional()
  @IsInstant()
  public to?: string;

  @ApiPropertyOptional({ enum: OFFICE_CODES, description: 'One of your offices; all of them when absent' })
  @IsOptional()
  @IsIn(OFFICE_CODES)
  public office?: OfficeCode;
}

/** How fast an office's alerts were taken up, per trigger: the people's response, not the children's data. */
export interface TaskIndicatorView {
  trigger: string;
  officeCode: string;
  opened: number;
  acknowledged: number;
  /** Reached the office's supervisors (level 1) or the national duty officer (level 2). */
  escalated: number;
  /** Closed by a person or by the event that cleared them; replaced ones are left out. */
  resolved: number;
  medianSecondsToAcknowledge: number | null;
  p90SecondsToAcknowledge: number | null;
  medianSecondsToResolve: number | null;
}

interface IndicatorRow {
  trigger: string;
  office_code: string;
  opened: number;
  acknowledged: number;
  escalated: number;
  resolved: number;
  median_ack: number | null;
  p90_ack: number | null;
  median_resolve: number | null;
}

const DAY_MS = 86_400_000;
const seconds = (value: number | null): number | null => (value === null ? null : Math.round(Number(value)));

/**
 * Time to acknowledge and to resolve per trigger and office (issue 22), from the tasks themselves,
 * for supervisors in the service; statistics computes the same from notifications' task events.
 */
@ApiTags('tasks')
@Controller('v1/task-indicators')
export class TaskIndicatorsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly config: NotificationsConfig,
  ) {}

  @Get()
  @Roles('supervisor', 'auditor', 'national')
  @ApiOperation({ summary: 'Alerts opened, acknowledged, escalated and resolved, and how fast, per trigger and office' })
  public async list(@CurrentPrincipal() principal: Principal, @CurrentRequestMeta() meta: RequestMeta, @Query() query: TaskIndicatorsQuery): Promise<Page<TaskIndicatorView>> {
    const visible = visibleOffices(principal, this.config.OFFICES);
    const offices = query.office ? visible.filter((office) => office === query.office) : visible;
    const to = query.to ? new Date(query.to) : this.clock.now();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY_MS);
    await this.audit.record({ actor: principal, action: 'task.indicators', officeCode: offices.length === 1 ? offices[0] : null, outcome: 'allowed', ...meta });
    if (offices.length === 0) return { items: [], nextCursor: null };
    const rows: IndicatorRow[] = await this.dataSource.query(
      `SELECT trigger, office_code,
              count(*)::int AS opened,
              count(acknowledged_at)::int AS acknowledged,
              count(*) FILTER (WHERE level > 0)::int AS escalated,
              count(*) FILTER (WHERE status = 'CLOSED' AND outcome <> 'SUPERSEDED')::int AS resolved,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - opened_at)) AS median_ack,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - opened_at)) AS p90_ack,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - opened_at))
                FILTER (WHERE status = 'CLOSED' AND outcome <> 'SUPERSEDED') AS median_resolve
         FROM task
        WHERE office_code = ANY ($1::text[]) AND opened_at >= $2 AND opened_at < $3
        GROUP BY trigger, office_code
        ORDER BY office_code, trigger`,
      [offices, from, to],
    );
    return {
      items: rows.map((row) => ({
        trigger: row.trigger,
        officeCode: row.office_code.trim(),
        opened: row.opened,
        acknowledged: row.acknowledged,
        escalated: row.escalated,
        resolved: row.resolved,
        medianSecondsToAcknowledge: seconds(row.median_ack),
        p90SecondsToAcknowledge: seconds(row.p90_ack),
        medianSecondsToResolve: seconds(row.median_resolve),
      })),
      nextCursor: null,
    };
  }
}
