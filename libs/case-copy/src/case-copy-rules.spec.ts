import { createEnvelope } from '@opis/contracts-envelope';
import { caseRegisteredV2, caseTransferredV1, caseUpdatedV1 } from '@opis/contracts-intake';

import { applyToCopy, copyOfRegistration, isNewer } from './case-copy-rules';

const caseId = '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d0f';
const actor = { kind: 'officer' as const, id: 'opi-chp-0042' };

describe('case copy rules', () => {
  const registered = createEnvelope({ name: caseRegisteredV2.name, caseId, officeCode: 'CHP', actor, caseVersion: 1, data: caseRegisteredV2.example });
  const copy = copyOfRegistration(registered);

  it('opens the copy in the registering office, with the registration’s categories and version', () => {
    expect(copy).toEqual({ caseId, officeCode: 'CHP', ageBand: '12-17', sex: 'F', nationality: 'GT', accompaniment: 'UNACCOMPANIED', intakeCaseVersion: 1 });
  });

  it('takes only events newer than the copy', () => {
    expect(isNewer({ intakeCaseVersion: 3 }, { caseVersion: 4 })).toBe(true);
    expect(isNewer({ intakeCaseVersion: 3 }, { caseVersion: 3 })).toBe(false);
    expect(isNewer({ intakeCaseVersion: 3 }, { caseVersion: 2 })).toBe(false);
    // A copy made before intake numbered its events (version 0) takes any numbered event.
    expect(isNewer({ intakeCaseVersion: 0 }, { caseVersion: 1 })).toBe(true);
  });

  it('takes a correction’s categories and keeps the office', () => {
    const corrected = createEnvelope({ name: caseUpdatedV1.name, caseId, officeCode: 'CHP', actor, caseVersion: 2, data: caseUpdatedV1.example });
    expect(applyToCopy(copy, corrected)).toEqual({ ...copy, ageBand: '0-11', intakeCaseVersion: 2 });
  });

  it('moves a transferred case to the receiving office with the categories the transfer carries', () => {
    const transferred = createEnvelope({ name: caseTransferredV1.name, caseId, officeCode: 'TAB', actor, caseVersion: 5, data: { ...caseTransferredV1.example, toOffice: 'TAB' as const } });
    expect(applyToCopy(copy, transferred)).toEqual({ ...copy, officeCode: 'TAB', sex: 'M', nationality: 'HN', intakeCaseVersion: 5 });
  });
});
