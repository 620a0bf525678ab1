import 'reflect-metadata';

import { MoveClearanceReply } from '@opis/contracts-legal-status';

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

  it('orders every clearance with a claim filed at the same moment: a claim committed first refuses it, one after finds the move before it (100 races)', async () => {
    const races = 100;
    const cases: string[] = [];
    for (let i = 0; i < races; i += 1) cases.push(await bed.register());
    const outcomes: { caseId: string; clearance: MoveClearanceReply }[] = [];
    // Ten races at a time: within the service's in-flight limit, and each race still a race.
    for (let i = 0; i < cases.length; i += 10) {
      outcomes.push(
        ...(await Promise.all(
          cases.slice(i, i + 10).map(async (caseId) => {
            const [clearance, filed] = await Promise.all([bed.moveClearance(caseId, service, 'RETURN_HANDOVER', `plan:${caseId}`), claim(caseId)]);
            expect(filed.status).toBe(200);
            return { caseId, clearance };
          }),
        )),
      );
    }
    let clearedFirst = 0;
    for (const { caseId, clearance } of outcomes) {
      // The claim's event and the clearance's are numbered by one counter, held by each to its commit.
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
    // Both orders happen (36 and 64 of 100 in one run here), so each branch above was checked.
    expect(clearedFirst).toBeGreaterThan(0);
    expect(clearedFirst).toBeLessThan(races);
  });
});
