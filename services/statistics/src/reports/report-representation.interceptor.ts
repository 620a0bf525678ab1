import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';

import { flatten, toCsv } from './report-format';
import { ReportFormat } from './report.query';
import { ComplianceReport, TableReport, TaskResponseReport } from './report.service';

/** A table (and the alerts' response times) as its rows; the compliance indicators as `indicator,value` rows (dotted paths). */
export function reportCsv(report: TableReport | TaskResponseReport | ComplianceReport): string {
  if ('columns' in report) return toCsv(report.columns, report.rows);
  const { report: _name, title: _title, period: _period, office: _office, suppressed: _suppressed, ...indicators } = report;
  return toCsv(['indicator', 'value'], flatten(indicators));
}

/** `format` decides; without it, Accept: text/csv asks for CSV; JSON otherwise. */
export function formatOf(request: FastifyRequest): ReportFormat {
  const format = (request.query as { format?: unknown } | undefined)?.format;
  if (format === 'csv' || format === 'json') return format;
  const accept = request.headers.accept;
  return typeof accept === 'string' && accept.includes('text/csv') ? 'csv' : 'json';
}

/**
 * A report's representation: the handlers return the report (its JSON, as their types say and the
 * document shows), and this writes it as CSV where the request asks for CSV. Runs after the query
 * was validated, so `format` is one of REPORT_FORMATS or absent.
 */
@Injectable()
export class ReportRepresentation implements NestInterceptor {
  public intercept(context: ExecutionContext, next: CallHandler<TableReport | TaskResponseReport | ComplianceReport>): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    return next.handle().pipe(
      map((report) => {
        if (formatOf(request) === 'json') return report;
        void reply.header('content-type', 'text/csv; charset=utf-8');
        return reportCsv(report);
      }),
    );
  }
}

/** Serves JSON or CSV, and documents both: the JSON schema comes from the handler's return type. */
export function ServesJsonOrCsv(): MethodDecorator {
  return applyDecorators(
    UseInterceptors(ReportRepresentation),
    ApiProduces('application/json', 'text/csv'),
    ApiOkResponse({
      description: 'The report as JSON; as CSV (RFC 4180) with `format=csv` or `Accept: text/csv`: a table its columns and rows, compliance `indicator,value` rows',
      content: {
        'text/csv': { schema: { type: 'string' }, example: 'month,office,events,uniqueChildren\r\n2026-03,CHP,12,11\r\n' },
      },
    }),
  );
}
