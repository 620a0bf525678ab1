import { OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';

import { OfficeNotServedError, ResourceNotFoundError } from '../errors/domain-error';
import { Principal } from './principal';

export function canAccessOffice(principal: Principal, office: OfficeCode): boolean {
  return principal.roles.includes('national') || principal.offices.includes(office);
}

/**
 * The offices whose cases the principal may see, optionally within the offices this instance
 * serves (OFFICES). `national` sees all.
 */
export function visibleOffices(principal: Principal, servedOffices?: readonly OfficeCode[]): OfficeCode[] {
  const own = principal.roles.includes('national') ? [...OFFICE_CODES] : [...new Set(principal.offices)];
  return servedOffices ? own.filter((office) => servedOffices.includes(office)) : own;
}

/** A record of another office is answered as missing, so that its existence does not leak. */
export function assertOfficeAccess(principal: Principal, office: OfficeCode, resource = 'case'): void {
  if (!canAccessOffice(principal, office)) throw new ResourceNotFoundError(resource);
}

/**
 * On an instance limited to offices (OFFICES): a request about another office whose cases the
 * principal may see is misdirected (421, naming the office), since another instance holds it;
 * one the principal may not see is left to the caller's 404, so existence still does not leak.
 */
export function assertOfficeServed(principal: Principal, office: OfficeCode, servedOffices?: readonly OfficeCode[]): void {
  if (!servedOffices || servedOffices.includes(office) || !canAccessOffice(principal, office)) return;
  throw new OfficeNotServedError(office, servedOffices);
}
