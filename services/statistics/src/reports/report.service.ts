import { Injectable } from '@nestjs/common';

import { OfficeCode } from '@opis/contracts-envelope';
import { INFORM_TOPICS } from '@opis/contracts-legal-status';
import {
  AuditTrail,
  Caller,
  DomainError,
  ErrorKind,
  InvalidInputError,
  mexicoCityDate,
  Principal,
  Role,
  visibleOffices,
  WorkingDayCalendar,
} from '@opis/platform';

import { StatisticsConfig } from '../statistics.config';
import { Cell, Disclosure } from './report-format';
import { ReportQuery } from './report.query';
import { TASK_RESPONSE_BASIS, TASK_RESPONSE_COLUMNS, TaskResponseRow, taskResponseRows } from './task-response';
import {
  MINUTE_BANDS,
  MilestoneSummary,
  ProtectionRow,
  REPORT_TIME_ZONE,
  ReportRepository,
  ReportScope,
  tableDimensions,
  TableReportName,
} from './report.repository';

export type ReportName = TableReportName | 'compliance' | 'task-response';

/**
 * Roles that may see case-level data see exact counts; everybody else gets small cells as `<5`
 * so that a table cannot single out a child. Supervisors and auditors review cases of their
 * offices anyway; `national` oversees all of them.
 */
export const CASE_LEVEL_ROLES: readonly Role[] = ['national', 'auditor', 'supervisor'];

/** DOMAIN.md 7.1 (3): "presentados" until December 2020, "canalizados" from January 2021. */
export const SERIES_BREAK_MONTH = '2021-01';

const TITLES: Record<ReportName, string> = {
  'dif-channelled': 'Foreign children and adolescents channelled to DIF (events)',
  'returned-from-usa': 'Mexican children and adolescents returned by the USA (events)',
  'assisted-returns': 'Assisted returns of foreign children and adolescents (hand-overs)',
  compliance: 'Operational compliance indicators (DOMAIN.md 7.2 (4))',
  'task-response': 'Alerts: time to acknowledge and to resolve per trigger and office (issue 22)',
};

const CORE_TOPICS = INFORM_TOPICS.filter((topic) => topic !== 'RETURN_PROCESS');
const DECIDED = ['RECOGNIZED_REFUGEE', 'COMPLEMENTARY_PROTECTION', 'DENIED'];


export interface ReportHeader {
  report: ReportName;
  title: string;
  period: { from: string | null; to: string | null; timeZone: string };
  office: OfficeCode | null;
  /** True when small cells are shown as `<N` (the requester may not see case-level data). */
  suppressed: boolean;
}

export interface TableReport extends ReportHeader {
  countingUnit: string;
  seriesBreak?: { month: string; before: string; from: string };
  columns: string[];
  rows: Array<Record<string, string | Cell>>;
  /** Withheld when a cell was suppressed, so that the total cannot give it back by subtraction. */
  total: { events: Cell; uniqueChildren: Cell } | null;
}

@Injectable()
export class ReportService {
  constructor(
    private readonly reports: ReportRepository,
    private readonly audit: AuditTrail,
    private readonly config: StatisticsConfig,
  ) {}

  public async table(caller: Caller, name: TableReportName, query: ReportQuery): Promise<TableReport> {
    return this.read(caller, name, query, (header, scope, disclosure) => this.tableOf(header, name, scope, disclosure));
  }

  public async compliance(caller: Caller, query: ReportQuery): Promise<ComplianceReport> {
    return this.read(caller, 'compliance', query, (header, scope, disclosure) => this.complianceOf(header, scope, disclosure));
  }

  public async taskResponse(caller: Caller, query: ReportQuery): Promise<TaskResponseReport> {
    return this.read(caller, 'task-response', query, async (header, scope, disclosure) => ({
      ...header,
      basis: TASK_RESPONSE_BASIS,
      columns: [...TASK_RESPONSE_COLUMNS],
      rows: taskResponseRows(await this.reports.taskResponse(scope), disclosure),
    }));
  }

  /** The caller's scope and disclosure, the report built in them, and the read audited, allowed or refused. */
  private async read<T>(
    caller: Caller,
    name: ReportName,
    query: ReportQuery,
    build: (header: ReportHeader, scope: ReportScope, disclosure: Disclosure) => Promise<T>,
  ): Promise<T> {
    const action = `report.${name}.read`;
    try {
      const scope = this.scope(caller.principal, query);
      const disclosure = new Disclosure(caller.principal.roles.some((role) => CASE_LEVEL_ROLES.includes(role)), this.config.STATISTICS_SMALL_CELL_THRESHOLD);
      const header: ReportHeader = {
        report: name,
        title: TITLES[name],
        period: { from: scope.from, to: scope.to, timeZone: REPORT_TIME_ZONE },
        office: query.office ?? null,
        suppressed: !disclosure.exact,
      };
      const report = await build(header, scope, disclosure);
      await this.audit.record({ actor: caller.principal, action, officeCode: query.office ?? null, outcome: 'allowed', ...caller.meta });
      return report;
    } catch (error) {
      if (error instanceof DomainError) {
        await this.audit.record({ actor: caller.principal, action, officeCode: query.office ?? null, outcome: 'refused', reason: error.code, ...caller.meta });
      }
      throw error;
    }
  }

  private scope(principal: Principal, query: ReportQuery): ReportScope {
    // `from` and `to` are calendar days: ReportQuery validated them.
    if (query.from && query.to && query.from > query.to) {
      throw new InvalidInputError([{ field: 'to', rule: 'notBeforeFrom', message: 'to must not be before from' }]);
    }
    const visible = visibleOffices(principal);
    if (query.office && !visible.includes(query.office)) {
      throw new DomainError({
        code: 'OFFICE_NOT_ALLOWED',
        kind: ErrorKind.FORBIDDEN,
        detail: `You may not read statistics of office ${query.office}.`,
        violations: [{ field: 'office', rule: 'officeScope', message: 'not one of your offices' }],
      });
    }
    return { offices: query.office ? [query.office] : visible, from: query.from ?? null, to: query.to ?? null };
  }

  private async tableOf(header: ReportHeader, name: TableReportName, scope: ReportScope, disclosure: Disclosure): Promise<TableReport> {
    const counted = await this.reports.countTable(name, scope);
    const dimensions = tableDimensions(name);
    const breaks = name === 'dif-channelled';
    let anySuppressed = false;
    const rows = counted.rows.map((row) => {
      anySuppressed ||= disclosure.isSuppressed(row.events) || disclosure.isSuppressed(row.children);
      return {
        ...row.dimensions,
        ...(breaks ? { series: row.dimensions['month'] < SERIES_BREAK_MONTH ? 'PRESENTADOS' : 'CANALIZADOS' } : {}),
        events: disclosure.count(row.events),
        uniqueChildren: disclosure.count(row.children),
      };
    });
    anySuppressed ||= disclosure.isSuppressed(counted.total.events) || disclosure.isSuppressed(counted.total.children);
    return {
      ...header,
      countingUnit: 'events (eventos, DOMAIN.md 7.1 (1)); uniqueChildren counts each child once (intake person id)',
      ...(breaks
        ? { seriesBreak: { month: SERIES_BREAK_MONTH, before: 'PRESENTADOS: presented to the migration authority', from: 'CANALIZADOS: channelled to DIF (LM reform in force 11 Jan 2021)' } }
        : {}),
      columns: [...dimensions, ...(breaks ? ['series'] : []), 'events', 'uniqueChildren'],
      rows,
      total: anySuppressed ? null : { events: counted.total.events, uniqueChildren: counted.total.children },
    };
  }

  private async complianceOf(header: ReportHeader, scope: ReportScope, disclosure: Disclosure): Promise<ComplianceReport> {
    const target = this.config.STATISTICS_HANDOVER_TARGET_MINUTES;
    const [notification, handover, sessions, informing, refusals, receptions, protection] = await Promise.all([
      this.reports.milestone('PROCURADURIA_NOTIFIED', target, scope),
      this.reports.milestone('CHANNELLED_TO_DIF', target, scope),
      this.reports.interpreterSessions(scope),
      this.reports.informing(scope, CORE_TOPICS),
      this.reports.refusals(scope),
      this.reports.receptions(scope),
      this.reports.protectionChanges(scope.offices),
    ]);
    const session = (kind: string) => {
      const found = sessions.find((row) => row.kind === kind) ?? { needed: 0, interpreted: 0 };
      return { needingInterpreter: disclosure.count(found.needed), withInterpreter: disclosure.count(found.interpreted), share: disclosure.share(found.interpreted, found.needed) };
    };
    const claims = this.claims(protection, scope);
    const received = receptions.reduce((sum, row) => sum + row.received, 0);
    const outOfHours = receptions.reduce((sum, row) => sum + row.outOfHours, 0);
    const counts = (rows: Array<{ key: string; count: number }>) => Object.fromEntries(rows.map((row) => [row.key, disclosure.count(row.count)]));
    return {
      ...header,
      procuraduriaNotification: this.milestone(notification, target, disclosure),
      difHandover: this.milestone(handover, target, disclosure),
      interpreterCoverage: {
        basis: 'sessions held in the period with a child who does not fully speak Spanish (LM-18, INF-03)',
        informationSessions: session('INFORMED'),
        phoneCalls: session('CALL'),
      },
      informationSessions: {
        basis: 'foreign children detected in the period; core topics exclude the return process (LM-16)',
        cases: disclosure.count(informing.cases),
        casesInformedByTopic: Object.fromEntries(INFORM_TOPICS.map((topic) => [topic, disclosure.count(informing.byTopic.find((row) => row.topic === topic)?.cases ?? 0)])),
        casesInformedOnAllCoreTopics: disclosure.count(informing.allCoreTopics),
        shareInformedOnAllCoreTopics: disclosure.share(informing.allCoreTopics, informing.cases),
        casesWithReturnPlan: disclosure.count(informing.withReturnPlan),
        returnPlanCasesInformedOfReturn: disclosure.count(informing.returnPlanInformed),
        overdueDuties: disclosure.count(informing.overdueDuties),
      },
      comarClaims: {
        basis: 'claims filed (first CLAIM_PENDING) in the period; within term: decided by the due date legal-status published, else 45 working days (IP-02)',
        filed: disclosure.count(claims.filed),
        decided: disclosure.count(claims.decided),
        decidedWithinTerm: disclosure.count(claims.within),
        shareDecidedWithinTerm: disclosure.share(claims.within, claims.decided),
        pending: disclosure.count(claims.filed - claims.decided),
      },
      blockedReturnAttempts: {
        basis: 'refused approvals, schedulings and departures of assisted returns, by stage and by rule (INV-01, INV-02, ...)',
        refusals: disclosure.count(refusals.total),
        byStage: counts(refusals.byStage),
        byRule: counts(refusals.byRule),
      },
      outOfHoursReceptions: {
        basis: 'unaccompanied children received from the USA outside the point’s hours (US-03, LRA incidents)',
        unaccompaniedReceptions: disclosure.count(received),
        outOfHours: disclosure.count(outOfHours),
        share: disclosure.share(outOfHours, received),
        byPoint: receptions.map((row) => ({ point: row.point, unaccompaniedReceptions: disclosure.count(row.received), outOfHours: disclosure.count(row.outOfHours) })),
      },
    };
  }

  private milestone(summary: MilestoneSummary, targetMinutes: number, disclosure: Disclosure): MilestoneIndicator {
    const labels = [...MINUTE_BANDS.map((upper) => `<=${upper}`), `>${MINUTE_BANDS[MINUTE_BANDS.length - 1]}`];
    return {
      basis: 'cases detected in the period, first record per case, minutes from detection (INV-03, LM-01)',
      targetMinutes,
      cases: disclosure.count(summary.cases),
      recorded: disclosure.count(summary.recorded),
      notRecorded: disclosure.count(summary.cases - summary.recorded),
      withinTarget: disclosure.count(summary.withinTarget),
      shareWithinTarget: disclosure.share(summary.withinTarget, summary.recorded),
      medianMinutes: disclosure.statistic(summary.recorded, summary.medianMinutes),
      p90Minutes: disclosure.statistic(summary.recorded, summary.p90Minutes),
      maxMinutes: disclosure.statistic(summary.recorded, summary.maxMinutes),
      distribution: Object.fromEntries(labels.map((label, index) => [`minutes${label}`, disclosure.count(summary.bands[index])])),
    };
  }

  /** IP-02: a claim counts from its first CLAIM_PENDING; decided at the first decision after it. */
  private claims(rows: readonly ProtectionRow[], scope: ReportScope): { filed: number; decided: number; within: number } {
    const calendar = new WorkingDayCalendar();
    const byCase = new Map<string, ProtectionRow[]>();
    for (const row of rows) byCase.set(row.caseId, [...(byCase.get(row.caseId) ?? []), row]);
    let filed = 0;
    let decided = 0;
    let within = 0;
    for (const changes of byCase.values()) {
      const filing = changes.findIndex((row) => row.status === 'CLAIM_PENDING');
      if (filing < 0) continue;
      const filedOn = mexicoCityDate(changes[filing].occurredAt);
      if ((scope.from && filedOn < scope.from) || (scope.to && filedOn > scope.to) || !scope.offices.includes(changes[filing].officeCode)) continue;
      filed += 1;
      const rest = changes.slice(filing);
      const decision = rest.findIndex((row) => DECIDED.includes(row.status));
      if (decision < 0) continue;
      decided += 1;
      // The latest due date published before the decision: suspensions (IP-08) move it.
      const due =
        rest.slice(0, decision + 1).reduce<string | null>((last, row) => row.decisionDueDate ?? last, null) ??
        calendar.addWorkingDays(filedOn, this.config.STATISTICS_COMAR_DECISION_WORKING_DAYS);
      if (mexicoCityDate(rest[decision].occurredAt) <= due) within += 1;
    }
    return { filed, decided, within };
  }
}

export interface MilestoneIndicator {
  basis: string;
  targetMinutes: number;
  cases: Cell;
  recorded: Cell;
  notRecorded: Cell;
  withinTarget: Cell;
  shareWithinTarget: number | null;
  medianMinutes: number | null;
  p90Minutes: number | null;
  maxMinutes: number | null;
  distribution: Record<string, Cell>;
}

/** Sessions that needed an interpreter and how many had one. */
export interface InterpreterShare {
  needingInterpreter: Cell;
  withInterpreter: Cell;
  share: number | null;
}

export interface InterpreterCoverage {
  basis: string;
  informationSessions: InterpreterShare;
  phoneCalls: InterpreterShare;
}

export interface InformingIndicator {
  basis: string;
  cases: Cell;
  /** By information topic (legal-status's INFORM_TOPICS). */
  casesInformedByTopic: Record<string, Cell>;
  casesInformedOnAllCoreTopics: Cell;
  shareInformedOnAllCoreTopics: number | null;
  casesWithReturnPlan: Cell;
  returnPlanCasesInformedOfReturn: Cell;
  overdueDuties: Cell;
}

export interface ComarClaimsIndicator {
  basis: string;
  filed: Cell;
  decided: Cell;
  decidedWithinTerm: Cell;
  shareDecidedWithinTerm: number | null;
  pending: Cell;
}

export interface BlockedReturnsIndicator {
  basis: string;
  refusals: Cell;
  byStage: Record<string, Cell>;
  /** By the DOMAIN.md rule that refused (INV-01, INV-02, ...). */
  byRule: Record<string, Cell>;
}

export interface OutOfHoursIndicator {
  basis: string;
  unaccompaniedReceptions: Cell;
  outOfHours: Cell;
  share: number | null;
  byPoint: Array<{ point: string; unaccompaniedReceptions: Cell; outOfHours: Cell }>;
}

export interface TaskResponseReport extends ReportHeader {
  basis: string;
  columns: string[];
  rows: TaskResponseRow[];
}

export interface ComplianceReport extends ReportHeader {
  procuraduriaNotification: MilestoneIndicator;
  difHandover: MilestoneIndicator;
  interpreterCoverage: InterpreterCoverage;
  informationSessions: InformingIndicator;
  comarClaims: ComarClaimsIndicator;
  blockedReturnAttempts: BlockedReturnsIndicator;
  outOfHoursReceptions: OutOfHoursIndicator;
}
