import { bornYearsAgo, IntakeHarness, registration, startIntake } from './intake-harness';

/**
 * Issue 21's national view: the same child registered in another office is shown as office, case
 * number, score and age band, never a name or an id; the officer asks that office for the details,
 * which sees who asked and why, and shares or not. Audited on both cases.
 */
describe('possible duplicates across offices, and inquiries about them', () => {
  let intake: IntakeHarness;

  beforeAll(async () => {
    intake = await startIntake('duplicate-inquiries');
  });

  afterAll(async () => {
    await intake?.close();
  });

  const child = { givenNames: 'Yeimy Roxana', familyNames: 'Ajanel Coc', dateOfBirth: bornYearsAgo(14), age: { years: 14, status: 'DOCUMENTED' } };

  it('shows another office’s record minimally, lets its office share the identity on request, and audits every step on both cases', async () => {
    const chiapas = await intake.token(['officer'], ['CHP'], 'opi-chp-0101');
    const tabasco = await intake.token(['officer'], ['TAB'], 'opi-tab-0202');
    const first = await intake.request('POST', '/v1/cases', { token: chiapas, body: registration({ child }) });
    expect(first.status).toBe(201);
    const unrelated = await intake.request('POST', '/v1/cases', { token: chiapas, body: registration({ child: { givenNames: 'Pedro', familyNames: 'Xol Tiul' } }) });

    const again = await intake.request('POST', '/v1/cases', { token: tabasco, body: registration({ child, encounter: { officeCode: 'TAB' } }) });
    expect(again.status).toBe(201);
    expect(again.body.possibleDuplicates).toEqual([
      { visibility: 'OTHER_OFFICE', officeCode: 'CHP', caseNumber: first.body.caseNumber, score: expect.any(Number), ageBand: '12-17' },
    ]);
    const shown = JSON.stringify(again.body.possibleDuplicates);
    for (const secret of [first.body.caseId, first.body.personId, 'Yeimy', 'Ajanel']) expect(shown).not.toContain(secret);

    // Only what was shown to this case can be asked about: another number answers like an unknown one.
    const ask = (candidateCaseNumber: string) =>
      intake.request('POST', '/v1/duplicate-inquiries', {
        token: tabasco,
        body: { caseId: again.body.caseId, candidateCaseNumber, reason: 'Same names and date of birth, met at El Ceibo two weeks later' },
      });
    const undisclosed = await ask(unrelated.body.caseNumber as string);
    const unknown = await ask('CHP-2026-999999');
    expect([undisclosed.status, unknown.status]).toEqual([404, 404]);
    expect(undisclosed.body.code).toBe(unknown.body.code);

    const asked = await ask(first.body.caseNumber as string);
    expect(asked.status).toBe(201);
    const inquiryId = asked.body.inquiryId as string;
    expect(asked.headers.get('location')).toBe(`/v1/duplicate-inquiries/${inquiryId}`);
    expect(asked.body).toMatchObject({ status: 'OPEN', askingOffice: 'TAB', askedOffice: 'CHP', candidate: null });

    // Chiapas sees who asked and why.
    const received = await intake.request('GET', '/v1/duplicate-inquiries?direction=received', { token: chiapas });
    expect(received.body.items).toEqual([
      expect.objectContaining({ inquiryId, askedBy: 'opi-tab-0202', askingCaseNumber: again.body.caseNumber, reason: expect.stringContaining('El Ceibo') }),
    ]);
    expect((await intake.request('GET', '/v1/duplicate-inquiries?direction=sent', { token: chiapas })).body.items).toEqual([]);

    // Only the office asked answers, once.
    const selfAnswer = await intake.request('POST', `/v1/duplicate-inquiries/${inquiryId}/answer`, { token: tabasco, body: { share: true } });
    expect(selfAnswer.status).toBe(403);
    const answered = await intake.request('POST', `/v1/duplicate-inquiries/${inquiryId}/answer`, {
      token: chiapas,
      body: { share: true, note: 'Registered here on the 2nd; channelled to DIF Tapachula' },
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'SHARED', answeredBy: 'opi-chp-0101', candidate: null });
    const twice = await intake.request('POST', `/v1/duplicate-inquiries/${inquiryId}/answer`, { token: chiapas, body: { share: false } });
    expect(twice.status).toBe(409);

    // Tabasco now reads the identity; an office outside the inquiry does not see it at all.
    const details = await intake.request('GET', `/v1/duplicate-inquiries/${inquiryId}`, { token: tabasco });
    expect(details.body.candidate).toMatchObject({ caseId: first.body.caseId, givenNames: 'Yeimy Roxana', familyNames: 'Ajanel Coc', dateOfBirth: child.dateOfBirth });
    const sonora = await intake.request('GET', `/v1/duplicate-inquiries/${inquiryId}`, { token: await intake.token(['officer'], ['SON']) });
    expect(sonora.status).toBe(404);

    const audit: Array<{ action: string; case_id: string; office_code: string; actor_subject: string }> = await intake.dataSource.query(
      `SELECT action, case_id, office_code, actor_subject FROM audit_log WHERE action LIKE 'duplicate-inquiry.%' AND outcome = 'allowed' ORDER BY occurred_at, office_code`,
    );
    const sides = (action: string) => audit.filter((entry) => entry.action === action).map((entry) => [entry.office_code, entry.case_id, entry.actor_subject]);
    expect(sides('duplicate-inquiry.ask')).toEqual([
      ['CHP', first.body.caseId, 'opi-tab-0202'],
      ['TAB', again.body.caseId, 'opi-tab-0202'],
    ]);
    expect(sides('duplicate-inquiry.answer')).toEqual([
      ['CHP', first.body.caseId, 'opi-chp-0101'],
      ['TAB', again.body.caseId, 'opi-chp-0101'],
    ]);
    expect(sides('duplicate-inquiry.read')).toEqual([
      ['CHP', first.body.caseId, 'opi-tab-0202'],
      ['TAB', again.body.caseId, 'opi-tab-0202'],
    ]);
  });
});
