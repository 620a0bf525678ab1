import { OFFICE_CODES } from '@opis/contracts-envelope';

import { ResourceNotFoundError } from '../errors/domain-error';
import { ErrorKind } from '../errors/error-kind';
import { assertOfficeAccess, canAccessOffice, visibleOffices } from './office-scope';
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
});
