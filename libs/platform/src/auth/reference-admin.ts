import { OfficeCode } from '@opis/contracts-envelope';

import { DomainError } from '../errors/domain-error';
import { ErrorKind } from '../errors/error-kind';
import { Principal, Role } from './principal';

/**
 * Who keeps reference tables (issue 19, least privilege). National data (a country's return
 * arrangement) is changed by `national-admin` only. A row that belongs to one office (a
 * repatriation point, a migration point) is kept by that office's `office-admin`, and by
 * `national-admin` for any office. `national` reads every office's cases but changes no
 * reference data, so it is in neither list.
 */
export const REFERENCE_READERS: readonly Role[] = ['officer', 'supervisor', 'office-admin', 'auditor', 'national', 'national-admin'];
export const NATIONAL_REFERENCE_WRITERS: readonly Role[] = ['national-admin'];
export const OFFICE_REFERENCE_WRITERS: readonly Role[] = ['office-admin', 'national-admin'];

export function isNationalAdmin(principal: Principal): boolean {
  return principal.roles.includes('national-admin');
}

/** 403 naming `code`: the row is another office's. */
export class ReferenceOfAnotherOffice extends DomainError {
  constructor(what: string, office: string | null) {
    super({
      code: 'OFFICE_NOT_ALLOWED',
      kind: ErrorKind.FORBIDDEN,
      detail: `The ${what} belongs to ${office ? `office ${office}` : 'another office'}; only its office-admin or a national-admin may change it.`,
      violations: [{ field: 'code', rule: 'officeScope', message: `the ${what} belongs to another office` }],
    });
  }
}

/**
 * An office-admin changes only a row of one of its own offices, and cannot move a row into or out
 * of another office. The token's offices, not `visibleOffices`: a `national` role beside
 * `office-admin` widens what one reads, never which office one administers. These tables are
 * listed to every role, so refusing with 403 (not 404) leaks nothing.
 */
export function assertOfficeReferenceAdministered(principal: Principal, what: string, requested: OfficeCode, current: OfficeCode | null): void {
  if (isNationalAdmin(principal)) return;
  const own = (office: OfficeCode) => principal.roles.includes('office-admin') && principal.offices.includes(office);
  if (current !== null && !own(current)) throw new ReferenceOfAnotherOffice(what, current);
  if (!own(requested)) {
    throw new DomainError({
      code: 'OFFICE_NOT_ALLOWED',
      kind: ErrorKind.FORBIDDEN,
      detail: `You may not keep ${what}s of office ${requested}.`,
      violations: [{ field: 'officeCode', rule: 'officeScope', message: 'not one of your offices' }],
    });
  }
}
