import { OFFICE_CODES } from '@opis/contracts-envelope';

import { OfficeNotServedError, ResourceNotFoundError } from '../errors/domain-error';
import { ErrorKind } from '../errors/error-kind';
import { assertOfficeAccess, assertOfficeServed, canAccessOffice, visibleOffices } from './office-scope';
import { toProblem } from '../errors/problem';
import { Principal } from './principal';

const officer: Principal = { subject: 'o1', roles: ['officer'], offices: ['CHP', 'TAB'] };
const national: Principal = { subject: 'n1', roles: ['national'], offices: [] };

describe('office scope', () => {
  it('lets an officer reach only their offices', () => {
    expect(canAccessOffice(officer, 'CHP')).toBe(true);
    expect(canAccessOffice(officer, 'CMX')).toBe(false);
    expect(visibleOffices(officer)).toEqual(['CHP', 'TAB']);
  });

  it('lets national see every office', () => {
    expect(canAccessOffice(national, 'BCN')).toBe(true);
    expect(visibleOffices(national)).toEqual([...OFFICE_CODES]);
  });

  it('narrows to the offices the instance serves', () => {
    expect(visibleOffices(officer, ['TAB', 'CMX'])).toEqual(['TAB']);
    expect(visibleOffices(national, ['CMX'])).toEqual(['CMX']);
  });

  it('answers another office as not found', () => {
    expect(() => assertOfficeAccess(officer, 'CHP')).not.toThrow();
    let thrown: unknown;
    try {
      assertOfficeAccess(officer, 'CMX');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ResourceNotFoundError);
    expect(thrown).toMatchObject({ kind: ErrorKind.NOT_FOUND, code: 'CASE_NOT_FOUND' });
  });

  it('answers an office the instance does not serve with 421 naming it, to whom may see it', () => {
    expect(() => assertOfficeServed(officer, 'TAB')).not.toThrow();
    expect(() => assertOfficeServed(officer, 'CHP', ['CHP'])).not.toThrow();
    // Not the officer's office: the caller's 404 stands.
    expect(() => assertOfficeServed(officer, 'CMX', ['CHP'])).not.toThrow();
    let thrown: unknown;
    try {
      assertOfficeServed(officer, 'TAB', ['CHP']);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(OfficeNotServedError);
    expect(toProblem(thrown, '/v1/cases/x')).toMatchObject({
      status: 421,
      title: 'Misdirected Request',
      code: 'OFFICE_NOT_SERVED',
      detail: expect.stringMatching(/Office TAB .* serves only CHP \(OFFICES\)/),
    });
    expect(() => assertOfficeServed(national, 'BCN', ['CHP', 'TAB'])).toThrow(OfficeNotServedError);
  });
});
