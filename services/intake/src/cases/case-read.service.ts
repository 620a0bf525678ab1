import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import { DEADLINE_CLOCKS } from '@opis/contracts-intake';
import { AuditTrail, Caller, decodeKeysetCursor, encodeKeysetCursor, ResourceNotFoundError } from '@opis/platform';

import { deadlineView, DeadlineView } from '../deadlines/deadline-policy';
import { IntakeConfig } from '../intake.config';
import { searchableName } from '../people/searchable-name';
import { CaseAccess } from './case-access.service';
import { CaseEntity } from './case.entity';
import { CaseRepository } from './case.repository';
import { ageOutOfCase, CasePage, CaseView, toCaseView } from './case.view';
import { caseStage } from './child-flow-rules';
import { ListCasesQuery } from './list-cases.query';

const DEFAULT_PAGE_SIZE = 50;
/** A case number as registrations give them: office, year, the office's sequence in the year. */
const CASE_NUMBER = /^[A-Z]{3}-\d{4}-\d{6}$/;

/** A case as officers read it, alone or in their offices' list, with its records and running clocks. */
@Injectable()
export class CaseReadService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CaseAccess,
    private readonly cases: CaseRepository,
    private readonly audit: AuditTrail,
    private readonly config: IntakeConfig,
  ) {}

  private thresholds(): { escalationHours: number; breachHours: number } {
    return {
      escalationHours: this.config.DEADLINE_ESCALATION_MINUTES / 60,
      breachHours: this.config.DEADLINE_BREACH_MINUTES / 60,
    };
  }

  public deadlinesOf(entity: CaseEntity, now = new Date()): DeadlineView[] {
    // GD-12: a person out of the child flow has no child clocks running; they stopped at the exit.
    if (entity.exitedAdultFlowAt && entity.exitedAdultFlowAt < now) now = entity.exitedAdultFlowAt;
    const metAt = {
      PROCURADURIA_NOTIFICATION: entity.procuraduriaNotifiedAt,
      DIF_CHANNELLING: entity.difChannelledAt,
    } as const;
    return DEADLINE_CLOCKS.map((clock) => deadlineView(clock, entity.detectedAt, metAt[clock], this.thresholds(), now));
  }

  /** A read of one case, audited either way; another office's case is answered as missing. */
  public async get(caller: Caller, caseId: string): Promise<CaseView> {
    return this.access.read(caller, 'case.read', caseId, async (manager, found) => {
      const records = await this.cases.findRecords(manager, found.case.id);
      return toCaseView(found.case, found.person, records, this.deadlinesOf(found.case));
    });
  }

  /** The case of a number (`CHP-2026-000123`); another office's number is answered as an unknown one. */
  public async getByNumber(caller: Caller, caseNumber: string): Promise<CaseView> {
    // A text that cannot be a number names no case: answered like an unknown number, not asked of the database.
    const caseId = CASE_NUMBER.test(caseNumber) ? await this.cases.findIdByNumber(this.dataSource.manager, caseNumber) : null;
    if (!caseId) {
      const error = new ResourceNotFoundError('case');
      await this.access.recordRefusal(caller, 'case.read', error);
      throw error;
    }
    return this.get(caller, caseId);
  }

  public async list(caller: Caller, query: ListCasesQuery): Promise<CasePage> {
    const visible = this.access.officesOf(caller.principal);
    const offices = query.office ? visible.filter((office) => office === query.office) : visible;
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor ? decodeKeysetCursor(query.cursor) : undefined;
    if (offices.length === 0) return { items: [], nextCursor: null };
    const rows = await this.cases.list(this.dataSource.manager, {
      offices,
      status: query.status,
      nationality: query.nationality,
      ageBand: query.ageBand,
      accompaniment: query.accompaniment,
      detectedFrom: query.detectedFrom ? new Date(query.detectedFrom) : undefined,
      detectedTo: query.detectedTo ? new Date(query.detectedTo) : undefined,
      searchName: query.name ? searchableName(query.name) : undefined,
      after: after && { registeredAt: after.at, id: after.id },
      limit,
    });
    const last = rows.at(-1)?.case;
    await this.audit.recordMany(
      rows.map((row) => ({
        actor: caller.principal,
        action: 'case.list',
        caseId: row.case.id,
        officeCode: row.case.officeCode as OfficeCode,
        outcome: 'allowed' as const,
        ...caller.meta,
      })),
    );
    const now = new Date();
    return {
      items: rows.map(({ case: entity, person }) => ({
        caseId: entity.id,
        caseNumber: entity.caseNumber,
        officeCode: entity.officeCode,
        status: entity.status,
        stage: caseStage(entity),
        givenNames: person.givenNames,
        familyNames: person.familyNames,
        ageBand: entity.ageBand,
        nationality: person.nationality,
        accompaniment: entity.accompaniment,
        detectedAt: entity.detectedAt.toISOString(),
        registeredAt: entity.registeredAt.toISOString(),
        overdue: this.deadlinesOf(entity, now).some((deadline) => deadline.state === 'BREACHED'),
        ageOutReview: ageOutOfCase(entity, person, now).reviewRequired,
      })),
      nextCursor: last && rows.length === limit ? encodeKeysetCursor({ at: last.registeredAt, id: last.id }) : null,
    };
  }

  /** The case as a change leaves it, read in the change's transaction. */
  public async viewOf(manager: EntityManager, caseId: string): Promise<CaseView> {
    const found = await this.cases.findWithPerson(manager, caseId);
    if (!found) throw new ResourceNotFoundError('case');
    const records = await this.cases.findRecords(manager, caseId);
    return toCaseView(found.case, found.person, records, this.deadlinesOf(found.case));
  }
}
