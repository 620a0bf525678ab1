import { isOfficeCode, OfficeCode } from '@opis/contracts-envelope';

import { AuthenticationError } from '../errors/domain-error';

/**
 * `national` sees every office's cases (the national desk, and services asking on behalf of all
 * offices); it changes no reference data. `national-admin` keeps the national reference data
 * (working-day calendar, holidays, suspensions, receiving countries, explanation texts), which
 * moves deadlines and returns in every office, and sees no case: a role of its own, so that
 * neither an office's administrator nor every nationwide reader can change it (issue 19).
 */
export const ROLES = ['officer', 'supervisor', 'office-admin', 'auditor', 'national', 'national-admin', 'integration'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, from a verified token: claims `sub`, `roles` and `offices`. */
export interface Principal {
  subject: string;
  roles: Role[];
  offices: OfficeCode[];
}

const roleSet: ReadonlySet<string> = new Set(ROLES);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && roleSet.has(value);
}

function stringArray(value: unknown, claim: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new AuthenticationError('TOKEN_INVALID', `The token's ${claim} claim must be an array of strings.`);
  }
  return value;
}

/** Unknown roles and offices grant nothing and are dropped; a malformed claim refuses the token. */
export function principalFromClaims(claims: Record<string, unknown>): Principal {
  const subject = claims['sub'];
  if (typeof subject !== 'string' || subject.length === 0) {
    throw new AuthenticationError('TOKEN_INVALID', 'The token has no subject.');
  }
  return {
    subject,
    roles: stringArray(claims['roles'], 'roles').filter(isRole),
    offices: stringArray(claims['offices'], 'offices').filter(isOfficeCode),
  };
}
