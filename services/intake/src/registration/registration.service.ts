import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { uuidv7 } from '@opis/contracts-envelope';
import { caseRegisteredV1, caseRegisteredV2 } from '@opis/contracts-intake';
import { OutboxWriter } from '@opis/messaging';
import { AuditTrail, Caller, describeIdempotentOutcome, DomainError } from '@opis/platform';

import { CaseAccess } from '../cases/case-access.service';
import { CaseEntity } from '../cases/case.entity';
import { aboutCase, caseSummary, screeningOf } from '../cases/case-events';
import { OfficeNotAllowed } from '../cases/case.exception';
import { assertAccompaniment, assertChildAge, assertDetectionTime, assertEntryPath } from '../cases/case-rules';
import { RegistrationResult } from '../cases/case.view';
import { mpNoticeDueAt } from '../deadlines/mp-notice-policy';
import { discloseDuplicates } from '../duplicates/duplicate-disclosure';
import { DuplicateInquiryRepository } from '../duplicates/duplicate-inquiry.repository';
import { IntakeConfig } from '../intake.config';
import { MigrationPointDirectory } from '../migration-points/migration-point.directory';
import { PersonEntity } from '../people/person.entity';
import { searchableName } from '../people/searchable-name';
import { possibleDuplicates } from './duplicate-score';
import { RegisterCaseDto } from './register-case.dto';
import { registrationYear, RegistrationRepository } from './registration.repository';

/** A child met at a migration point, registered with its case number and possible duplicates in two round trips. */
@Injectable()
export class RegistrationService {
  constructor(
    private readonly access: CaseAccess,
    private readonly audit: AuditTrail,
    private readonly config: IntakeConfig,
    private readonly dataSource: DataSource,
    private readonly inquiries: DuplicateInquiryRepository,
    private readonly migrationPoints: MigrationPointDirectory,
    private readonly outbox: OutboxWriter,
    private readonly registrations: RegistrationRepository,
  ) {}

  /**
   * A keyed registration is made once: libs/platform's Idempotency-Key claim joins the statement
   * below (writeAtomically), and a retry gets the stored answer.
   */
  public async register(caller: Caller, dto: RegisterCaseDto): Promise<RegistrationResult> {
    const { principal } = caller;
    try {
      this.access.assertServes(principal, dto.encounter.officeCode);
      if (!this.access.canSee(principal, dto.encounter.officeCode)) throw new OfficeNotAllowed(dto.encounter.officeCode);
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
      const { caseNumber, duplicates } = await this.registrations.prepareRegistration(this.dataSource.manager, dto.encounter.officeCode, year, {
        searchName: person.searchName,
        dateOfBirth: person.dateOfBirth,
        nationality: person.nationality,
        sex: person.sex,
        offices: this.access.officesOf(principal),
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
      const about = aboutCase(entity, principal, now);
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
      const mpNotice = entity.traffickingIndicators ? [this.registrations.mpNoticeOpenWrite(entity.id, now, mpNoticeDueAt(now, this.config.MP_NOTICE_DUE_MINUTES))] : [];
      // Another office's records are shown minimally, and kept as shown to this case: only they can be inquired about.
      // The best of the caller's offices and the best of the others, each up to the limit, so that
      // namesakes elsewhere never push out an earlier record the officer can link at once.
      const sees = (office: string) => this.access.canSee(principal, office);
      const ranked = [
        ...possibleDuplicates(duplicates.filter((row) => sees(row.officeCode)), dto.child.age.years),
        ...possibleDuplicates(duplicates.filter((row) => !sees(row.officeCode)), dto.child.age.years),
      ];
      const { shown, disclosures } = discloseDuplicates(ranked, duplicates, sees);
      const disclosed = disclosures.length > 0 ? [this.inquiries.disclosuresWrite(entity.id, disclosures, now)] : [];
      // Person, case, audit entry, event (and the request's Idempotency-Key, linked to the case) commit together in one statement.
      describeIdempotentOutcome({ caseId: entity.id, officeCode: dto.encounter.officeCode, location: `/v1/cases/${entity.id}` });
      await this.outbox.commitWithEvents(this.dataSource.manager, [...this.registrations.registrationWrites(person, entity), ...mpNotice, ...disclosed, audit.write], registered);
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
      if (error instanceof DomainError) await this.access.recordRefusal(caller, 'case.register', error);
      throw error;
    }
  }
}
