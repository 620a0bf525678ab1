import { EntityManager } from 'typeorm';

import { createEnvelope, EventContract, eventType } from '@opis/contracts-envelope';
import {
  caseAssignedV1,
  caseRegisteredV1,
  caseRegisteredV2,
  caseTransferredV1,
  caseUpdatedV1,
  CaseUpdatedV1,
  procuraduriaNotifiedV1,
} from '@opis/contracts-intake';

import { CaseCopy } from './case-copy';
import { CaseCopyChange, CaseCopyNotOpened, CaseCopyProjector } from './case-copy.projector';
import { CaseCopyStore } from './case-copy.repository';

const caseId = '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d0f';
const actor = { kind: 'officer' as const, id: 'opi-chp-0042' };
/** Statements the projector runs itself (the stored answers a transfer moves). */
const statements: unknown[][] = [];
const manager = { query: async (...args: unknown[]) => void statements.push(args) } as unknown as EntityManager;

/** The copies in memory, and every hook call in order. */
function projectorUnderTest(options: { follows?: readonly EventContract[] } = {}) {
  const copies = new Map<string, CaseCopy>();
  const calls: Array<[string, CaseCopyChange | CaseCopy]> = [];
  const store: CaseCopyStore = {
    find: async (_manager, id) => copies.get(id) ?? null,
    save: async (_manager, copy) => void copies.set(copy.caseId, copy),
  };
  const projector = new CaseCopyProjector(store, {
    open: async (_manager, copy) => {
      if (copies.has(copy.caseId)) return false;
      copies.set(copy.caseId, copy);
      calls.push(['open', copy]);
      return true;
    },
    corrected: async (_manager, change) => void calls.push(['corrected', change]),
    transferred: async (_manager, change) => void calls.push(['transferred', change]),
    follows: options.follows,
    followed: async (_manager, change) => void calls.push(['followed', change]),
  });
  return { projector, copies, calls };
}

const registered = (caseVersion = 1) =>
  createEnvelope({ name: caseRegisteredV2.name, caseId, officeCode: 'CHP', actor, caseVersion, data: caseRegisteredV2.example });
const corrected = (caseVersion: number, data: Partial<CaseUpdatedV1> = {}) =>
  createEnvelope({ name: caseUpdatedV1.name, caseId, officeCode: 'CHP', actor, caseVersion, data: { ...caseUpdatedV1.example, ...data } });
const transferred = (caseVersion: number) =>
  createEnvelope({ name: caseTransferredV1.name, caseId, officeCode: 'TAB', actor, caseVersion, data: { ...caseTransferredV1.example, toOffice: 'TAB' as const } });
const notified = (caseVersion: number) =>
  createEnvelope({ name: procuraduriaNotifiedV1.name, caseId, officeCode: 'CHP', actor, caseVersion, data: procuraduriaNotifiedV1.example });

describe('CaseCopyProjector', () => {
  it('opens a copy once per case, at the registration’s version', async () => {
    const { projector, copies, calls } = projectorUnderTest();
    expect(await projector.apply(manager, registered())).toBe('opened');
    expect(await projector.apply(manager, registered())).toBe('stale');
    expect(copies.get(caseId)).toMatchObject({ officeCode: 'CHP', ageBand: '12-17', intakeCaseVersion: 1 });
    expect(calls.map(([hook]) => hook)).toEqual(['open']);
  });

  it('takes v1 of a registration after v2 as the next version without opening again, and opens from v1 alone', async () => {
    const { projector, copies, calls } = projectorUnderTest();
    expect(await projector.apply(manager, registered(1))).toBe('opened');
    const superseded = createEnvelope({ name: caseRegisteredV1.name, caseId, officeCode: 'CHP', actor, caseVersion: 2, data: caseRegisteredV1.example });
    expect(await projector.apply(manager, superseded)).toBe('applied');
    expect(await projector.apply(manager, superseded)).toBe('stale');
    expect(copies.get(caseId)).toMatchObject({ intakeCaseVersion: 2 });
    expect(calls.map(([hook]) => hook)).toEqual(['open']);

    // A stream written before v2 existed holds v1 alone: the copy opens from it.
    const older = projectorUnderTest();
    expect(await older.projector.apply(manager, { ...superseded, caseVersion: 1 })).toBe('opened');
    expect(older.copies.get(caseId)).toMatchObject({ officeCode: 'CHP', intakeCaseVersion: 1 });
  });

  it('applies a correction to the common columns and tells the service what it was before', async () => {
    const { projector, copies, calls } = projectorUnderTest();
    await projector.apply(manager, registered());
    expect(await projector.apply(manager, corrected(2, { ageBand: '0-11', nationality: 'SV' }))).toBe('applied');
    expect(copies.get(caseId)).toMatchObject({ ageBand: '0-11', nationality: 'SV', officeCode: 'CHP', intakeCaseVersion: 2 });
    const [, change] = calls[1] as [string, CaseCopyChange];
    expect(change.before).toMatchObject({ ageBand: '12-17', nationality: 'GT', intakeCaseVersion: 1 });
    expect(change.after).toMatchObject({ ageBand: '0-11', nationality: 'SV', intakeCaseVersion: 2 });
  });

  it('never lets an older correction, or the same one again, overwrite a newer one', async () => {
    const { projector, copies, calls } = projectorUnderTest();
    await projector.apply(manager, registered());
    await projector.apply(manager, corrected(3, { nationality: 'HN' }));
    expect(await projector.apply(manager, corrected(2, { nationality: 'SV' }))).toBe('stale');
    expect(await projector.apply(manager, corrected(3, { nationality: 'SV' }))).toBe('stale');
    expect(copies.get(caseId)).toMatchObject({ nationality: 'HN', intakeCaseVersion: 3 });
    expect(calls.map(([hook]) => hook)).toEqual(['open', 'corrected']);
  });

  it('moves a transfer to the receiving office, and a later correction keeps it there', async () => {
    const { projector, copies, calls } = projectorUnderTest();
    await projector.apply(manager, registered());
    expect(await projector.apply(manager, transferred(2))).toBe('applied');
    expect(await projector.apply(manager, corrected(3, { screening: { ...caseUpdatedV1.example.screening, protectionNeedIndicated: true } }))).toBe('applied');
    expect(copies.get(caseId)).toMatchObject({ officeCode: 'TAB', intakeCaseVersion: 3 });
    expect(statements).toContainEqual([expect.stringContaining('UPDATE idempotency_key'), [caseId, 'TAB']]);
    expect(calls.map(([hook, change]) => [hook, (change as CaseCopyChange).before?.officeCode, (change as CaseCopyChange).after?.officeCode])).toEqual([
      ['open', undefined, undefined],
      ['transferred', 'CHP', 'TAB'],
      ['corrected', 'TAB', 'TAB'],
    ]);
  });

  it('follows the further events a service asks for under the same version check, and ignores the others', async () => {
    const { projector, copies, calls } = projectorUnderTest({ follows: [procuraduriaNotifiedV1] });
    expect(projector.handles.map((contract) => `${eventType(contract.name)}.v${contract.name.version}`)).toEqual([
      'intake.case.registered.v2',
      'intake.case.registered.v1',
      'intake.case.updated.v1',
      'intake.case.transferred.v1',
      'intake.case.procuraduria-notified.v1',
    ]);
    await projector.apply(manager, registered());
    const assigned = createEnvelope({ name: caseAssignedV1.name, caseId, officeCode: 'CHP', actor, caseVersion: 2, data: { officerId: 'opi-1' } });
    expect(await projector.apply(manager, assigned)).toBe('ignored');
    expect(await projector.apply(manager, notified(3))).toBe('applied');
    expect(await projector.apply(manager, notified(3))).toBe('stale');
    expect(copies.get(caseId)).toMatchObject({ officeCode: 'CHP', ageBand: '12-17', intakeCaseVersion: 3 });
    expect(calls.map(([hook]) => hook)).toEqual(['open', 'followed']);
  });

  it('retries an event about a case whose registration it has not applied', async () => {
    const { projector, calls } = projectorUnderTest();
    await expect(projector.apply(manager, corrected(2))).rejects.toBeInstanceOf(CaseCopyNotOpened);
    expect(calls).toEqual([]);
  });
});
