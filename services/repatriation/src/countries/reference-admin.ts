import { OfficeCode } from '@opis/contracts-envelope';
import { DomainError, ErrorKind, Principal, Role } from '@opis/platform';

import { RepatriationErrorCode } from '../repatriation.exception';

/**
 * Who keeps the reference tables (issue 19, least privilege). Receiving countries are national:
 * an arrangement with a country governs returns from every office, so only `national-admin`
 * changes it. A repatriation point belongs to one office: its `office-admin` keeps that office's
 * points, and `national-admin` any. `national` reads every office's cases but changes no
 * reference data, so it is in neither list.
 */
export const REFERENCE_READERS: readonly Role[] = ['officer', 'supervisor', 'office-admin', 'auditor', 'national', 'national-admin'];
export const NATIONAL_REFERENCE_WRITERS: readonly Role[] = ['national-admin'];
export const POINT_WRITERS: readonly Role[] = ['office-admin', 'national-admin'];

export function isNationalAdmin(principal: Principal): boolean {
  return principal.roles.includes('national-admin');
}

/** 403 naming `code`: the point is another office's. */
export class PointOfAnotherOffice extends DomainError {
  constructor(office: string | null) {
    super({
      code: RepatriationErrorCode.OFFICE_NOT_ALLOWED,
      kind: ErrorKind.FORBIDDEN,
      detail: `The point belongs to ${office ? `office ${office}` : 'another office'}; only its office-admin or a national-admin may change it.`,
      violations: [{ field: 'code', rule: 'officeScope', message: 'the point belongs to another office' }],
    });
  }
}

/**
 * An office-admin changes only a point of one of its own offices, and cannot move a point into
 * or out of another office. The token's offices, not `visibleOffices`: a `national` role beside
 * `office-admin` widens what one reads, never which office one administers. Points are listed to
 * every role, so refusing with 403 (not 404) leaks nothing.
 */
export function assertPointOffice(principal: Principal, requested: OfficeCode, current: OfficeCode | null): void {
  if (isNationalAdmin(principal)) return;
  const own = (office: OfficeCode) => principal.roles.includes('office-admin') && principal.offices.includes(office);
  if (current !== null && !own(current)) throw new PointOfAnotherOffice(current);
  if (!own(requested)) {
    throw new DomainError({
      code: RepatriationErrorCode.OFFICE_NOT_ALLOWED,
      kind: ErrorKind.FORBIDDEN,
      detail: `You may not keep repatriation points of office ${requested}.`,
      violations: [{ field: 'officeCode', rule: 'officeScope', message: 'not one of your offices' }],
    });
  }
}
