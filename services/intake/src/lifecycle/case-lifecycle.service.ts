import { Injectable } from '@nestjs/common';

import { OfficeCode } from '@opis/contracts-envelope';
import {
  AgeBand,
  AgeStatus,
  caseAssignedV1,
  caseClosedV1,
  caseExitedAdultFlowV1,
  caseIdentifiedV1,
  caseScreenedV1,
  caseTransferredV1,
  caseUpdatedV1,
} from '@opis/contracts-intake';
import { OutboxWriter } from '@opis/messaging';
import { Caller, moveStoredAnswers, ResourceNotFoundError } from '@opis/platform';

import { DeclaredAge } from '../cases/age-assessment';
import { CaseAccess } from '../cases/case-access.service';
import { CaseEntity } from '../cases/case.entity';
import { aboutCase, caseCategories, caseSummary, screeningOf } from '../cases/case-events';
import { CaseErrorCode, CaseConflict, CaseRuleViolation } from '../cases/case.exception';
import { CaseReadService } from '../cases/case-read.service';
import { CaseRepository } from '../cases/case.repository';
import { assertAccompaniment, assertChildAge, assertCloseRecords, assertMpNoticeDone, assertNotFuture, assertRecordTime } from '../cases/case-rules';
import { CaseView } from '../cases/case.view';
import { assertAdultDetermination, assertIdentified, assertInterpreter } from '../cases/child-flow-rules';
import { mpNoticeDueAt } from '../deadlines/mp-notice-policy';
import { IntakeConfig } from '../intake.config';
import { MigrationPointDirectory } from '../migration-points/migration-point.directory';
import { NotificationRepository } from '../notifications/notification.repository';
import { PersonEntity } from '../people/person.entity';
import { searchableName } from '../people/searchable-name';
import { CaseLifecycleRepository } from './case-lifecycle.repository';
import {
  AssignOfficerDto,
  CorrectCaseDto,
  ExitAdultFlowDto,
  LinkPersonDto,
  RecordIdentificationDto,
  RecordScreeningDto,
  TransferCaseDto,
} from './case-commands.dto';

/** A registered case's life: corrected, assigned, moved, linked, established, taken out of the child flow, closed. */
@Injectable()
export class CaseLifecycleService {
  constructor(
    private readonly access: CaseAccess,
    private readonly cases: CaseRepository,
    private readonly config: IntakeConfig,
    private readonly migrationPoints: MigrationPointDirectory,
    private readonly notices: NotificationRepository,
    private readonly outbox: OutboxWriter,
    private readonly reads: CaseReadService,
    private readonly records: CaseLifecycleRepository,
  ) {}

  /** A correction, against the version the officer read (If-Match): two officers never lose each other's change. */
  public async correct(caller: Caller, caseId: string, dto: CorrectCaseDto, ifMatch: string | undefined): Promise<CaseView> {
    return this.access.changeOpenCase(caller, 'case.correct', caseId, async (manager, { case: entity, person }) => {
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
      if (Object.keys(personChanges).length > 0) await this.records.updatePerson(manager, person.id, personChanges);
      await this.cases.updateCase(manager, caseId, caseChanges);
      // RLM-05: indicators recorded now open the notice to the Public Prosecutor; withdrawn, they cancel an open one.
      if (caseChanges.traffickingIndicators === true) {
        const openedAt = new Date();
        await this.notices.openMpNotice(manager, caseId, openedAt, mpNoticeDueAt(openedAt, this.config.MP_NOTICE_DUE_MINUTES));
      } else if (caseChanges.traffickingIndicators === false) {
        await this.notices.cancelMpNotice(manager, caseId, new Date());
      }
      const updated = await this.cases.findWithPerson(manager, caseId);
      if (!updated) throw new ResourceNotFoundError('case');
      await this.outbox.appendEvent(manager, caseUpdatedV1, {
        ...aboutCase(entity, caller.principal),
        data: { ...caseSummary(updated.case, updated.person), changedFields: changed },
      });
      return this.reads.viewOf(manager, caseId);
    }, { ifMatch });
  }

  public async assign(caller: Caller, caseId: string, dto: AssignOfficerDto): Promise<CaseView> {
    return this.access.changeOpenCase(caller, 'case.assign', caseId, async (manager, { case: entity }) => {
      const now = new Date();
      await this.cases.updateCase(manager, caseId, { assignedOfficerId: dto.officerId });
      await this.records.insertAssignment(manager, {
        caseId,
        officerId: dto.officerId,
        assignedBy: caller.principal.subject,
        assignedAt: now,
      });
      await this.outbox.appendEvent(manager, caseAssignedV1, {
        ...aboutCase(entity, caller.principal, now),
        data: entity.assignedOfficerId
          ? { officerId: dto.officerId, previousOfficerId: entity.assignedOfficerId }
          : { officerId: dto.officerId },
      });
      return this.reads.viewOf(manager, caseId);
    });
  }

  public async transfer(caller: Caller, caseId: string, dto: TransferCaseDto): Promise<CaseView> {
    return this.access.changeOpenCase(caller, 'case.transfer', caseId, async (manager, { case: entity, person }) => {
      if (dto.toOffice === entity.officeCode) {
        throw new CaseRuleViolation(CaseErrorCode.SAME_OFFICE, 'The case is already in that office.', undefined, [
          { field: 'toOffice', rule: 'notEquals', message: 'must differ from the current office' },
        ]);
      }
      const now = new Date();
      await this.cases.updateCase(manager, caseId, { officeCode: dto.toOffice, assignedOfficerId: null });
      await moveStoredAnswers(manager, caseId, dto.toOffice);
      await this.records.insertTransfer(manager, {
        caseId,
        fromOffice: entity.officeCode,
        toOffice: dto.toOffice,
        reason: dto.reason,
        transferredBy: caller.principal.subject,
        transferredAt: now,
      });
      await this.outbox.appendEvent(manager, caseTransferredV1, {
        ...aboutCase(entity, caller.principal, now),
        officeCode: dto.toOffice,
        data: { ...caseCategories(entity, person), fromOffice: entity.officeCode as OfficeCode, toOffice: dto.toOffice },
      });
      return this.reads.viewOf(manager, caseId);
    });
  }

  public async linkPerson(caller: Caller, caseId: string, dto: LinkPersonDto): Promise<CaseView> {
    return this.access.changeOpenCase(caller, 'case.link-person', caseId, async (manager, { case: entity }) => {
      const target = await this.records.findPerson(manager, dto.personId);
      const encounters = target ? await this.records.findCasesOfPerson(manager, target.id) : [];
      // Linking is allowed only to a person the caller can already see through one of their cases.
      if (!target || !encounters.some((encounter) => this.access.canSee(caller.principal, encounter.officeCode))) {
        throw new ResourceNotFoundError('person');
      }
      if (entity.personId === target.id) {
        throw new CaseRuleViolation(CaseErrorCode.EMPTY_CORRECTION, 'The case already belongs to that person.');
      }
      await this.cases.updateCase(manager, caseId, { personId: target.id });
      const updated = await this.cases.findWithPerson(manager, caseId);
      if (!updated) throw new ResourceNotFoundError('case');
      await this.outbox.appendEvent(manager, caseUpdatedV1, {
        ...aboutCase(entity, caller.principal),
        data: { ...caseSummary(updated.case, updated.person), changedFields: ['personId'] },
      });
      return this.reads.viewOf(manager, caseId);
    });
  }

  /** DOMAIN.md 4.1 IDENTIFYING to SCREENING: the person is a child or presumed one (GD-12). */
  public async recordIdentification(caller: Caller, caseId: string, dto: RecordIdentificationDto): Promise<CaseView> {
    return this.access.changeOpenCase(caller, 'case.identify', caseId, async (manager, { case: entity }) => {
      if (entity.identifiedAt) {
        throw new CaseConflict(CaseErrorCode.ALREADY_RECORDED, 'The identification is already recorded.');
      }
      const identifiedAt = new Date(dto.identifiedAt);
      assertRecordTime(identifiedAt, entity.detectedAt, 'identifiedAt');
      const now = new Date();
      await this.records.insertIdentification(manager, { caseId, identifiedAt, recordedBy: caller.principal.subject, recordedAt: now });
      await this.cases.updateCase(manager, caseId, { identifiedAt });
      await this.outbox.appendEvent(manager, caseIdentifiedV1, {
        ...aboutCase(entity, caller.principal, now),
        data: {
          identifiedAt: identifiedAt.toISOString(),
          ageStatus: entity.ageStatus as AgeStatus,
          ageBand: entity.ageBand as AgeBand,
        },
      });
      return this.reads.viewOf(manager, caseId);
    });
  }

  /** DOMAIN.md 4.1 SCREENING complete: after identification, with an interpreter where needed (LM-18). */
  public async recordScreening(caller: Caller, caseId: string, dto: RecordScreeningDto): Promise<CaseView> {
    return this.access.changeOpenCase(caller, 'case.screen', caseId, async (manager, { case: entity, person }) => {
      if (entity.screenedAt) {
        throw new CaseConflict(CaseErrorCode.ALREADY_RECORDED, 'The screening is already recorded.');
      }
      assertIdentified(entity);
      assertInterpreter(person.speaksSpanish, dto.interpreter);
      const screenedAt = new Date(dto.screenedAt);
      assertRecordTime(screenedAt, entity.detectedAt, 'screenedAt');
      const now = new Date();
      await this.records.insertScreening(manager, {
        caseId,
        screenedAt,
        interpreterName: dto.interpreter?.name ?? null,
        interpreterLanguage: dto.interpreter?.language ?? null,
        recordedBy: caller.principal.subject,
        recordedAt: now,
      });
      await this.cases.updateCase(manager, caseId, { screenedAt });
      await this.outbox.appendEvent(manager, caseScreenedV1, {
        ...aboutCase(entity, caller.principal, now),
        data: { screenedAt: screenedAt.toISOString(), screening: screeningOf(entity), interpreterPresent: Boolean(dto.interpreter) },
      });
      return this.reads.viewOf(manager, caseId);
    });
  }

  /**
   * GD-12, INV-10, DOMAIN.md 3: a competent, documented age determination takes the person out of
   * the child flow; audited either way, and published so that services stop child-only clocks.
   */
  public async exitAdultFlow(caller: Caller, caseId: string, dto: ExitAdultFlowDto): Promise<CaseView> {
    return this.access.changeOpenCase(caller, 'case.exit-adult-flow', caseId, async (manager, { case: entity }) => {
      const { ageYears, ageStatus } = assertAdultDetermination(dto, this.config.AGE_COMPETENT_AUTHORITIES);
      const determinedAt = new Date(dto.determinedAt);
      assertNotFuture(determinedAt, 'determinedAt');
      const now = new Date();
      await this.records.insertAgeDetermination(manager, {
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
        ...aboutCase(entity, caller.principal, now),
        data: {
          exitedAt: now.toISOString(),
          determinedAt: determinedAt.toISOString(),
          authority: dto.authority,
          evidence: dto.evidence,
          ageStatus,
        },
      });
      return this.reads.viewOf(manager, caseId);
    });
  }

  public async close(caller: Caller, caseId: string): Promise<CaseView> {
    return this.access.changeOpenCase(caller, 'case.close', caseId, async (manager, { case: entity }) => {
      assertCloseRecords(entity);
      assertMpNoticeDone((await this.cases.findRecords(manager, caseId)).mpNotice);
      const now = new Date();
      await this.cases.updateCase(manager, caseId, { status: 'CLOSED', closedAt: now });
      await this.outbox.appendEvent(manager, caseClosedV1, {
        ...aboutCase(entity, caller.principal, now),
        data: { closedAt: now.toISOString() },
      });
      return this.reads.viewOf(manager, caseId);
    });
  }
}
