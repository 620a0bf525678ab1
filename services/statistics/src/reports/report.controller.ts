import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';

import { CurrentPrincipal, CurrentRequestMeta, Principal, RequestMeta, Roles } from '@opis/platform';

import { ReportQuery } from './report.query';
import { ReportName, ReportService } from './report.service';

const EVERY_ROLE = ['officer', 'supervisor', 'office-admin', 'auditor', 'national', 'integration'] as const;

/**
 * Every role may read statistics of its offices (`national`: all). National, auditors and
 * supervisors see exact counts; the others see cells under 5 as `<5`.
 */
@ApiTags('reports')
@Controller('v1/reports')
export class ReportController {
  constructor(private readonly reports: ReportService) {}

  @Get('dif-channelled')
  @Roles(...EVERY_ROLE)
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Foreign children channelled to DIF by month, office, nationality, age group, travel condition and sex (DOMAIN.md 7.2 (1))' })
  public async difChannelled(@CurrentPrincipal() principal: Principal, @CurrentRequestMeta() meta: RequestMeta, @Query() query: ReportQuery, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.send('dif-channelled', { principal, meta }, query, accept, reply);
  }

  @Get('returned-from-usa')
  @Roles(...EVERY_ROLE)
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Mexican children returned by the USA by month, reception point, age group, travel condition and sex (DOMAIN.md 7.2 (2))' })
  public async returnedFromUsa(@CurrentPrincipal() principal: Principal, @CurrentRequestMeta() meta: RequestMeta, @Query() query: ReportQuery, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.send('returned-from-usa', { principal, meta }, query, accept, reply);
  }

  @Get('assisted-returns')
  @Roles(...EVERY_ROLE)
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Assisted returns of foreign children by month, country, point of exit and travel condition (DOMAIN.md 7.2 (3))' })
  public async assistedReturns(@CurrentPrincipal() principal: Principal, @CurrentRequestMeta() meta: RequestMeta, @Query() query: ReportQuery, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.send('assisted-returns', { principal, meta }, query, accept, reply);
  }

  @Get('compliance')
  @Roles(...EVERY_ROLE)
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Operational compliance: notification and hand-over times, interpreters, informing, COMAR term, refused returns, out-of-hours receptions (DOMAIN.md 7.2 (4))' })
  public async compliance(@CurrentPrincipal() principal: Principal, @CurrentRequestMeta() meta: RequestMeta, @Query() query: ReportQuery, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.send('compliance', { principal, meta }, query, accept, reply);
  }

  private async send(name: ReportName, caller: { principal: Principal; meta: RequestMeta }, query: ReportQuery, accept: string | undefined, reply: FastifyReply): Promise<string | object> {
    const format = query.format ?? (accept?.includes('text/csv') ? 'csv' : 'json');
    const rendered = await this.reports.render(caller, name, query, format);
    reply.header('content-type', rendered.contentType);
    return rendered.body;
  }
}
