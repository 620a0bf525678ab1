import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import { AuditTrail, InvalidInputError } from '@opis/platform';

import { Caller } from '../access/case-access.service';
import { CountryRepository, ReceivingCountryRow, RepatriationPointRow } from './country.repository';
import { ReceivingCountryDto, RepatriationPointDto } from './country.dto';
import { isTimeZone } from './weekly-window';

const COUNTRY = /^[A-Z]{2}$/;
const CODE = /^[A-Z0-9][A-Z0-9-]{1,39}$/;

/** The reference tables an administrator keeps (RP-07, RP-08, US-03 are [U]: data, not code). */
@Injectable()
export class CountryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly countries: CountryRepository,
    private readonly audit: AuditTrail,
  ) {}

  public async list(): Promise<ReceivingCountryRow[]> {
    return this.countries.countries(this.dataSource.manager);
  }

  public async replace(caller: Caller, country: string, dto: ReceivingCountryDto): Promise<ReceivingCountryRow> {
    const violations = [
      ...(COUNTRY.test(country) ? [] : [{ field: 'country', rule: 'isISO31661Alpha2', message: 'country must be an ISO 3166-1 alpha-2 code' }]),
      ...windowViolations(dto),
    ];
    if (violations.length > 0) throw new InvalidInputError(violations);
    return this.dataSource.transaction(async (manager) => {
      for (const [index, authority] of dto.authorities.entries()) {
        const owner = await this.countries.authorityCountry(manager, authority.code);
        if (owner && owner !== country) {
          throw new InvalidInputError([{ field: `authorities.${index}.code`, rule: 'unique', message: `already an authority of ${owner}` }]);
        }
      }
      await this.countries.replaceCountry(
        manager,
        { ...dto, country, exitPoints: dto.exitPoints, authorities: dto.authorities },
        caller.principal.subject,
      );
      await this.audit.record({ actor: caller.principal, action: 'receiving-country.replace', outcome: 'allowed', ...caller.meta }, manager);
      const [saved] = await this.countries.countries(manager, country);
      return saved;
    });
  }

  public async points(): Promise<RepatriationPointRow[]> {
    return this.countries.points(this.dataSource.manager);
  }

  public async upsertPoint(caller: Caller, code: string, dto: RepatriationPointDto): Promise<RepatriationPointRow> {
    const violations = [...(CODE.test(code) ? [] : [{ field: 'code', rule: 'matches', message: 'code must be upper case letters, digits and dashes' }]), ...windowViolations(dto)];
    if (violations.length > 0) throw new InvalidInputError(violations);
    return this.dataSource.transaction(async (manager) => {
      await this.countries.upsertPoint(manager, { code, ...dto }, caller.principal.subject);
      await this.audit.record(
        { actor: caller.principal, action: 'repatriation-point.upsert', officeCode: dto.officeCode as OfficeCode, outcome: 'allowed', ...caller.meta },
        manager,
      );
      const [saved] = await this.countries.points(manager, code);
      return saved;
    });
  }
}

function windowViolations(dto: { timeZone: string; opensAt: string; closesAt: string }) {
  return [
    ...(isTimeZone(dto.timeZone) ? [] : [{ field: 'timeZone', rule: 'isTimeZone', message: 'timeZone must be an IANA time zone' }]),
    ...(dto.opensAt < dto.closesAt ? [] : [{ field: 'closesAt', rule: 'afterOpensAt', message: 'closesAt must be later than opensAt' }]),
  ];
}
