import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import { assertOfficeServed, AuditTrail, Caller, visibleOffices } from '@opis/platform';

import { OfficeNotAllowed } from '../cases/case.exception';
import { IntakeConfig } from '../intake.config';
import { searchableName } from '../people/searchable-name';
import { possibleDuplicates } from '../registration/duplicate-score';
import { registrationYear, RegistrationRepository } from '../registration/registration.repository';
import { DuplicateCheckDto } from './duplicate-check.dto';
import { DuplicateInOwnOffice } from './duplicate-disclosure';

export interface DuplicateCheckView {
  /** Earlier records in the offices the caller sees, best first (as a registration would show them). */
  possibleDuplicates: DuplicateInOwnOffice[];
  /**
   * How many likely earlier records are in offices the caller does not see, counted up to five (the
   * most a registration shows of other offices: DUPLICATE_LIMIT). Which ones (office,
   * case number, score, age band) is shown with the registration's answer, kept with the new case
   * so that they can be inquired about: a check, which leaves no case, discloses no case number.
   */
  inOtherOffices: number;
}

/**
 * The duplicate search before saving: the officer sees whether the child is already known before
 * opening a second case for them. The same search and score as a registration; nothing is written
 * but the audit entries of the search (who, which office; never the name searched) and of each
 * case it shows.
 */
@Injectable()
export class DuplicateCheckService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registrations: RegistrationRepository,
    private readonly audit: AuditTrail,
    private readonly config: IntakeConfig,
  ) {}

  public async check(caller: Caller, dto: DuplicateCheckDto): Promise<DuplicateCheckView> {
    const action = 'person.duplicate-check';
    return this.audit.refusalsRecorded(
      caller,
      action,
      async () => {
        assertOfficeServed(caller.principal, dto.officeCode, this.config.OFFICES);
        const offices = visibleOffices(caller.principal, this.config.OFFICES);
        if (!offices.includes(dto.officeCode)) throw new OfficeNotAllowed(dto.officeCode, 'officeCode');
        const { child } = dto;
        const rows = await this.registrations.findPossibleDuplicates(this.dataSource.manager, registrationYear(new Date()), {
          searchName: searchableName(child.givenNames, child.familyNames),
          dateOfBirth: child.dateOfBirth ?? null,
          nationality: child.nationality,
          sex: child.sex,
          offices,
          ageYears: child.age.years,
        });
        const sees = (office: string) => offices.includes(office as (typeof offices)[number]);
        const own = possibleDuplicates(rows.filter((row) => sees(row.officeCode)), child.age.years);
        const elsewhere = possibleDuplicates(rows.filter((row) => !sees(row.officeCode)), child.age.years);
        // The search itself, and each case it shows, as a list of cases is audited: a check is not
        // an unlogged lookup by name.
        await this.audit.recordMany([
          { actor: caller.principal, action, officeCode: dto.officeCode, outcome: 'allowed', ...caller.meta },
          ...own.map((duplicate) => ({ actor: caller.principal, action, caseId: duplicate.caseId, officeCode: duplicate.officeCode as OfficeCode, outcome: 'allowed' as const, ...caller.meta })),
        ]);
        return { possibleDuplicates: own.map((duplicate) => ({ visibility: 'FULL' as const, ...duplicate })), inOtherOffices: elsewhere.length };
      },
      dto.officeCode,
    );
  }
}
