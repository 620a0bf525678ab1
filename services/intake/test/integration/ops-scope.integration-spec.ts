import { waitFor } from '@opis/testing';

import { IntakeHarness, registration, startIntake } from './intake-harness';

/** GET /v1/ops/messaging (libs/messaging): figures for operators, case ids only within the caller's offices. */
describe('intake: the messaging operations report names only cases of offices the caller sees', () => {
  let intake: IntakeHarness;

  beforeAll(async () => {
    // No stream: the registration's event cannot be published, as when JetStream keeps refusing it.
    intake = await startIntake('ops-scope');
  });

  afterAll(async () => {
    await intake?.close();
  });

  it('lists a CHP case\'s outbox dead letter to an auditor of CHP and national staff, not to an auditor of TAB', async () => {
    const officer = await intake.token(['officer'], ['CHP']);
    const registered = await intake.request('POST', '/v1/cases', { token: officer, body: registration() });
    expect(registered.status).toBe(201);
    const caseId = registered.body.caseId as string;
    // No stream takes intake's events here: the relay sets the event aside after its attempts.
    await waitFor('the registration set aside as an outbox dead letter', async () => {
      const [row] = (await intake.dataSource.query('SELECT dead_lettered_at FROM outbox WHERE case_id = $1', [caseId])) as Array<{ dead_lettered_at: Date | null }>;
      return row?.dead_lettered_at != null;
    }, { timeoutMs: 60_000 });

    const deadLettersFor = async (roles: Parameters<IntakeHarness['token']>[0], offices: Parameters<IntakeHarness['token']>[1]) => {
      const report = await intake.request('GET', '/v1/ops/messaging', { token: await intake.token(roles, offices) });
      expect(report.status).toBe(200);
      return (report.body.outboxDeadLetters as Array<{ caseId: string }>).map((letter) => letter.caseId);
    };
    expect(await deadLettersFor(['auditor'], ['CHP'])).toContain(caseId);
    expect(await deadLettersFor(['national'], [])).toContain(caseId);
    expect(await deadLettersFor(['auditor'], ['TAB'])).not.toContain(caseId);
    const outsider = await intake.request('GET', '/v1/ops/messaging', { token: await intake.token(['auditor'], ['TAB']) });
    expect(outsider.body.heldCases).toEqual([]);
  });
});
