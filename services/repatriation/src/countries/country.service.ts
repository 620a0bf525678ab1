import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import { assertOfficeReferenceAdministered, AuditTrail, decodeKeyCursor, DEFAULT_PAGE_SIZE, isNationalAdmin, keyPage, ReferenceOfAnotherOffice, InvalidInputError, Page, PageQuery, ResourceNotFoundError } from '@opis/platform';

import { Caller } from '../access/case-access.service';
import { ReceivingCountryDto, RepatriationPointDto } from './country.dto';
import { CountryRepository, ReceivingCountryRow, RepatriationPointRow } from './country.repository';
import { isTimeZone } from './weekly-window';

export const COUNTRY = /^[A-Z]{2}$/;
export const CODE = /^[A-Z0-9][A-Z0-9-]{1,39}$/;

/** What a PUT of a reference row did: registered it (201 with Location) or changed it (200). */
export interface Saved<T> {
  saved: T;
  registered: boolean;
}

const countryViolation = { field: 'country', rule: 'isISO31661Alpha2', message: 'country must be an ISO 3166-1 alpha-2 code' };
const codeViolation = { field: 'code', rule: 'matches', message: 'code must be upper case letters, digits and dashes' };

/**
 * The reference tables an administrator keeps (RP-07, RP-08, US-03 are [U]: data, not code).
 * Every change, and every change refused by a rule or an office's scope, is audited with the
 * request id and source address, like a change of a case (ARCHITECTURE.md, Security).
 */
@Injectable()
export class CountryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly countries: CountryRepository,
    private readonly audit: AuditTrail,
  ) {}

  /** The arrangements in the order of their country codes, a page at a time. */
  public async list(query: PageQuery): Promise<Page<ReceivingCountryRow>> {
    const after = query.cursor === undefined ? undefined : decodeKeyCursor(query.cursor, [COUNTRY])[0];
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    return keyPage(await this.countries.countryPage(this.dataSource.manager, after, limit + 1), limit, (row) => [row.country]);
  }

  public async get(country: string): Promise<ReceivingCountryRow> {
    if (!COUNTRY.test(country)) throw new InvalidInputError([countryViolation]);
    const [found] = await this.countries.countries(this.dataSource.manager, country);
    if (!found) throw new ResourceNotFoundError('receiving country');
    return found;
  }

  public async replace(caller: Caller, country: string, dto: ReceivingCountryDto): Promise<Saved<ReceivingCountryRow>> {
    return this.audit.refusalsRecorded(caller, 'receiving-country.replace', async () => {
      const violations = [...(COUNTRY.test(country) ? [] : [countryViolation]), ...windowViolations(dto)];
      if (violations.length > 0) throw new InvalidInputError(violations);
      return this.dataSource.transaction(async (manager) => {
        for (const [index, authority] of dto.authorities.entries()) {
          const owner = await this.countries.authorityCountry(manager, authority.code);
          if (owner && owner !== country) {
            throw new InvalidInputError([{ field: `authorities.${index}.code`, rule: 'unique', message: `already an authority of ${owner}` }]);
          }
        }
        const registered = await this.countries.replaceCountry(
          manager,
          { ...dto, country, exitPoints: dto.exitPoints, authorities: dto.authorities },
          caller.principal.subject,
        );
        await this.audit.record({ actor: caller.principal, action: 'receiving-country.replace', outcome: 'allowed', ...caller.meta }, manager);
        const [saved] = await this.countries.countries(manager, country);
        return { saved, registered };
      });
    });
  }

  /** The points in the order of their codes, a page at a time. */
  public async points(query: PageQuery): Promise<Page<RepatriationPointRow>> {
    const after = query.cursor === undefined ? undefined : decodeKeyCursor(query.cursor, [CODE])[0];
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    return keyPage(await this.countries.pointPage(this.dataSource.manager, after, limit + 1), limit, (row) => [row.code]);
  }

  public async point(code: string): Promise<RepatriationPointRow> {
    if (!CODE.test(code)) throw new InvalidInputError([codeViolation]);
    const [found] = await this.countries.points(this.dataSource.manager, code);
    if (!found) throw new ResourceNotFoundError('repatriation point');
    return found;
  }

  public async upsertPoint(caller: Caller, code: string, dto: RepatriationPointDto): Promise<Saved<RepatriationPointRow>> {
    const office = dto.officeCode as OfficeCode;
    return this.audit.refusalsRecorded(
      caller,
      'repatriation-point.upsert',
      async () => {
      const violations = [...(CODE.test(code) ? [] : [codeViolation]), ...windowViolations(dto)];
      if (violations.length > 0) throw new InvalidInputError(violations);
      return this.dataSource.transaction(async (manager) => {
        const current = (await this.countries.pointOfficeForUpdate(manager, code)) as OfficeCode | null;
        assertOfficeReferenceAdministered(caller.principal, 'repatriation point', office, current);
        // An office-admin's insert leaves alone a point another office registered meanwhile.
        const within = isNationalAdmin(caller.principal) ? undefined : caller.principal.offices;
        const written = await this.countries.upsertPoint(manager, { code, ...dto }, caller.principal.subject, within);
        if (!written) throw new ReferenceOfAnotherOffice('repatriation point', await this.countries.pointOfficeForUpdate(manager, code));
        await this.audit.record({ actor: caller.principal, action: 'repatriation-point.upsert', officeCode: office, outcome: 'allowed', ...caller.meta }, manager);
        const [saved] = await this.countries.points(manager, code);
        return { saved, registered: written === 'registered' };
      });
      },
      office,
    );
  }
}

function windowViolations(dto: { timeZone: string; opensAt: string; closesAt: string }) {
  return [
    ...(isTimeZone(dto.timeZone) ? [] : [{ field: 'timeZone', rule: 'isTimeZone', message: 'timeZone must be an IANA time zone' }]),
    ...(dto.opensAt < dto.closesAt ? [] : [{ field: 'closesAt', rule: 'afterOpensAt', message: 'closesAt must be later than opensAt' }]),
  ];
}
