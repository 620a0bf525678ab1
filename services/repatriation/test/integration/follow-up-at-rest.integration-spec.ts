import 'reflect-metadata';

import { FieldCipher, FieldDecryptionError } from '@opis/platform';

import { RepatriationSealFollowUpNote1766700000001, sealPlanText } from '../../src/migrations/1766700000001-repatriation-seal-follow-up-note';
import { PlanTextCipher } from '../../src/plans/plan-text.cipher';
import { PlanDriver, planDriver, RepatriationTestBed, startRepatriation } from './repatriation-harness';

const SEALED = /^k1:[A-Za-z0-9_-]+$/;

/** Issue 19: what a closed return's follow-up says about the child is unreadable in repatriation's database. */
describe('repatriation: the follow-up note at rest', () => {
  let bed: RepatriationTestBed;
  let plans: PlanDriver;

  beforeAll(async () => {
    bed = await startRepatriation('follow-up-at-rest');
    plans = planDriver(bed, await bed.service.token(['officer'], ['CHP'], 'opi-chp-0042'), await bed.service.token(['supervisor'], ['CHP'], 'sup-chp-0001'));
  });

  afterAll(async () => {
    await bed?.close();
  });

  const note = 'Reintegrada con su madre en Huehuetenango; refiere que el padrastro la golpeaba, la SBS la visita a los 30 días.';

  /** A return taken to its hand-over and closed with `followUpNote`. */
  async function closedPlan(followUpNote: string): Promise<{ caseId: string; planId: string }> {
    const { caseId, planId } = await plans.readyPlan();
    for (const step of [() => plans.approve(caseId, planId), () => plans.schedule(caseId, planId), () => plans.depart(caseId, planId), () => plans.handOver(caseId, planId)]) {
      const response = await step();
      if (response.status !== 200) throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
    }
    const closed = await plans.post(plans.path(caseId, planId, 'closure'), { followUpNote });
    expect(closed.status).toBe(200);
    expect(closed.body.followUpNote).toBe(followUpNote);
    return { caseId, planId };
  }

  const stored = async (planId: string): Promise<string | null> =>
    (await bed.service.dataSource.query(`SELECT follow_up_note AS note FROM return_plan WHERE id = $1`, [planId]))[0].note;

  it('stores the note sealed to its plan, answers it opened, and writes it nowhere else', async () => {
    const { caseId, planId } = await closedPlan(note);
    const value = await stored(planId);
    expect(value).toMatch(SEALED);
    expect(value).not.toContain('padrastro');
    const elsewhere: Array<{ dump: string | null }> = await bed.service.dataSource.query(
      `SELECT string_agg(t::text, ' ') AS dump FROM (SELECT * FROM outbox WHERE case_id = $1) t
       UNION ALL SELECT string_agg(t::text, ' ') FROM (SELECT * FROM audit_log WHERE case_id = $1) t`,
      [caseId],
    );
    expect(elsewhere.map((row) => row.dump ?? '').join(' ')).not.toContain('padrastro');

    expect((await plans.get(caseId, planId)).body.followUpNote).toBe(note);
    const list = await bed.service.request('GET', plans.path(caseId), { token: await bed.service.token(['auditor'], ['CHP']) });
    expect(list.body.items).toEqual([expect.objectContaining({ planId, followUpNote: note })]);

    // Bound to its column and plan: copied to another plan's row, it opens nowhere.
    const other = await closedPlan('Sin novedad en la visita de seguimiento.');
    const text = bed.service.app.get(PlanTextCipher);
    expect(text.open('return_plan.follow_up_note', planId, value as string)).toBe(note);
    expect(() => text.open('return_plan.follow_up_note', other.planId, value as string)).toThrow(FieldDecryptionError);
    await bed.service.dataSource.query(`UPDATE return_plan SET follow_up_note = $2 WHERE id = $1`, [other.planId, value]);
    const read = await plans.get(other.caseId, other.planId);
    expect(read.status).not.toBe(200);
    expect(JSON.stringify(read.body)).not.toContain('padrastro');
  });

  it('seals the notes stored in clear before, once, leaving those already sealed as they are', async () => {
    const sealedBefore = await closedPlan('Entregado a su abuela; la escuela lo reinscribió.');
    const untouched = await stored(sealedBefore.planId);
    const written = await closedPlan(note);
    // As repatriation stored it before the note was sealed.
    await bed.service.dataSource.query(`UPDATE return_plan SET follow_up_note = $2 WHERE id = $1`, [written.planId, note]);

    const cipher = bed.service.app.get(FieldCipher);
    const runner = bed.service.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await new RepatriationSealFollowUpNote1766700000001(() => cipher).up(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }

    expect(await stored(written.planId)).toMatch(SEALED);
    expect(await stored(sealedBefore.planId)).toBe(untouched);
    expect(await sealPlanText((sql, parameters) => bed.service.dataSource.query(sql, parameters), cipher)).toBe(0);
    const [comment] = await bed.service.dataSource.query(
      `SELECT col_description('return_plan'::regclass, attnum) AS text FROM pg_attribute WHERE attrelid = 'return_plan'::regclass AND attname = 'follow_up_note'`,
    );
    expect(comment.text).toBe('sealed: FieldCipher, context return_plan.follow_up_note:<id>');
    expect((await plans.get(written.caseId, written.planId)).body.followUpNote).toBe(note);
  });
});
