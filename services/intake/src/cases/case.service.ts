import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { EventActor, OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import {
  AgeBand,
  AgeStatus,
  caseAssignedV1,
  caseClosedV1,
  caseExitedAdultFlowV1,
  caseIdentifiedV1,
  caseRegisteredV1,
  caseRegisteredV2,
  caseScreenedV1,
  caseTransferredV1,
  caseUpdatedV1,
  channelledToDifV1,
  DEADLINE_CLOCKS,
  mpNotifiedV1,
  procuraduriaNotifiedV1,
} from '@opis/contracts-intake';
import { OutboxWriter } from '@opis/messaging';
import {
  assertIfMatch,
  assertOfficeServed,
  AuditTrail,
  Caller,
  decodeKeysetCursor,
  describeIdempotentOutcome,
  DomainError,
  encodeKeysetCursor,
  moveStoredAnswers,
  Principal,
  ResourceNotFoundError,
  visibleOffices,
} from '@opis/platform';

import { deadlineView, DeadlineView } from '../deadlines/deadline-policy';
import { IntakeConfig } from '../intake.config';
import { PersonEntity } from '../people/person.entity';
import { searchableName } from '../people/searchable-name';
import { DeclaredAge } from './age-assessment';
import { CaseEntity } from './case.entity';
import { CaseErrorCode, CaseConflict, CaseRuleViolation, OfficeNotAllowed } from './case.exception';
import {
  assertAccompaniment,
  assertChannellingFacility,
  assertChildAge,
  assertCloseRecords,
  assertDetectionTime,
  assertEntryPath,
  assertMpNoticeDone,
  assertNotFuture,
  assertRecordTime,
  minutesBetween,
} from './case-rules';
import { caseCategories, caseSummary, screeningOf } from './case-events';
import {
  AssignOfficerDto,
  CorrectCaseDto,
  ExitAdultFlowDto,
  LinkPersonDto,
  RecordDifChannellingDto,
  RecordIdentificationDto,
  RecordMpNotificationDto,
  RecordProcuraduriaNotificationDto,
  RecordScreeningDto,
  TransferCaseDto,
} from './case-commands.dto';
import { assertAdultDetermination, assertIdentified, assertInterpreter, caseStage } from './child-flow-rules';
import { CaseRepository, CaseWithPerson, registrationYear } from './case.repository';
import { possibleDuplicates } from './duplicate-score';
import { ageOutOfCase, CasePage, CaseView, RegistrationResult, toCaseView } from './case.view';
import { ListCasesQuery } from './list-cases.query';
import { RegisterCaseDto } from './register-case.dto';
import { MigrationPointDirectory } from '../migration-points/migration-point.directory';
import { discloseDuplicates } from '../duplicates/duplicate-disclosure';
import { DuplicateInquiryRepository } from '../duplicates/duplicate-inquiry.repository';

const DEFAULT_PAGE_SIZE = 50;
/** A case number as registrations give them: office, year, the office's sequence in the year. */
const CASE_NUMBER = /^[A-Z]{3}-\d{4}-\d{6}$/;


function actorOf(principal: Principal): EventActor {
  return { kind: 'officer', id: principal.subject };
}

@Injectable()
export class CaseService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CaseRepository,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
    private readonly config: IntakeConfig,
    private readonly migrationPoints: MigrationPointDirectory,
    private readonly inquiries: DuplicateInquiryRepository,
  ) {}

  private officesOf(principal: Principal): OfficeCode[] {
    return visibleOffices(principal, this.config.OFFICES);
  }

  private canSee(principal: Principal, office: string): boolean {
    return this.officesOf(principal).includes(office as OfficeCode);
  }

  /** On an instance limited to offices (OFFICES), another office the principal may see is 421, not 404. */
  private assertServed(principal: Principal, office: string): void {
    assertOfficeServed(principal, office as OfficeCode, this.config.OFFICES);
  }

  private thresholds(): { escalationHours: number; breachHours: number } {
    return {
      escalationHours: this.config.DEADLINE_ESCALATION_MINUTES / 60,
      breachHours: this.config.DEADLINE_BREACH_MINUTES / 60,
    };
  }

  /** RLM-05: when the notice to the Public Prosecutor is due, for indicators recorded at `openedAt`. */
  private mpNoticeDueAt(openedAt: Date): Date {
    return new Date(openedAt.getTime() + this.config.MP_NOTICE_DUE_MINUTES * 60_000);
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

  /**
   * Runs a change of one case in a transaction with the row locked; every outcome, allowed or
   * refused, lands in the audit trail. Another office's case is answered as missing.
   */
  private async changeCase<T>(
    caller: Caller,
    action: string,
    caseId: string,
    change: (manager: EntityManager, current: CaseWithPerson) => Promise<T>,
    options: { afterAdultExit?: boolean; ifMatch?: string } = {},
  ): Promise<T> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const current = await this.cases.findWithPerson(manager, caseId, { lock: true });
        if (current) this.assertServed(caller.principal, current.case.officeCode);
        if (!current || !this.canSee(caller.principal, current.case.officeCode)) {
          throw new ResourceNotFoundError('case');
        }
        // A correction names the version it corrects: checked on the locked row, so nothing is written on a stale one.
        if ('ifMatch' in options) assertIfMatch(options.ifMatch, current.case.version);
        if (current.case.status === 'CLOSED') {
          throw new CaseConflict(CaseErrorCode.CASE_CLOSED, 'The case is closed; it can no longer change.');
        }
        if (current.case.status === 'EXIT_ADULT_FLOW' && !options.afterAdultExit) {
          throw new CaseConflict(
            CaseErrorCode.CASE_EXITED_CHILD_FLOW,
            'A competent age determination took this person out of the child flow; the child case no longer changes.',
            'GD-12',
          );
        }
        const result = await change(manager, current);
        await this.audit.record(
          {
            actor: caller.principal,
            action,
            caseId,
            officeCode: current.case.officeCode as OfficeCode,
            outcome: 'allowed',
            ...caller.meta,
          },
          manager,
        );
        return result;
      });
    } catch (error) {
      if (error instanceof DomainError) await this.recordRefusal(caller, action, error, caseId);
      throw error;
    }
  }

  private async recordRefusal(caller: Caller, action: string, error: DomainError, caseId?: string): Promise<void> {
    await this.audit.record({
      actor: caller.principal,
      action,
      caseId: caseId && /^[0-9a-f-]{36}$/i.test(caseId) ? caseId : null,
      outcome: 'refused',
      reason: error.rule ? `${error.code} ${error.rule}` : error.code,
      ...caller.meta,
    });
  }

  /**
   * A keyed registration is made once: libs/platform's Idempotency-Key claim joins the statement
   * below (writeAtomically), and a retry gets the stored answer.
   */
  public async register(caller: Caller, dto: RegisterCaseDto): Promise<RegistrationResult> {
    const { principal } = caller;
    try {
      this.assertServed(principal, dto.encounter.officeCode);
      if (!this.canSee(principal, dto.encounter.officeCode)) throw new OfficeNotAllowed(dto.encounter.officeCode);
      const detectedAt = new Date(dto.encounter.detectedAt);
      assertDetectionTime(detectedAt);
      const assessment = assertChildAge(dto.child.age, dto.child.dateOfBirth, detectedAt);
      assertAccompaniment(dto.encounter.accompaniment, dto.encounter.accompanimentEvidence, dto.encounter.householdId);
      assertEntryPath(dto.encounter.entryPath, dto.child.nationality);

      const now = new Date();
      const year = registrationYear(now);
      const person: PersonEntity = {
        id: uuidv7(),
        givenNames: dto.child.givenNames.trim(),
        familyNames: dto.child.familyNames.trim(),
        searchName: searchableName(dto.child.givenNames, dto.child.familyNames),
        sex: dto.child.sex,
        dateOfBirth: dto.child.dateOfBirth ?? null,
        nationality: dto.child.nationality,
        countryOfResidence: dto.child.countryOfResidence,
        languages: dto.child.languages,
        speaksSpanish: dto.child.speaksSpanish,
        createdAt: now,
        updatedAt: now,
      };

      const point = await this.migrationPoints.pointFor(dto.encounter.officeCode, dto.encounter.migrationPointCode ?? undefined);
      // Read before the write, so the statement that writes stays short.
      const { caseNumber, duplicates } = await this.cases.prepareRegistration(this.dataSource.manager, dto.encounter.officeCode, year, {
        searchName: person.searchName,
        dateOfBirth: person.dateOfBirth,
        nationality: person.nationality,
        sex: person.sex,
        offices: this.officesOf(principal),
        ageYears: dto.child.age.years,
      });
      const entity: Omit<CaseEntity, 'person'> = {
        id: uuidv7(),
        caseNumber,
        personId: person.id,
        officeCode: dto.encounter.officeCode,
        status: 'OPEN',
        ageYears: dto.child.age.years,
        ageStatus: dto.child.age.status,
        ageCandidates: dto.child.age.candidates ?? [],
        ageForRules: assessment.ageForRules,
        ageBand: assessment.ageBand,
        migrationPointCode: point.code,
        migrationPoint: dto.encounter.migrationPoint?.trim() ?? null,
        detectedAt,
        entryPath: dto.encounter.entryPath,
        accompaniment: dto.encounter.accompaniment,
        accompanimentEvidence: dto.encounter.accompanimentEvidence ?? [],
        householdId: dto.encounter.householdId ?? null,
        ...screeningOf(dto.screening),
        assignedOfficerId: null,
        registeredBy: principal.subject,
        registeredAt: now,
        procuraduriaNotifiedAt: null,
        difChannelledAt: null,
        closedAt: null,
        identifiedAt: null,
        screenedAt: null,
        exitedAdultFlowAt: null,
        updatedAt: now,
        version: 1,
      };
      const registration = {
        ...caseSummary(entity, person),
        caseNumber,
        ageStatus: dto.child.age.status,
        countryOfResidence: person.countryOfResidence,
        languages: person.languages,
        speaksSpanish: dto.child.speaksSpanish,
        entryPath: dto.encounter.entryPath,
        ...(entity.householdId ? { householdId: entity.householdId } : {}),
        detectedAt: detectedAt.toISOString(),
      };
      const about = { caseId: entity.id, officeCode: dto.encounter.officeCode, actor: actorOf(principal), occurredAt: now };
      // v2 is the case's first version; v1 follows as the next, for subscribers not yet moved
      // (ARCHITECTURE.md: a breaking change publishes v2 beside v1). Neither carries the officer's words.
      const registered = [
        { contract: caseRegisteredV2, event: { ...about, data: { ...registration, migrationPointCode: point.code } } },
        { contract: caseRegisteredV1, event: { ...about, data: { ...registration, migrationPoint: point.name } } },
      ];
      const audit = this.audit.entriesWrite([
        { actor: principal, action: 'case.register', caseId: entity.id, officeCode: dto.encounter.officeCode, outcome: 'allowed', ...caller.meta },
      ]);
      // RLM-05: trafficking indicators open the notice to the Public Prosecutor with the case.
      const mpNotice = entity.traffickingIndicators ? [this.cases.mpNoticeOpenWrite(entity.id, now, this.mpNoticeDueAt(now))] : [];
      // Another office's records are shown minimally, and kept as shown to this case: only they can be inquired about.
      // The best of the caller's offices and the best of the others, each up to the limit, so that
      // namesakes elsewhere never push out an earlier record the officer can link at once.
      const sees = (office: string) => this.canSee(principal, office);
      const ranked = [
        ...possibleDuplicates(duplicates.filter((row) => sees(row.officeCode)), dto.child.age.years),
        ...possibleDuplicates(duplicates.filter((row) => !sees(row.officeCode)), dto.child.age.years),
      ];
      const { shown, disclosures } = discloseDuplicates(ranked, duplicates, sees);
      const disclosed = disclosures.length > 0 ? [this.inquiries.disclosuresWrite(entity.id, disclosures, now)] : [];
      // Person, case, audit entry, event (and the request's Idempotency-Key, linked to the case) commit together in one statement.
      describeIdempotentOutcome({ caseId: entity.id, officeCode: dto.encounter.officeCode, location: `/v1/cases/${entity.id}` });
      await this.outbox.commitWithEvents(this.dataSource.manager, [...this.cases.registrationWrites(person, entity), ...mpNotice, ...disclosed, audit.write], registered);
      return {
        caseId: entity.id,
        caseNumber,
        officeCode: entity.officeCode,
        personId: person.id,
        ageBand: entity.ageBand,
        status: entity.status,
        possibleDuplicates: shown,
      };
    } catch (error) {
      if (error instanceof DomainError) await this.recordRefusal(caller, 'case.register', error);
      throw error;
    }
  }

  public async get(caller: Caller, caseId: string): Promise<CaseView> {
    return this.read(caller, caseId, await this.cases.findWithPerson(this.dataSource.manager, caseId));
  }

  /** The case of a number (`CHP-2026-000123`); another office's number is answered as an unknown one. */
  public async getByNumber(caller: Caller, caseNumber: string): Promise<CaseView> {
    // A text that cannot be a number names no case: answered like an unknown number, not asked of the database.
    const found = CASE_NUMBER.test(caseNumber) ? await this.cases.findWithPersonByNumber(this.dataSource.manager, caseNumber) : null;
    return this.read(caller, found?.case.id ?? null, found);
  }

  /** A read of one case, audited either way; another office's case is answered as missing. */
  private async read(caller: Caller, caseId: string | null, found: CaseWithPerson | null): Promise<CaseView> {
    const manager = this.dataSource.manager;
    if (found) {
      try {
        this.assertServed(caller.principal, found.case.officeCode);
      } catch (error) {
        if (error instanceof DomainError) await this.recordRefusal(caller, 'case.read', error, found.case.id);
        throw error;
      }
    }
    if (!found || !this.canSee(caller.principal, found.case.officeCode)) {
      const error = new ResourceNotFoundError('case');
      await this.recordRefusal(caller, 'case.read', error, caseId ?? undefined);
      throw error;
    }
    const records = await this.cases.findRecords(manager, found.case.id);
    await this.audit.record({
      actor: caller.principal,
      action: 'case.read',
      caseId: found.case.id,
      officeCode: found.case.officeCode as OfficeCode,
      outcome: 'allowed',
      ...caller.meta,
    });
    return toCaseView(found.case, found.person, records, this.deadlinesOf(found.case));
  }

  public async list(caller: Caller, query: ListCasesQuery): Promise<CasePage> {
    const visible = this.officesOf(caller.principal);
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

  private async viewOf(manager: EntityManager, caseId: string): Promise<CaseView> {
    const found = await this.cases.findWithPerson(manager, caseId);
    if (!found) throw new ResourceNotFoundError('case');
    const records = await this.cases.findRecords(manager, caseId);
    return toCaseView(found.case, found.person, records, this.deadlinesOf(found.case));
  }

  /** A correction, against the version the officer read (If-Match): two officers never lose each other's change. */
  public async correct(caller: Caller, caseId: string, dto: CorrectCaseDto, ifMatch: string | undefined): Promise<CaseView> {
    return this.changeCase(caller, 'case.correct', caseId, async (manager, { case: entity, person }) => {
      const changed: string[] = [];
      const personChanges: Partial<PersonEntity> = {};
      const caseChanges: Partial<CaseEntity> = {};
      const child = dto.child ?? {};
      for (const field of ['givenNames', 'familyNames', 'sex', 'nationality', 'countryOfResidence', 'speaksSpanish'] as const) {
        const value = child[field];
        if (value !== undefined && value !== person[field]) {
          personChanges[field] = value;
          changed.push(`child.${field}`);
        }
      }
      if (child.languages && child.languages.join() !== person.languages.join()) {
        personChanges.languages = child.languages;
        changed.push('child.languages');
      }
      if (child.dateOfBirth !== undefined && child.dateOfBirth !== person.dateOfBirth) {
        personChanges.dateOfBirth = child.dateOfBirth;
        changed.push('child.dateOfBirth');
      }
      if (personChanges.givenNames !== undefined || personChanges.familyNames !== undefined) {
        personChanges.searchName = searchableName(
          personChanges.givenNames ?? person.givenNames,
          personChanges.familyNames ?? person.familyNames,
        );
      }
      const age = child.age ?? { years: entity.ageYears, status: entity.ageStatus as DeclaredAge['status'], candidates: entity.ageCandidates };
      const dateOfBirth = personChanges.dateOfBirth !== undefined ? personChanges.dateOfBirth : person.dateOfBirth;
      if (child.age || personChanges.dateOfBirth !== undefined) {
        const assessment = assertChildAge(age, dateOfBirth, entity.detectedAt);
        if (child.age) {
          Object.assign(caseChanges, {
            ageYears: age.years,
            ageStatus: age.status,
            ageCandidates: age.candidates ?? [],
            ageForRules: assessment.ageForRules,
            ageBand: assessment.ageBand,
          });
          changed.push('child.age');
        }
      }
      const encounter = dto.encounter ?? {};
      if (encounter.migrationPointCode != null && encounter.migrationPointCode !== entity.migrationPointCode) {
        caseChanges.migrationPointCode = (await this.migrationPoints.activePoint(encounter.migrationPointCode)).code;
        changed.push('encounter.migrationPointCode');
      }
      if (encounter.migrationPoint !== undefined && encounter.migrationPoint !== entity.migrationPoint) {
        caseChanges.migrationPoint = encounter.migrationPoint;
        changed.push('encounter.migrationPoint');
      }
      if (encounter.accompaniment !== undefined || encounter.accompanimentEvidence !== undefined || encounter.householdId !== undefined) {
        const accompaniment = encounter.accompaniment ?? entity.accompaniment;
        const evidence = encounter.accompanimentEvidence ?? entity.accompanimentEvidence;
        const householdId = encounter.householdId !== undefined ? encounter.householdId : entity.householdId;
        assertAccompaniment(accompaniment, evidence, householdId);
        const before = JSON.stringify([entity.accompaniment, entity.accompanimentEvidence, entity.householdId]);
        if (JSON.stringify([accompaniment, evidence, householdId]) !== before) {
          Object.assign(caseChanges, { accompaniment, accompanimentEvidence: evidence, householdId });
          changed.push('encounter.accompaniment');
        }
      }
      for (const [field, value] of Object.entries(dto.screening ?? {}) as Array<[keyof CaseEntity & string, boolean | undefined]>) {
        if (value !== undefined && value !== entity[field]) {
          (caseChanges as Record<string, unknown>)[field] = value;
          changed.push(`screening.${field}`);
        }
      }
      if (changed.length === 0) {
        throw new CaseRuleViolation(CaseErrorCode.EMPTY_CORRECTION, 'The correction changes nothing.');
      }
      if (Object.keys(personChanges).length > 0) await this.cases.updatePerson(manager, person.id, personChanges);
      await this.cases.updateCase(manager, caseId, caseChanges);
      // RLM-05: indicators recorded now open the notice to the Public Prosecutor; withdrawn, they cancel an open one.
      if (caseChanges.traffickingIndicators === true) {
        const openedAt = new Date();
        await this.cases.openMpNotice(manager, caseId, openedAt, this.mpNoticeDueAt(openedAt));
      } else if (caseChanges.traffickingIndicators === false) {
        await this.cases.cancelMpNotice(manager, caseId, new Date());
      }
      const updated = await this.cases.findWithPerson(manager, caseId);
      if (!updated) throw new ResourceNotFoundError('case');
      await this.outbox.appendEvent(manager, caseUpdatedV1, {
        caseId,
        officeCode: entity.officeCode as OfficeCode,
        actor: actorOf(caller.principal),
        data: { ...caseSummary(updated.case, updated.person), changedFields: changed },
      });
      return this.viewOf(manager, caseId);
    }, { ifMatch });
  }

  public async assign(caller: Caller, caseId: string, dto: AssignOfficerDto): Promise<CaseView> {
    return this.changeCase(caller, 'case.assign', caseId, async (manager, { case: entity }) => {
      const now = new Date();
      await this.cases.updateCase(manager, caseId, { assignedOfficerId: dto.officerId });
      await this.cases.insertAssignment(manager, {
        caseId,
        officerId: dto.officerId,
        assignedBy: caller.principal.subject,
        assignedAt: now,
      });
      await this.outbox.appendEvent(manager, caseAssignedV1, {
        caseId,
        officeCode: entity.officeCode as OfficeCode,
        actor: actorOf(caller.principal),
        occurredAt: now,
        data: entity.assignedOfficerId
          ? { officerId: dto.officerId, previousOfficerId: entity.assignedOfficerId }
          : { officerId: dto.officerId },
      });
      return this.viewOf(manager, caseId);
    });
  }

  public async transfer(caller: Caller, caseId: string, dto: TransferCaseDto): Promise<CaseView> {
    return this.changeCase(caller, 'case.transfer', caseId, async (manager, { case: entity, person }) => {
      if (dto.toOffice === entity.officeCode) {
        throw new CaseRuleViolation(CaseErrorCode.SAME_OFFICE, 'The case is already in that office.', undefined, [
          { field: 'toOffice', rule: 'notEquals', message: 'must differ from the current office' },
        ]);
      }
      const now = new Date();
      await this.cases.updateCase(manager, caseId, { officeCode: dto.toOffice, assignedOfficerId: null });
      await moveStoredAnswers(manager, caseId, dto.toOffice);
      await this.cases.insertTransfer(manager, {
        caseId,
        fromOffice: entity.officeCode,
        toOffice: dto.toOffice,
        reason: dto.reason,
        transferredBy: caller.principal.subject,
        transferredAt: now,
      });
      await this.outbox.appendEvent(manager, caseTransferredV1, {
        caseId,
        officeCode: dto.toOffice,
        actor: actorOf(caller.principal),
        occurredAt: now,
        data: { ...caseCategories(entity, person), fromOffice: entity.officeCode as OfficeCode, toOffice: dto.toOffice },
      });
      return this.viewOf(manager, caseId);
    });
  }

  public async linkPerson(caller: Caller, caseId: string, dto: LinkPersonDto): Promise<CaseView> {
    return this.changeCase(caller, 'case.link-person', caseId, async (manager, { case: entity }) => {
      const target = await this.cases.findPerson(manager, dto.personId);
      const encounters = target ? await this.cases.findCasesOfPerson(manager, target.id) : [];
      // Linking is allowed only to a person the caller can already see through one of their cases.
      if (!target || !encounters.some((encounter) => this.canSee(caller.principal, encounter.officeCode))) {
        throw new ResourceNotFoundError('person');
      }
      if (entity.personId === target.id) {
        throw new CaseRuleViolation(CaseErrorCode.EMPTY_CORRECTION, 'The case already belongs to that person.');
      }
      await this.cases.updateCase(manager, caseId, { personId: target.id });
      const updated = await this.cases.findWithPerson(manager, caseId);
      if (!updated) throw new ResourceNotFoundError('case');
      await this.outbox.appendEvent(manager, caseUpdatedV1, {
        caseId,
        officeCode: entity.officeCode as OfficeCode,
        actor: actorOf(caller.principal),
        data: { ...caseSummary(updated.case, updated.person), changedFields: ['personId'] },
      });
      return this.viewOf(manager, caseId);
    });
  }

  public async recordProcuraduriaNotification(
    caller: Caller,
    caseId: string,
    dto: RecordProcuraduriaNotificationDto,
  ): Promise<CaseView> {
    return this.changeCase(caller, 'case.notify-procuraduria', caseId, async (manager, { case: entity }) => {
      if (entity.procuraduriaNotifiedAt) {
        throw new CaseConflict(CaseErrorCode.ALREADY_RECORDED, 'The Procuraduría notification is already recorded.', 'LM-02');
      }
      const notifiedAt = new Date(dto.notifiedAt);
      assertRecordTime(notifiedAt, entity.detectedAt, 'notifiedAt');
      const now = new Date();
      await this.cases.insertNotification(manager, {
        caseId,
        notifiedAt,
        procuraduria: dto.procuraduria,
        officialName: dto.officialName,
        means: dto.means,
        reference: dto.reference ?? null,
        recordedBy: caller.principal.subject,
        recordedAt: now,
      });
      await this.cases.updateCase(manager, caseId, { procuraduriaNotifiedAt: notifiedAt });
      await this.outbox.appendEvent(manager, procuraduriaNotifiedV1, {
        caseId,
        officeCode: entity.officeCode as OfficeCode,
        actor: actorOf(caller.principal),
        occurredAt: now,
        data: {
          notifiedAt: notifiedAt.toISOString(),
          means: dto.means,
          minutesSinceDetection: minutesBetween(entity.detectedAt, notifiedAt),
        },
      });
      return this.viewOf(manager, caseId);
    });
  }

  public async recordDifChannelling(caller: Caller, caseId: string, dto: RecordDifChannellingDto): Promise<CaseView> {
    return this.changeCase(caller, 'case.channel-to-dif', caseId, async (manager, { case: entity }) => {
      assertChannellingFacility(dto.facilityType, dto.protectionMeasureId);
      if (entity.difChannelledAt) {
        throw new CaseConflict(CaseErrorCode.ALREADY_RECORDED, 'The channelling to DIF is already recorded.', 'LM-02');
      }
      const channelledAt = new Date(dto.channelledAt);
      assertRecordTime(channelledAt, entity.detectedAt, 'channelledAt');
      const now = new Date();
      await this.cases.insertChannelling(manager, {
        caseId,
        channelledAt,
        facilityType: dto.facilityType,
        facilityId: dto.facilityId ?? null,
        facilityName: dto.facilityName,
        receivedBy: dto.receivedBy,
        receiptNumber: dto.receiptNumber,
        actaNumber: dto.actaNumber,
        protectionMeasureId: dto.protectionMeasureId ?? null,
        recordedBy: caller.principal.subject,
        recordedAt: now,
      });
      await this.cases.updateCase(manager, caseId, { difChannelledAt: channelledAt, status: 'HANDED_OVER' });
      await this.outbox.appendEvent(manager, channelledToDifV1, {
        caseId,
        officeCode: entity.officeCode as OfficeCode,
        actor: actorOf(caller.principal),
        occurredAt: now,
        data: {
          channelledAt: channelledAt.toISOString(),
          facilityType: dto.facilityType,
          ...(dto.facilityId ? { facilityId: dto.facilityId } : {}),
          protectionMeasureIssued: Boolean(dto.protectionMeasureId),
          minutesSinceDetection: minutesBetween(entity.detectedAt, channelledAt),
        },
      });
      return this.viewOf(manager, caseId);
    });
  }

  /** DOMAIN.md 4.1 IDENTIFYING to SCREENING: the person is a child or presumed one (GD-12). */
  public async recordIdentification(caller: Caller, caseId: string, dto: RecordIdentificationDto): Promise<CaseView> {
    return this.changeCase(caller, 'case.identify', caseId, async (manager, { case: entity }) => {
      if (entity.identifiedAt) {
        throw new CaseConflict(CaseErrorCode.ALREADY_RECORDED, 'The identification is already recorded.');
      }
      const identifiedAt = new Date(dto.identifiedAt);
      assertRecordTime(identifiedAt, entity.detectedAt, 'identifiedAt');
      const now = new Date();
      await this.cases.insertIdentification(manager, { caseId, identifiedAt, recordedBy: caller.principal.subject, recordedAt: now });
      await this.cases.updateCase(manager, caseId, { identifiedAt });
      await this.outbox.appendEvent(manager, caseIdentifiedV1, {
        caseId,
        officeCode: entity.officeCode as OfficeCode,
        actor: actorOf(caller.principal),
        occurredAt: now,
        data: {
          identifiedAt: identifiedAt.toISOString(),
          ageStatus: entity.ageStatus as AgeStatus,
          ageBand: entity.ageBand as AgeBand,
        },
      });
      return this.viewOf(manager, caseId);
    });
  }

  /** DOMAIN.md 4.1 SCREENING complete: after identification, with an interpreter where needed (LM-18). */
  public async recordScreening(caller: Caller, caseId: string, dto: RecordScreeningDto): Promise<CaseView> {
    return this.changeCase(caller, 'case.screen', caseId, async (manager, { case: entity, person }) => {
      if (entity.screenedAt) {
        throw new CaseConflict(CaseErrorCode.ALREADY_RECORDED, 'The screening is already recorded.');
      }
      assertIdentified(entity);
      assertInterpreter(person.speaksSpanish, dto.interpreter);
      const screenedAt = new Date(dto.screenedAt);
      assertRecordTime(screenedAt, entity.detectedAt, 'screenedAt');
      const now = new Date();
      await this.cases.insertScreening(manager, {
        caseId,
        screenedAt,
        interpreterName: dto.interpreter?.name ?? null,
        interpreterLanguage: dto.interpreter?.language ?? null,
        recordedBy: caller.principal.subject,
        recordedAt: now,
      });
      await this.cases.updateCase(manager, caseId, { screenedAt });
      await this.outbox.appendEvent(manager, caseScreenedV1, {
        caseId,
        officeCode: entity.officeCode as OfficeCode,
        actor: actorOf(caller.principal),
        occurredAt: now,
        data: { screenedAt: screenedAt.toISOString(), screening: screeningOf(entity), interpreterPresent: Boolean(dto.interpreter) },
      });
      return this.viewOf(manager, caseId);
    });
  }

  /**
   * GD-12, INV-10, DOMAIN.md 3: a competent, documented age determination takes the person out of
   * the child flow; audited either way, and published so that services stop child-only clocks.
   */
  public async exitAdultFlow(caller: Caller, caseId: string, dto: ExitAdultFlowDto): Promise<CaseView> {
    return this.changeCase(caller, 'case.exit-adult-flow', caseId, async (manager, { case: entity }) => {
      const { ageYears, ageStatus } = assertAdultDetermination(dto, this.config.AGE_COMPETENT_AUTHORITIES);
      const determinedAt = new Date(dto.determinedAt);
      assertNotFuture(determinedAt, 'determinedAt');
      const now = new Date();
      await this.cases.insertAgeDetermination(manager, {
        caseId,
        authority: dto.authority,
        authorityOffice: dto.authorityOffice.trim(),
        documentReference: dto.documentReference.trim(),
        evidence: dto.evidence,
        determinedAt,
        ageYears,
        ageStatus,
        recordedBy: caller.principal.subject,
        recordedAt: now,
      });
      await this.cases.updateCase(manager, caseId, { status: 'EXIT_ADULT_FLOW', exitedAdultFlowAt: now });
      await this.outbox.appendEvent(manager, caseExitedAdultFlowV1, {
        caseId,
        officeCode: entity.officeCode as OfficeCode,
        actor: actorOf(caller.principal),
        occurredAt: now,
        data: {
          exitedAt: now.toISOString(),
          determinedAt: determinedAt.toISOString(),
          authority: dto.authority,
          evidence: dto.evidence,
          ageStatus,
        },
      });
      return this.viewOf(manager, caseId);
    });
  }

  /**
   * RLM-05: the responsible officer notified the federal Public Prosecutor. Still owed after the
   * hand-over and after an exit from the child flow: a possible crime is reported whatever the age.
   */
  public async recordMpNotification(caller: Caller, caseId: string, dto: RecordMpNotificationDto): Promise<CaseView> {
    return this.changeCase(
      caller,
      'case.notify-mp',
      caseId,
      async (manager, { case: entity }) => {
        const task = (await this.cases.findRecords(manager, caseId)).mpNotice;
        if (!task || task.cancelledAt) {
          throw new CaseConflict(
            CaseErrorCode.NO_MP_NOTICE_TASK,
            'No trafficking indicators are recorded for this case, so no notice to the Public Prosecutor is open; record the indicators in the screening first.',
            'RLM-05',
          );
        }
        if (task.notifiedAt) {
          throw new CaseConflict(CaseErrorCode.ALREADY_RECORDED, 'The notice to the Public Prosecutor is already recorded.', 'RLM-05');
        }
        const notifiedAt = new Date(dto.notifiedAt);
        assertRecordTime(notifiedAt, entity.detectedAt, 'notifiedAt');
        const now = new Date();
        await this.cases.completeMpNotice(manager, caseId, {
          notifiedAt,
          notifiedBy: dto.notifiedBy.trim(),
          mpOffice: dto.mpOffice.trim(),
          mpReference: dto.mpReference.trim(),
          recordedBy: caller.principal.subject,
          recordedAt: now,
        });
        // The case's view changed: its version (the ETag a correction names) moves with it.
        await this.cases.updateCase(manager, caseId, {});
        await this.outbox.appendEvent(manager, mpNotifiedV1, {
          caseId,
          officeCode: entity.officeCode as OfficeCode,
          actor: actorOf(caller.principal),
          occurredAt: now,
          data: {
            notifiedAt: notifiedAt.toISOString(),
            minutesSinceOpened: Math.max(0, minutesBetween(task.openedAt, notifiedAt)),
            minutesSinceDetection: minutesBetween(entity.detectedAt, notifiedAt),
          },
        });
        return this.viewOf(manager, caseId);
      },
      { afterAdultExit: true },
    );
  }

  public async close(caller: Caller, caseId: string): Promise<CaseView> {
    return this.changeCase(caller, 'case.close', caseId, async (manager, { case: entity }) => {
      assertCloseRecords(entity);
      assertMpNoticeDone((await this.cases.findRecords(manager, caseId)).mpNotice);
      const now = new Date();
      await this.cases.updateCase(manager, caseId, { status: 'CLOSED', closedAt: now });
      await this.outbox.appendEvent(manager, caseClosedV1, {
        caseId,
        officeCode: entity.officeCode as OfficeCode,
        actor: actorOf(caller.principal),
        occurredAt: now,
        data: { closedAt: now.toISOString() },
      });
      return this.viewOf(manager, caseId);
    });
  }
}
