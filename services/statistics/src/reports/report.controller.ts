import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Caller, CurrentCaller, Roles } from '@opis/platform';

import { ServesJsonOrCsv } from './report-representation.interceptor';
import { ReportQuery } from './report.query';
import { ComplianceReport, ReportService, TableReport, TaskResponseReport } from './report.service';

const EVERY_ROLE = ['officer', 'supervisor', 'office-admin', 'auditor', 'national', 'integration'] as const;

/**
 * Every role may read statistics of its offices (`national`: all). National, auditors and
 * supervisors see exact counts; the others see cells under 5 as `<5`. Each handler returns the
 * report; ReportRepresentation writes it as CSV when asked.
 */
@ApiTags('reports')
@Controller('v1/reports')
export class ReportController {
  constructor(private readonly reports: ReportService) {}

  @Get('dif-channelled')
  @Roles(...EVERY_ROLE)
  @ServesJsonOrCsv()
  @ApiOperation({ summary: 'Foreign children channelled to DIF by month, office, nationality, age group, travel condition and sex (DOMAIN.md 7.2 (1))' })
  public async difChannelled(@CurrentCaller() caller: Caller, @Query() query: ReportQuery): Promise<TableReport> {
    return this.reports.table(caller, 'dif-channelled', query);
  }

  @Get('returned-from-usa')
  @Roles(...EVERY_ROLE)
  @ServesJsonOrCsv()
  @ApiOperation({ summary: 'Mexican children returned by the USA by month, reception point, age group, travel condition and sex (DOMAIN.md 7.2 (2))' })
  public async returnedFromUsa(@CurrentCaller() caller: Caller, @Query() query: ReportQuery): Promise<TableReport> {
    return this.reports.table(caller, 'returned-from-usa', query);
  }

  @Get('assisted-returns')
  @Roles(...EVERY_ROLE)
  @ServesJsonOrCsv()
  @ApiOperation({ summary: 'Assisted returns of foreign children by month, country, point of exit and travel condition (DOMAIN.md 7.2 (3))' })
  public async assistedReturns(@CurrentCaller() caller: Caller, @Query() query: ReportQuery): Promise<TableReport> {
    return this.reports.table(caller, 'assisted-returns', query);
  }

  @Get('compliance')
  @Roles(...EVERY_ROLE)
  @ServesJsonOrCsv()
  @ApiOperation({ summary: 'Operational compliance: notification and hand-over times, interpreters, informing, COMAR term, refused returns, out-of-hours receptions (DOMAIN.md 7.2 (4))' })
  public async compliance(@CurrentCaller() caller: Caller, @Query() query: ReportQuery): Promise<ComplianceReport> {
    return this.reports.compliance(caller, query);
  }

  @Get('task-response')
  @Roles(...EVERY_ROLE)
  @ServesJsonOrCsv()
  @ApiOperation({ summary: 'Alerts opened, acknowledged, escalated and resolved per trigger and office, with the median and 90th percentile minutes to acknowledge and the median minutes to resolve (issue 22)' })
  public async taskResponse(@CurrentCaller() caller: Caller, @Query() query: ReportQuery): Promise<TaskResponseReport> {
    return this.reports.taskResponse(caller, query);
  }
}
