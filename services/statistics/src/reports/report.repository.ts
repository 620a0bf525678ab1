import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Months and periods are counted as the offices live them (DOMAIN.md 7.1: months of the Boletín). */
export const REPORT_TIME_ZONE = 'America/Mexico_City';

/** Offices in scope and the period, in Mexico City calendar dates (both ends included). */
export interface ReportScope {
  offices: readonly string[];
  from: string | null;
  to: string | null;
}

export interface GroupedCount {
  dimensions: Record<string, string>;
  events: number;
  children: number;
}

export interface CountTable {
  rows: GroupedCount[];
  total: { events: number; children: number };
}

/** A table's source: FROM/WHERE over facts, the instant that dates the event and the office it counts for. */
interface TableSource {
  from: string;
  where: string;
  instant: string;
  office: string;
  /** The pseudonymous child: intake's person id, else the case (one child per case). */
  childKey: string;
  dimensions: Array<[name: string, expression: string]>;
}

const local = (instant: string) => `(${instant} AT TIME ZONE '${REPORT_TIME_ZONE}')`;
const month = (instant: string) => `to_char(${local(instant)}, 'YYYY-MM')`;
const inScope = (instant: string, office: string) =>
  `${office} = ANY($1::text[]) AND ($2::date IS NULL OR ${local(instant)}::date >= $2::date) AND ($3::date IS NULL OR ${local(instant)}::date <= $3::date)`;
const known = (expression: string) => `COALESCE(${expression}, 'UNKNOWN')`;

/** DOMAIN.md 7.2 (1): foreign children channelled to DIF (the evento is intake's channelled-to-dif). */
const DIF_CHANNELLED: TableSource = {
  from: 'stat_intake_milestone m LEFT JOIN stat_case c ON c.case_id = m.case_id',
  where: `m.kind = 'CHANNELLED_TO_DIF' AND c.nationality IS DISTINCT FROM 'MX'`,
  instant: 'm.occurred_at',
  office: 'm.office_code',
  childKey: 'COALESCE(c.person_id::text, m.case_id::text)',
  dimensions: [
    ['month', month('m.occurred_at')],
    ['office', 'm.office_code'],
    ['nationality', known('c.nationality')],
    ['ageGroup', known('c.age_band')],
    ['travelCondition', known('c.accompaniment')],
    ['sex', known('c.sex')],
  ],
};

/** DOMAIN.md 7.2 (2): Mexican children returned by the USA (the evento is intake's registration, entry path RETURNED_FROM_USA). */
const RETURNED_FROM_USA: TableSource = {
  from: 'stat_case c',
  where: `c.entry_path = 'RETURNED_FROM_USA'`,
  instant: 'c.detected_at',
  office: 'c.registered_office',
  childKey: 'COALESCE(c.person_id::text, c.case_id::text)',
  dimensions: [
    ['month', month('c.detected_at')],
    ['receptionPoint', known('c.migration_point_code')],
    ['ageGroup', 'c.age_band'],
    ['travelCondition', 'c.accompaniment'],
    ['sex', 'c.sex'],
  ],
};

/** DOMAIN.md 7.2 (3): assisted returns of foreign children (the evento is the signed hand-over). */
const ASSISTED_RETURNS: TableSource = {
  from: 'stat_return_handover h LEFT JOIN stat_return_plan p ON p.plan_id = h.plan_id LEFT JOIN stat_case c ON c.case_id = h.case_id',
  where: 'TRUE',
  instant: 'h.handed_over_at',
  office: 'h.office_code',
  childKey: 'COALESCE(c.person_id::text, h.case_id::text)',
  dimensions: [
    ['month', month('h.handed_over_at')],
    ['country', known('p.receiving_country')],
    ['exitPoint', 'h.exit_point_code'],
    ['travelCondition', known('p.accompaniment')],
  ],
};

/** Spelled out rather than `keyof typeof TABLE_SOURCES`: the OpenAPI document's schemas are generated from these types. */
export type TableReportName = 'dif-channelled' | 'returned-from-usa' | 'assisted-returns';

export const TABLE_SOURCES: Readonly<Record<TableReportName, TableSource>> = {
  'dif-channelled': DIF_CHANNELLED,
  'returned-from-usa': RETURNED_FROM_USA,
  'assisted-returns': ASSISTED_RETURNS,
};

export function tableDimensions(report: TableReportName): string[] {
  return TABLE_SOURCES[report].dimensions.map(([name]) => name);
}

export interface MilestoneSummary {
  cases: number;
  recorded: number;
  withinTarget: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
  maxMinutes: number | null;
  bands: number[];
}

/** Upper bounds (minutes, inclusive) of the distribution bands; the last band is open. */
export const MINUTE_BANDS = [60, 360, 720, 1440] as const;

export interface ProtectionRow {
  caseId: string;
  officeCode: string;
  occurredAt: Date;
  status: string;
  decisionDueDate: string | null;
}

/** Tasks opened in the period, per trigger and office, and how fast they were taken up (seconds). */
export interface TaskResponseSummary {
  trigger: string;
  office: string;
  opened: number;
  acknowledged: number;
  escalated: number;
  resolved: number;
  medianSecondsToAcknowledge: number | null;
  p90SecondsToAcknowledge: number | null;
  medianSecondsToResolve: number | null;
}

/** The only code that reads facts: every report is a query at request time, so a replay gives the same answers. */
@Injectable()
export class ReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  public async countTable(report: TableReportName, scope: ReportScope): Promise<CountTable> {
    const source = TABLE_SOURCES[report];
    const params = [scope.offices, scope.from, scope.to];
    const where = `${source.where} AND ${inScope(source.instant, source.office)}`;
    const selects = source.dimensions.map(([name, expression]) => `${expression} AS "${name}"`).join(', ');
    const positions = source.dimensions.map((_, index) => index + 1).join(', ');
    const rows: Array<Record<string, string | number>> = await this.dataSource.query(
      `SELECT ${selects}, count(*)::int AS events, count(DISTINCT ${source.childKey})::int AS children
       FROM ${source.from} WHERE ${where} GROUP BY ${positions} ORDER BY ${positions}`,
      params,
    );
    const [total]: Array<{ events: number; children: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS events, count(DISTINCT ${source.childKey})::int AS children FROM ${source.from} WHERE ${where}`,
      params,
    );
    return {
      rows: rows.map((row) => ({
        dimensions: Object.fromEntries(source.dimensions.map(([name]) => [name, String(row[name])])),
        events: Number(row['events']),
        children: Number(row['children']),
      })),
      total,
    };
  }

  /** INV-03: per case detected in the period, the first notification or hand-over, minutes from detection. */
  public async milestone(kind: 'PROCURADURIA_NOTIFIED' | 'CHANNELLED_TO_DIF', targetMinutes: number, scope: ReportScope): Promise<MilestoneSummary> {
    const [row]: Array<Record<string, number | null>> = await this.dataSource.query(
      `WITH firsts AS (
         SELECT c.case_id, min(m.minutes_since_detection) AS minutes
         FROM stat_case c LEFT JOIN stat_intake_milestone m ON m.case_id = c.case_id AND m.kind = $4
         WHERE c.detected_at IS NOT NULL AND ${inScope('c.detected_at', 'c.registered_office')}
         GROUP BY c.case_id)
       SELECT count(*)::int AS cases, count(minutes)::int AS recorded,
              count(*) FILTER (WHERE minutes <= $5)::int AS within,
              percentile_disc(0.5) WITHIN GROUP (ORDER BY minutes) AS median,
              percentile_disc(0.9) WITHIN GROUP (ORDER BY minutes) AS p90,
              max(minutes) AS max,
              ${MINUTE_BANDS.map((upper, index) => `count(*) FILTER (WHERE minutes > ${index === 0 ? -1 : MINUTE_BANDS[index - 1]} AND minutes <= ${upper})::int AS b${index}`).join(', ')},
              count(*) FILTER (WHERE minutes > ${MINUTE_BANDS[MINUTE_BANDS.length - 1]})::int AS b${MINUTE_BANDS.length}
       FROM firsts`,
      [scope.offices, scope.from, scope.to, kind, targetMinutes],
    );
    const number = (value: number | null) => (value === null ? null : Number(value));
    return {
      cases: Number(row['cases']),
      recorded: Number(row['recorded']),
      withinTarget: Number(row['within']),
      medianMinutes: number(row['median']),
      p90Minutes: number(row['p90']),
      maxMinutes: number(row['max']),
      bands: [...MINUTE_BANDS, null].map((_, index) => Number(row[`b${index}`])),
    };
  }

  /** LM-18, INF-03: sessions (information sessions, phone calls) held in the period with a child who does not fully speak Spanish. */
  public async interpreterSessions(scope: ReportScope): Promise<Array<{ kind: string; needed: number; interpreted: number }>> {
    const rows: Array<{ kind: string; needed: number; interpreted: number }> = await this.dataSource.query(
      `SELECT s.kind, count(*)::int AS needed, count(*) FILTER (WHERE s.interpreter_used)::int AS interpreted
       FROM stat_session s JOIN stat_case c ON c.case_id = s.case_id
       WHERE c.speaks_spanish IN ('NO', 'PARTIAL') AND ${inScope('s.held_at', 's.office_code')}
       GROUP BY s.kind ORDER BY s.kind`,
      [scope.offices, scope.from, scope.to],
    );
    return rows.map((row) => ({ kind: row.kind, needed: Number(row.needed), interpreted: Number(row.interpreted) }));
  }

  /** LM-16: foreign children detected in the period (not returned from the USA) and what they were informed about. */
  public async informing(scope: ReportScope, coreTopics: readonly string[]): Promise<{
    cases: number;
    byTopic: Array<{ topic: string; cases: number }>;
    allCoreTopics: number;
    withReturnPlan: number;
    returnPlanInformed: number;
    overdueDuties: number;
  }> {
    const cohort = `SELECT c.case_id FROM stat_case c
      WHERE c.detected_at IS NOT NULL AND c.entry_path IS DISTINCT FROM 'RETURNED_FROM_USA' AND ${inScope('c.detected_at', 'c.registered_office')}`;
    const params = [scope.offices, scope.from, scope.to];
    const [summary]: Array<Record<string, number>> = await this.dataSource.query(
      `WITH cohort AS (${cohort}),
            topics AS (SELECT s.case_id, array_agg(DISTINCT s.topic) AS topics FROM stat_session s JOIN cohort USING (case_id)
                       WHERE s.kind = 'INFORMED' GROUP BY s.case_id),
            plans AS (SELECT DISTINCT p.case_id FROM stat_return_plan p JOIN cohort USING (case_id))
       SELECT (SELECT count(*) FROM cohort)::int AS cases,
              (SELECT count(*) FROM topics WHERE topics @> $4::text[])::int AS all_core,
              (SELECT count(*) FROM plans)::int AS with_plan,
              (SELECT count(*) FROM plans JOIN topics USING (case_id) WHERE 'RETURN_PROCESS' = ANY(topics))::int AS plan_informed,
              (SELECT count(*) FROM stat_inform_overdue o JOIN cohort USING (case_id))::int AS overdue`,
      [...params, coreTopics],
    );
    const byTopic: Array<{ topic: string; cases: number }> = await this.dataSource.query(
      `WITH cohort AS (${cohort})
       SELECT s.topic, count(DISTINCT s.case_id)::int AS cases FROM stat_session s JOIN cohort USING (case_id)
       WHERE s.kind = 'INFORMED' GROUP BY s.topic ORDER BY s.topic`,
      params,
    );
    return {
      cases: Number(summary['cases']),
      byTopic: byTopic.map((row) => ({ topic: row.topic, cases: Number(row.cases) })),
      allCoreTopics: Number(summary['all_core']),
      withReturnPlan: Number(summary['with_plan']),
      returnPlanInformed: Number(summary['plan_informed']),
      overdueDuties: Number(summary['overdue']),
    };
  }

  /** Every protection change of the cases with an event in scope, in legal-status's order per case (the period is applied to filing). */
  public async protectionChanges(offices: readonly string[]): Promise<ProtectionRow[]> {
    const rows: Array<{ case_id: string; office_code: string; occurred_at: Date; status: string; decision_due_date: string | null }> = await this.dataSource.query(
      `SELECT case_id, office_code, occurred_at, status, to_char(decision_due_date, 'YYYY-MM-DD') AS decision_due_date
       FROM stat_protection_change WHERE office_code = ANY($1::text[]) ORDER BY case_id, case_version`,
      [offices],
    );
    return rows.map((row) => ({ caseId: row.case_id, officeCode: row.office_code, occurredAt: new Date(row.occurred_at), status: row.status, decisionDueDate: row.decision_due_date }));
  }

  /** Refused approvals, schedulings and departures of returns (DOMAIN.md 7.2 (4), INV-01 and the other preconditions). */
  public async refusals(scope: ReportScope): Promise<{ total: number; byStage: Array<{ key: string; count: number }>; byRule: Array<{ key: string; count: number }> }> {
    const params = [scope.offices, scope.from, scope.to];
    const where = inScope('r.refused_at', 'r.office_code');
    const [total]: Array<{ n: number }> = await this.dataSource.query(`SELECT count(*)::int AS n FROM stat_return_refusal r WHERE ${where}`, params);
    const byStage: Array<{ key: string; count: number }> = await this.dataSource.query(
      `SELECT r.stage AS key, count(*)::int AS count FROM stat_return_refusal r WHERE ${where} GROUP BY 1 ORDER BY 1`,
      params,
    );
    const byRule: Array<{ key: string; count: number }> = await this.dataSource.query(
      `SELECT rule AS key, count(*)::int AS count FROM stat_return_refusal r, unnest(r.rules) AS rule WHERE ${where} GROUP BY 1 ORDER BY 1`,
      params,
    );
    const numbers = (rows: Array<{ key: string; count: number }>) => rows.map((row) => ({ key: row.key, count: Number(row.count) }));
    return { total: Number(total.n), byStage: numbers(byStage), byRule: numbers(byRule) };
  }

  /** US-03: unaccompanied children received from the USA, and those received outside the point's hours. */
  public async receptions(scope: ReportScope): Promise<Array<{ point: string; received: number; outOfHours: number }>> {
    const rows: Array<{ point: string; received: number; out_of_hours: number }> = await this.dataSource.query(
      `SELECT a.point_code AS point, count(*)::int AS received, count(*) FILTER (WHERE a.out_of_hours)::int AS out_of_hours
       FROM stat_reception_arrival a
       WHERE a.accompaniment = 'UNACCOMPANIED' AND ${inScope('a.arrived_at', 'a.office_code')}
       GROUP BY 1 ORDER BY 1`,
      [scope.offices, scope.from, scope.to],
    );
    return rows.map((row) => ({ point: row.point, received: Number(row.received), outOfHours: Number(row.out_of_hours) }));
  }

  /**
   * Issue 22: notifications' tasks opened in the period, per trigger and office (the office that
   * had the task last). Resolved: closed by a person or by the event that cleared it; a task
   * replaced by a later alert of the same condition (SUPERSEDED) is left out.
   */
  public async taskResponse(scope: ReportScope): Promise<TaskResponseSummary[]> {
    const resolved = `t.closed_at IS NOT NULL AND t.outcome <> 'SUPERSEDED'`;
    const rows: Array<Record<string, string | number | null>> = await this.dataSource.query(
      `SELECT t.trigger, t.office_code AS office,
              count(*)::int AS opened,
              count(t.acknowledged_at)::int AS acknowledged,
              count(*) FILTER (WHERE t.max_level > 0)::int AS escalated,
              count(*) FILTER (WHERE ${resolved})::int AS resolved,
              percentile_disc(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.acknowledged_at - t.opened_at)) AS median_ack,
              percentile_disc(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM t.acknowledged_at - t.opened_at)) AS p90_ack,
              percentile_disc(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.closed_at - t.opened_at)) FILTER (WHERE ${resolved}) AS median_resolve
       FROM stat_task t
       WHERE ${inScope('t.opened_at', 't.office_code')}
       GROUP BY t.trigger, t.office_code ORDER BY t.office_code, t.trigger`,
      [scope.offices, scope.from, scope.to],
    );
    const seconds = (value: string | number | null) => (value === null ? null : Number(value));
    return rows.map((row) => ({
      trigger: String(row['trigger']),
      office: String(row['office']),
      opened: Number(row['opened']),
      acknowledged: Number(row['acknowledged']),
      escalated: Number(row['escalated']),
      resolved: Number(row['resolved']),
      medianSecondsToAcknowledge: seconds(row['median_ack']),
      p90SecondsToAcknowledge: seconds(row['p90_ack']),
      medianSecondsToResolve: seconds(row['median_resolve']),
    }));
  }
}
