import { Client } from 'pg';

import { bodyOf } from '@opis/api-clients';
import { eventType } from '@opis/contracts-envelope';
import { protectionChangedV1 } from '@opis/contracts-legal-status';
import { ReturnJourney, RunningPlatform, startPlatform } from '@opis/platform-tools';
import { waitFor } from '@opis/testing';


const RACES_PER_STEP = 100;
/** Cases prepared and raced at once: enough to interleave, few enough for two cores. */
const CONCURRENCY = 6;

type Step = 'REUNIFICATION_ABROAD' | 'RETURN_APPROVAL' | 'RETURN_SCHEDULING' | 'RETURN_DEPARTURE' | 'RETURN_HANDOVER';

interface Race {
  caseId: string;
  /** The step's answer: 2xx means the child moved (or the move was recorded). */
  stepStatus: number;
  claimStatus: number;
}

interface Verdict {
  /** legal-status's clearance of the step: the step's commit point (its version among the case's facts). */
  clearance: { cleared: boolean; version: number } | null;
  /** The version of the claim's commit in legal-status. */
  claimVersion: number;
}

async function inBatches<T, R>(items: readonly T[], size: number, run: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await run(items[index], index);
      }
    }),
  );
  return results;
}

const jitter = (maxMs: number) => new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * maxMs)));

// Issue 18: a protection claim filed at the same moment as each step that moves a child, 100 times
// per step, through the services as processes. legal-status decides every clearance under the
// legal record's row lock, the lock a claim takes too, and numbers both among the case's facts:
// the clearance is the step's commit point. A claim numbered before it must have refused the step;
// one numbered after it finds the move on record, and a return not yet handed over is aborted.
describe('no child moves past a claim committed before the move: 100 races per moving step (INV-01, GD-08)', () => {
  let platform: RunningPlatform;
  let journey: ReturnJourney;
  let legalDb: Client;

  beforeAll(async () => {
    platform = await startPlatform('races', ['intake', 'family-contact', 'legal-status', 'repatriation']);
    const officer = await platform.token(['officer'], ['CHP']);
    const supervisor = await platform.token(['supervisor'], ['CHP'], 'supervisor-1');
    journey = new ReturnJourney(platform, officer, supervisor);
    legalDb = new Client({ connectionString: platform.databases.get('legal-status')?.url });
    await legalDb.connect();
  }, 120_000);

  afterAll(async () => {
    await legalDb?.end();
    await platform?.stop();
  });

  async function verdict(caseId: string, step: Step): Promise<Verdict> {
    const { rows: clearances } = await legalDb.query<{ cleared: boolean; version: string }>(
      `SELECT cleared, case_version AS version FROM move_clearance WHERE case_id = $1 AND step = $2 ORDER BY case_version`,
      [caseId, step],
    );
    const { rows: claims } = await legalDb.query<{ version: string }>(
      `SELECT min(case_version) AS version FROM outbox WHERE case_id = $1 AND event_type = $2 AND payload->'data'->>'status' = 'CLAIM_PENDING'`,
      [caseId, eventType(protectionChangedV1.name)],
    );
    if (claims[0]?.version == null) throw new Error(`no claim of case ${caseId} in legal-status's outbox`);
    const first = clearances[0];
    return { clearance: first ? { cleared: first.cleared, version: Number(first.version) } : null, claimVersion: Number(claims[0].version) };
  }

  /**
   * `claimDelayMs` spreads the claim over the step's own latency before it asks legal-status, so
   * that both orders happen: a claim first, and a clearance first.
   */
  async function race(
    step: Step,
    prepare: () => Promise<{ caseId: string; move: () => Promise<{ response: Response }>; settled: () => Promise<unknown> }>,
    claimDelayMs = 12,
  ) {
    const prepared = await inBatches(Array.from({ length: RACES_PER_STEP }), CONCURRENCY, () => prepare());
    const races: Race[] = await inBatches(prepared, CONCURRENCY, async ({ caseId, move }) => {
      const [stepReply, claimReply] = await Promise.all([
        (async () => (await jitter(12), move()))(),
        (async () => (await jitter(claimDelayMs), journey.fileClaim(caseId)))(),
      ]);
      return { caseId, stepStatus: stepReply.response.status, claimStatus: claimReply.response.status };
    });
    let claimFirst = 0;
    let moveFirst = 0;
    const violations: string[] = [];
    for (const [index, outcome] of races.entries()) {
      expect(outcome.claimStatus).toBe(200);
      const { clearance, claimVersion } = await verdict(outcome.caseId, step);
      const moved = outcome.stepStatus >= 200 && outcome.stepStatus < 300;
      if (clearance === null || claimVersion < clearance.version) {
        claimFirst += 1;
        if (moved) violations.push(`${outcome.caseId}: ${step} answered ${outcome.stepStatus} though the claim (v${claimVersion}) came first`);
        if (clearance?.cleared) violations.push(`${outcome.caseId}: cleared after the claim`);
      } else {
        moveFirst += 1;
        if (!clearance.cleared) violations.push(`${outcome.caseId}: refused with no claim before it`);
        if (moved) await prepared[index].settled();
      }
    }
    expect(violations).toEqual([]);
    // Both orders happened, so each branch above was checked.
    expect(claimFirst).toBeGreaterThan(0);
    expect(moveFirst).toBeGreaterThan(0);
    return { claimFirst, moveFirst };
  }

  const planStatus = async (caseId: string, planId: string) => (await bodyOf('the plan', journey.plan(caseId, planId), 200)).status as string;
  const abortedByTheLock = (caseId: string, planId: string) => async () =>
    waitFor(`plan ${planId} aborted by the claim after its clearance`, async () => (await planStatus(caseId, planId)) === 'ABORTED', { timeoutMs: 30_000 });

  it('reunification with a relative abroad', async () => {
    const { claimFirst, moveFirst } = await race('REUNIFICATION_ABROAD', async () => {
      // Her mother lives in the United States: the PAM resolved to reunite them there (DOMAIN.md 4.4 a).
      const caseId = await journey.registered();
      const reference = `PPNNA/CHP/PR/2026/R${caseId.slice(-6)}`;
      await journey.bestInterestsPlan(caseId, 'REUNIFICATION_THIRD_COUNTRY', reference);
      await journey.procedureResolved(caseId, 'REUNIFICATION_THIRD_COUNTRY');
      const contactId = await journey.verifiedMember(caseId, 'US');
      return {
        caseId,
        move: () =>
          journey.client('family-contact').POST('/v1/cases/{caseId}/reunification', {
            params: { path: { caseId } },
            body: {
              contactId,
              handedOverAt: new Date().toISOString(),
              place: { kind: 'BORDER_POINT', country: 'US', description: 'San Ysidro' },
              receiverIdentityDocument: 'DPI 2456 78901 0101',
              handoverRecordNumber: `ACTA-${caseId.slice(-8)}`,
              bestInterestsReference: reference,
              signedByReceiver: true,
            },
          }),
        // The child was handed over before the claim: nothing to abort, the record shows when.
        settled: async () => undefined,
      };
      // Family-contact first asks legal-status which determinations the case has (RLM-01).
    }, 80);
    expect(claimFirst + moveFirst).toBe(RACES_PER_STEP);
  }, 600_000);

  const returnSteps: Array<[Step, (caseId: string, planId: string) => Promise<unknown>, 'approval' | 'schedule' | 'departure' | 'handover']> = [
    ['RETURN_APPROVAL', async () => undefined, 'approval'],
    ['RETURN_SCHEDULING', async (caseId, planId) => expect((await journey.step(caseId, planId, 'approval')).response.status).toBe(200), 'schedule'],
    [
      'RETURN_DEPARTURE',
      async (caseId, planId) => {
        expect((await journey.step(caseId, planId, 'approval')).response.status).toBe(200);
        expect((await journey.step(caseId, planId, 'schedule', journey.scheduleBody())).response.status).toBe(200);
      },
      'departure',
    ],
    [
      'RETURN_HANDOVER',
      async (caseId, planId) => {
        expect((await journey.step(caseId, planId, 'approval')).response.status).toBe(200);
        expect((await journey.step(caseId, planId, 'schedule', journey.scheduleBody())).response.status).toBe(200);
        expect((await journey.step(caseId, planId, 'departure')).response.status).toBe(200);
      },
      'handover',
    ],
  ];

  for (const [step, before, action] of returnSteps) {
    it(`return: ${action}`, async () => {
      const { claimFirst, moveFirst } = await race(step, async () => {
        const { caseId, planId } = await journey.readyForApproval();
        await before(caseId, planId);
        const [schedule, handover] = [journey.scheduleBody(), journey.handoverBody()];
        return {
          caseId,
          move: () =>
            action === 'schedule'
              ? journey.step(caseId, planId, 'schedule', schedule)
              : action === 'handover'
                ? journey.step(caseId, planId, 'handover', handover)
                : journey.step(caseId, planId, action),
          // Handed over before the claim: the child has left; every earlier step is undone by the lock.
          settled: action === 'handover' ? async () => expect(await planStatus(caseId, planId)).toBe('HANDED_OVER') : abortedByTheLock(caseId, planId),
        };
      });
      expect(claimFirst + moveFirst).toBe(RACES_PER_STEP);
    }, 900_000);
  }
});
