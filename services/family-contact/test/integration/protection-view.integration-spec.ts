import 'reflect-metadata';

import { recordOpenedV1 as legalRecordOpenedV1 } from '@opis/contracts-legal-status';

import { FirstCallScanner } from '../../src/deadlines/first-call-scanner.service';
import { FamilyTestBed, outboxEvents, startFamilyContact } from './family-harness';

const MINUTE_MS = 60_000;

describe('family-contact shows legal-status’s answer, never its own reading, and counts the first call from detection (issue 18, item 12)', () => {
  let bed: FamilyTestBed;
  let officer: string;

  beforeAll(async () => {
    bed = await startFamilyContact('protection-view');
    officer = await bed.service.token(['officer'], ['CHP']);
  });

  afterAll(async () => {
    await bed?.close();
  });

  afterEach(() => {
    bed.legalStatus.mode = 'silent';
  });

  const view = async (caseId: string) => {
    const response = await bed.service.request('GET', `/v1/cases/${caseId}/family`, { token: officer });
    expect(response.status).toBe(200);
    return response.body;
  };

  describe('the protection part of the record', () => {
    it('is legal-status’s answer when viewed: NOT_ASSESSED where it says so, never null, with its asOf', async () => {
      const caseId = await bed.register();
      const asOf = new Date(Date.now() - 5 * MINUTE_MS).toISOString();
      bed.legalStatus.caseStatus.set(caseId, { protectionStatus: 'NOT_ASSESSED', asOf });
      const asked = bed.legalStatus.statusRequests.length;
      expect((await view(caseId)).protection).toEqual({
        needIndicated: false,
        source: 'LEGAL_STATUS',
        asOf,
        status: 'NOT_ASSESSED',
        claimed: false,
        consularContactLocked: false,
        returnLocked: false,
        reasons: [],
      });
      expect(bed.legalStatus.statusRequests.length).toBe(asked + 1);
    });

    it('shows the consular lock legal-status holds for fear of return, though no claim exists and its events said open', async () => {
      const caseId = await bed.register();
      // legal-status opened its record unlocked; the fear it recorded since is in its answer.
      await bed.legalEvent(legalRecordOpenedV1, caseId, legalRecordOpenedV1.example, new Date(Date.now() - 10 * MINUTE_MS));
      bed.legalStatus.caseStatus.set(caseId, { consularContactLocked: true, returnLocked: true, reasons: ['FEAR_OF_RETURN'], protectionStatus: 'NOT_ASSESSED' });
      expect((await view(caseId)).protection).toMatchObject({
        source: 'LEGAL_STATUS',
        status: 'NOT_ASSESSED',
        claimed: false,
        consularContactLocked: true,
        returnLocked: true,
        reasons: ['FEAR_OF_RETURN'],
      });
    });

    it('falls back to legal-status’s last events, labelled with their time, when it does not answer', async () => {
      const caseId = await bed.register();
      const openedAt = new Date(Date.now() - 10 * MINUTE_MS);
      await bed.legalEvent(legalRecordOpenedV1, caseId, legalRecordOpenedV1.example, openedAt);
      bed.legalStatus.caseStatus.set(caseId, 'silent');
      expect((await view(caseId)).protection).toEqual({
        needIndicated: false,
        source: 'LEGAL_STATUS_EVENTS',
        asOf: openedAt.toISOString(),
        status: 'NOT_ASSESSED',
        claimed: false,
        consularContactLocked: false,
        returnLocked: false,
        reasons: [],
      });
    });

    it('says nothing is known yet, and locked, when legal-status has neither answered nor published anything', async () => {
      const caseId = await bed.register({ screening: { protectionNeedIndicated: true, traffickingIndicators: false, medicalEmergency: false, disability: false, pregnant: false } });
      expect((await view(caseId)).protection).toEqual({
        needIndicated: true,
        source: 'NOT_YET_KNOWN',
        asOf: null,
        status: null,
        claimed: null,
        consularContactLocked: true,
        returnLocked: true,
        reasons: [],
      });
    });
  });

  describe('the first call', () => {
    it('is due from detection (T0), not from registration: a child registered late is overdue at once, and the alert names T0', async () => {
      const detectedAt = new Date(Date.now() - 30 * 60 * MINUTE_MS);
      const caseId = await bed.register({ detectedAt: detectedAt.toISOString() });
      const dueAt = new Date(detectedAt.getTime() + bed.service.config.FIRST_CALL_DEADLINE_MINUTES * MINUTE_MS);
      expect((await view(caseId)).firstCall).toEqual({ detectedAt: detectedAt.toISOString(), dueAt: dueAt.toISOString(), metAt: null, state: 'OVERDUE', overdue: true });
      const [opened] = await outboxEvents(bed.service, 'family.record.opened', caseId);
      const openedData = opened.payload.data as { registeredAt: string };
      expect(opened.payload.data).toMatchObject({ detectedAt: detectedAt.toISOString(), firstCallDueAt: dueAt.toISOString() });
      expect(new Date(openedData.registeredAt).getTime()).toBeGreaterThan(dueAt.getTime());

      expect(await bed.service.app.get(FirstCallScanner).runOnce(new Date())).toBeGreaterThanOrEqual(1);
      const [overdue] = await outboxEvents(bed.service, 'family.call.overdue', caseId);
      expect(overdue.payload.data).toEqual({ registeredAt: openedData.registeredAt, detectedAt: detectedAt.toISOString(), dueAt: dueAt.toISOString() });
    });

    it('gives a child detected just now the whole deadline from detection', async () => {
      const detectedAt = new Date(Date.now() - 2 * MINUTE_MS);
      const caseId = await bed.register({ detectedAt: detectedAt.toISOString() });
      const { firstCall } = await view(caseId);
      expect(firstCall).toMatchObject({ detectedAt: detectedAt.toISOString(), state: 'PENDING', overdue: false });
      expect(new Date(firstCall.dueAt).getTime()).toBe(detectedAt.getTime() + bed.service.config.FIRST_CALL_DEADLINE_MINUTES * MINUTE_MS);
      expect(await bed.service.app.get(FirstCallScanner).runOnce(new Date())).toBe(0);
      expect(await outboxEvents(bed.service, 'family.call.overdue', caseId)).toEqual([]);
    });
  });
});
