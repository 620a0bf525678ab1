import 'reflect-metadata';

import { MoveClearanceReply, MoveStep } from '@opis/contracts-legal-status';

import { auditTrail, LegalTestBed, outboxEvents, startLegalStatus } from './legal-harness';

/** INV-01, GD-08: every step that moves a child asks legal-status, which decides under the case lock. */
describe('legal-status: move clearance', () => {
  let bed: LegalTestBed;
  let officer: string;
  let service: string;

  beforeAll(async () => {
    bed = await startLegalStatus('move-clearance');
    officer = await bed.service.token(['officer'], ['CHP']);
    service = await bed.service.token(['integration'], ['CHP'], 'svc-repatriation');
  });

  afterAll(async () => {
    await bed.close();
  });

  const claim = (caseId: string) =>
    bed.service.request('POST', `/v1/cases/${caseId}/protection/claim`, {
      token: officer,
      body: { filedAt: new Date().toISOString(), representative: 'Lic. R. Pérez', interpreterId: 'int-quc-7' },
    });

  it('clears a child nothing locks, refuses one whose claim is pending, and records and publishes both', async () => {
    const free = await bed.register();
    const claimed = await bed.register();
    expect((await claim(claimed)).status).toBe(200);

    const given = await bed.moveClearance(free, service, 'RETURN_DEPARTURE', 'plan:one');
    expect(given).toMatchObject({ caseId: free, step: 'RETURN_DEPARTURE', cleared: true, reasons: [], assistedReturnResolved: false });
    const refused = await bed.moveClearance(claimed, service, 'REUNIFICATION_ABROAD', 'reunification:two');
    expect(refused).toMatchObject({ cleared: false, reasons: ['CLAIM_PENDING'] });

    const rows = (await bed.service.dataSource.query(`SELECT case_id, step, cleared, move_ref FROM move_clearance ORDER BY decided_at`)) as unknown[];
    expect(rows).toEqual([
      { case_id: free, step: 'RETURN_DEPARTURE', cleared: true, move_ref: 'plan:one' },
      { case_id: claimed, step: 'REUNIFICATION_ABROAD', cleared: false, move_ref: 'reunification:two' },
    ]);
    expect((await outboxEvents(bed.service, 'legal.move.decided', claimed)).map((event) => event.payload.data)).toEqual([
      { step: 'REUNIFICATION_ABROAD', cleared: false, reasons: ['CLAIM_PENDING'] },
    ]);
    expect(await auditTrail(bed.service, claimed, 'move-clearance.reunification_abroad')).toEqual([{ outcome: 'refused', reason: 'CLAIM_PENDING' }]);
  });

  it('answers a case outside the caller\'s offices as not found, and refuses a token without a role that may ask', async () => {
    const caseId = await bed.register();
    const elsewhere = await bed.service.token(['integration'], ['TAB'], 'svc-repatriation');
    await expect(bed.moveClearance(caseId, elsewhere, 'RETURN_APPROVAL')).rejects.toMatchObject({ code: 'CASE_NOT_FOUND' });
    const auditor = await bed.service.token(['auditor'], ['CHP']);
    await expect(bed.moveClearance(caseId, auditor, 'RETURN_APPROVAL')).rejects.toMatchObject({ code: 'ROLE_MISSING' });
  });

  /**
   * `races` cases, each asked for a clearance of `step` while a claim is filed on it: the claim's
   * event and the clearance's are numbered by one counter, held by each to its commit, so a
   * clearance given must be numbered before the claim and a refusal after it.
   */
  async function raceAgainstClaim(step: MoveStep, moveRef: (caseId: string) => string, races = 100): Promise<number> {
    const cases: string[] = [];
    for (let i = 0; i < races; i += 1) cases.push(await bed.register());
    const outcomes: { caseId: string; clearance: MoveClearanceReply }[] = [];
    // Ten races at a time: within the service's in-flight limit, and each race still a race.
    for (let i = 0; i < cases.length; i += 10) {
      outcomes.push(
        ...(await Promise.all(
          cases.slice(i, i + 10).map(async (caseId) => {
            const [clearance, filed] = await Promise.all([bed.moveClearance(caseId, service, step, moveRef(caseId)), claim(caseId)]);
            expect(filed.status).toBe(200);
            return { caseId, clearance };
          }),
        )),
      );
    }
    let clearedFirst = 0;
    for (const { caseId, clearance } of outcomes) {
      const claimVersion = (await outboxEvents(bed.service, 'legal.protection.changed', caseId)).find(
        (event) => (event.payload.data as { status: string }).status === 'CLAIM_PENDING',
      )?.payload.caseVersion;
      expect(claimVersion).toBeDefined();
      if (clearance.cleared) {
        clearedFirst += 1;
        expect(clearance.caseVersion).toBeLessThan(claimVersion as number);
      } else {
        expect(clearance.reasons).toContain('CLAIM_PENDING');
        expect(clearance.caseVersion).toBeGreaterThan(claimVersion as number);
      }
    }
    return clearedFirst;
  }

  it('orders every clearance with a claim filed at the same moment: a claim committed first refuses it, one after finds the move before it (100 races)', async () => {
    const clearedFirst = await raceAgainstClaim('RETURN_HANDOVER', (caseId) => `plan:${caseId}`);
    // Both orders happen (36 and 64 of 100 in one run here), so each branch above was checked.
    expect(clearedFirst).toBeGreaterThan(0);
    expect(clearedFirst).toBeLessThan(100);
  });

  it('clears a consular contact only while consular contact is unlocked, recorded and audited as a consular step (INV-06, RP-05)', async () => {
    const free = await bed.register();
    const claimed = await bed.register();
    expect((await claim(claimed)).status).toBe(200);

    const given = await bed.moveClearance(free, service, 'CONSULAR_CONTACT', 'consular-notification:one');
    expect(given).toMatchObject({ caseId: free, step: 'CONSULAR_CONTACT', cleared: true, reasons: [], protectionStatus: 'NOT_ASSESSED', consularContactLocked: false });
    const refused = await bed.moveClearance(claimed, service, 'CONSULAR_CONTACT', 'tracing-attempt:two');
    expect(refused).toMatchObject({ cleared: false, reasons: ['CLAIM_PENDING'], protectionStatus: 'CLAIM_PENDING', consularContactLocked: true, returnLocked: true });

    const rows = (await bed.service.dataSource.query(`SELECT case_id, cleared, move_ref FROM move_clearance WHERE step = 'CONSULAR_CONTACT' AND case_id = ANY($1) ORDER BY decided_at`, [
      [free, claimed],
    ])) as unknown[];
    expect(rows).toEqual([
      { case_id: free, cleared: true, move_ref: 'consular-notification:one' },
      { case_id: claimed, cleared: false, move_ref: 'tracing-attempt:two' },
    ]);
    expect((await outboxEvents(bed.service, 'legal.move.decided', claimed)).map((event) => event.payload.data)).toEqual([
      { step: 'CONSULAR_CONTACT', cleared: false, reasons: ['CLAIM_PENDING'] },
    ]);
    expect(await auditTrail(bed.service, free, 'move-clearance.consular_contact')).toEqual([{ outcome: 'allowed', reason: null }]);
    expect(await auditTrail(bed.service, claimed, 'move-clearance.consular_contact')).toEqual([{ outcome: 'refused', reason: 'CLAIM_PENDING' }]);
  });

  it('orders every consular clearance with a claim filed at the same moment: a claim committed first refuses it, a clearance given is numbered before the claim (100 races, INV-06)', async () => {
    const clearedFirst = await raceAgainstClaim('CONSULAR_CONTACT', (caseId) => `consular-notification:${caseId}`);
    expect(clearedFirst).toBeGreaterThan(0);
    expect(clearedFirst).toBeLessThan(100);
  });
});
