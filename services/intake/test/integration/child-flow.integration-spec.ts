import { EventEnvelope, validateEvent } from '@opis/contracts-envelope';
import { caseExitedAdultFlowV1, caseIdentifiedV1, caseScreenedV1 } from '@opis/contracts-intake';

import { DeadlineScanner } from '../../src/deadlines/deadline-scanner.service';
import { ifMatchOf, IntakeHarness, registration, startIntake } from './intake-harness';

const HOUR = 3_600_000;

/** DOMAIN.md 4.1: IDENTIFYING, SCREENING, and EXIT_ADULT_FLOW only on a competent age determination (GD-12). */
describe('intake: the child flow of DOMAIN.md 4.1', () => {
  let intake: IntakeHarness;
  let officer: string;

  beforeAll(async () => {
    intake = await startIntake('child-flow', { DEADLINE_SCAN_INTERVAL_MS: '3600000' });
    officer = await intake.token(['officer'], ['CHP'], 'opi-chp-0021');
  });

  afterAll(async () => {
    await intake?.close();
  });

  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  // A correction names the version it corrects (If-Match), as a client that read the case would.
  const call = async (method: string, path: string, body?: unknown) =>
    intake.request(method, path, { token: officer, body, headers: method === 'PATCH' ? await ifMatchOf(intake, path.split('/')[3] as string) : {} });
  const registerCase = async (overrides: Parameters<typeof registration>[0] = {}) => {
    const response = await call('POST', '/v1/cases', registration(overrides));
    expect(response.status).toBe(201);
    return response.body.caseId as string;
  };
  // The events of the current contracts: v1 of the registration follows v2 for subscribers not yet moved (events-and-identity checks both).
  const eventsOf = async (caseId: string) =>
    ((await intake.dataSource.query(`SELECT payload FROM outbox WHERE case_id = $1 AND subject NOT LIKE '%.registered.v1.%' ORDER BY position`, [caseId])) as Array<{ payload: EventEnvelope }>).map(
      (row) => row.payload,
    );
  const refusals = (caseId: string) =>
    intake.dataSource.query(`SELECT action, reason FROM audit_log WHERE case_id = $1 AND outcome = 'refused' ORDER BY occurred_at, id`, [caseId]);

  describe('issue 18 item 11: IDENTIFYING and SCREENING', () => {
    it('walks the stages while status keeps its values, and publishes each step with categories only', async () => {
      const caseId = await registerCase({ encounter: { detectedAt: ago(90) } });
      const registered = await call('GET', `/v1/cases/${caseId}`);
      expect(registered.body).toMatchObject({ status: 'OPEN', stage: 'IDENTIFYING', identification: null, screeningInterview: null });

      const early = await call('PUT', `/v1/cases/${caseId}/screening`, { screenedAt: ago(60), interpreter: { name: 'Ixchel Tum', language: 'quc' } });
      expect(early.status).toBe(422);
      expect(early.body).toMatchObject({ code: 'IDENTIFICATION_PENDING', errors: [expect.objectContaining({ field: 'identification' })] });

      const identifiedAt = ago(80);
      const identified = await call('PUT', `/v1/cases/${caseId}/identification`, { identifiedAt });
      expect(identified.status).toBe(200);
      expect(identified.body).toMatchObject({ status: 'OPEN', stage: 'SCREENING', identification: { identifiedAt, recordedBy: 'opi-chp-0021' } });

      // LM-18: the child speaks Spanish only partly; no interpreter, no valid interview.
      const alone = await call('PUT', `/v1/cases/${caseId}/screening`, { screenedAt: ago(60) });
      expect(alone.status).toBe(422);
      expect(alone.headers.get('content-type')).toContain('application/problem+json');
      expect(alone.body).toMatchObject({ code: 'INTERPRETER_REQUIRED', rule: 'LM-18', errors: [expect.objectContaining({ field: 'interpreter' })] });
      const badLanguage = await call('PUT', `/v1/cases/${caseId}/screening`, { screenedAt: ago(60), interpreter: { name: 'Ixchel Tum', language: "K'iche'" } });
      expect(badLanguage.status).toBe(400);
      expect(badLanguage.body.errors.map((error: { field: string }) => error.field)).toEqual(['interpreter.language']);
      expect(await intake.dataSource.query(`SELECT 1 FROM case_screening WHERE case_id = $1`, [caseId])).toEqual([]);

      const screenedAt = ago(60);
      const screened = await call('PUT', `/v1/cases/${caseId}/screening`, { screenedAt, interpreter: { name: 'Ixchel Tum', language: 'quc' } });
      expect(screened.status).toBe(200);
      expect(screened.body).toMatchObject({
        status: 'OPEN',
        stage: 'NOTIFYING_PROCURADURIA',
        screeningInterview: { screenedAt, interpreterName: 'Ixchel Tum', interpreterLanguage: 'quc' },
      });
      expect((await call('PUT', `/v1/cases/${caseId}/identification`, { identifiedAt: ago(50) })).status).toBe(409);

      const notified = await call('PUT', `/v1/cases/${caseId}/procuraduria-notification`, {
        notifiedAt: ago(40),
        procuraduria: 'PPNNA Chiapas',
        officialName: 'Lic. Ana Ruiz',
        means: 'EMAIL',
      });
      expect(notified.body).toMatchObject({ status: 'OPEN', stage: 'CHANNELLING_TO_DIF' });
      const channelled = await call('PUT', `/v1/cases/${caseId}/dif-channelling`, {
        channelledAt: ago(20),
        facilityType: 'DIF_SHELTER',
        facilityName: 'Albergue temporal DIF Tapachula',
        receivedBy: 'Lic. Rosa Méndez',
        receiptNumber: 'REC-1',
        actaNumber: 'ACTA-1',
      });
      expect(channelled.body).toMatchObject({ status: 'HANDED_OVER', stage: 'HANDED_OVER' });
      expect((await call('POST', `/v1/cases/${caseId}/close`)).body).toMatchObject({ status: 'CLOSED', stage: 'CLOSED' });

      const events = await eventsOf(caseId);
      expect(events.map((event) => event.type)).toEqual([
        'intake.case.registered',
        'intake.case.identified',
        'intake.case.screened',
        'intake.case.procuraduria-notified',
        'intake.case.channelled-to-dif',
        'intake.case.closed',
      ]);
      expect(validateEvent(caseIdentifiedV1, events[1])).toMatchObject({ ok: true, value: { data: { ageStatus: 'DOCUMENTED', ageBand: '12-17' } } });
      expect(validateEvent(caseScreenedV1, events[2])).toMatchObject({ ok: true, value: { data: { interpreterPresent: true, screening: { traffickingIndicators: false } } } });
      expect(JSON.stringify(events)).not.toMatch(/Ixchel|Tum/);

      // Existing clients filter by status, as before; the list also shows the stage.
      const listed = await call('GET', '/v1/cases?status=CLOSED');
      expect(listed.body.items.find((item: { caseId: string }) => item.caseId === caseId)).toMatchObject({ status: 'CLOSED', stage: 'CLOSED' });
    });

    it('never holds back the immediate duties: a hand-over recorded before identification makes the case HANDED_OVER (INV-03, GD-14)', async () => {
      const caseId = await registerCase({ child: { speaksSpanish: 'YES' } });
      const channelled = await call('PUT', `/v1/cases/${caseId}/dif-channelling`, {
        channelledAt: ago(5),
        facilityType: 'DIF_SHELTER',
        facilityName: 'Albergue temporal DIF Tapachula',
        receivedBy: 'Lic. Rosa Méndez',
        receiptNumber: 'REC-2',
        actaNumber: 'ACTA-2',
      });
      expect(channelled.status).toBe(200);
      expect(channelled.body).toMatchObject({ status: 'HANDED_OVER', stage: 'HANDED_OVER' });
      // The steps can still be recorded afterwards; a child who speaks Spanish needs no interpreter.
      expect((await call('PUT', `/v1/cases/${caseId}/identification`, { identifiedAt: ago(4) })).status).toBe(200);
      const screened = await call('PUT', `/v1/cases/${caseId}/screening`, { screenedAt: ago(3) });
      expect(screened.body).toMatchObject({ stage: 'HANDED_OVER', screeningInterview: { interpreterName: null } });
    });
  });

  describe('issue 18 item 11: EXIT_ADULT_FLOW (GD-12, INV-10)', () => {
    const determination = (overrides: Record<string, unknown> = {}) => ({
      authority: 'PROCURADURIA',
      authorityOffice: 'Procuraduría de Protección de Chiapas',
      documentReference: 'PPNNA-CHP-EDAD-2026-0913',
      evidence: ['BIRTH_CERTIFICATE', 'CONSULAR_RECORD'],
      determinedAt: ago(30),
      age: { years: 19, status: 'DOCUMENTED' },
      ...overrides,
    });

    it('refuses every determination short of a competent, documented adult age: the person stays in the child flow, and each refusal is audited', async () => {
      const caseId = await registerCase({ child: { age: { years: 17, status: 'DISPUTED', candidates: [17, 19] }, dateOfBirth: undefined } });
      const before = await eventsOf(caseId);
      const tries: Array<[Record<string, unknown>, number, string, string | undefined, string]> = [
        [{ authority: 'INM_OFFICER', authorityOffice: 'OPI Ciudad Hidalgo' }, 422, 'AUTHORITY_NOT_COMPETENT', 'GD-12', 'authority'],
        // Not by default: asking the consulate tells the country of origin about the child (INV-06).
        [{ authority: 'CONSULATE', authorityOffice: 'Consulado General de Guatemala en Tapachula' }, 422, 'AUTHORITY_NOT_COMPETENT', 'GD-12', 'authority'],
        [{ authority: 'PROCURADURIA', age: { years: 19, status: 'DISPUTED', candidates: [19, 20] } }, 422, 'AGE_DISPUTED', 'INV-10', 'age.status'],
        [{ authority: 'PROCURADURIA', evidence: ['MULTIDISCIPLINARY_ASSESSMENT'], age: { years: 19, status: 'ESTIMATED', candidates: [17, 19] } }, 422, 'AGE_DISPUTED', 'INV-10', 'age.candidates'],
        [{ age: { years: 19, status: 'DECLARED' } }, 422, 'AGE_NOT_DETERMINED', 'GD-12', 'age.status'],
        [{ age: { years: 17, status: 'DOCUMENTED' } }, 422, 'NOT_ADULT', 'GD-12', 'age.years'],
        [{ determinedAt: new Date(Date.now() + 2 * HOUR).toISOString() }, 422, 'RECORDED_IN_FUTURE', undefined, 'determinedAt'],
      ];
      for (const [overrides, status, code, rule, field] of tries) {
        const response = await call('POST', `/v1/cases/${caseId}/exit-adult-flow`, determination(overrides));
        expect(response.status).toBe(status);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(response.body).toMatchObject({ code, ...(rule ? { rule } : {}), errors: [expect.objectContaining({ field })] });
      }
      for (const [overrides, field] of [
        [{ documentReference: '' }, 'documentReference'],
        [{ evidence: [] }, 'evidence'],
        [{ evidence: ['X_RAY'] }, 'evidence'],
        [{ authority: undefined }, 'authority'],
      ] as const) {
        const response = await call('POST', `/v1/cases/${caseId}/exit-adult-flow`, determination(overrides));
        expect(response.status).toBe(400);
        expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
      }

      const view = await call('GET', `/v1/cases/${caseId}`);
      expect(view.body).toMatchObject({ status: 'OPEN', stage: 'IDENTIFYING', ageDetermination: null, exitedAdultFlowAt: null, child: { age: { ageForRules: 17 }, ageBand: '12-17' } });
      expect(await eventsOf(caseId)).toEqual(before);
      expect(await intake.dataSource.query(`SELECT 1 FROM age_determination WHERE case_id = $1`, [caseId])).toEqual([]);
      expect(await refusals(caseId)).toEqual([
        { action: 'case.exit-adult-flow', reason: 'AUTHORITY_NOT_COMPETENT GD-12' },
        { action: 'case.exit-adult-flow', reason: 'AUTHORITY_NOT_COMPETENT GD-12' },
        { action: 'case.exit-adult-flow', reason: 'AGE_DISPUTED INV-10' },
        { action: 'case.exit-adult-flow', reason: 'AGE_DISPUTED INV-10' },
        { action: 'case.exit-adult-flow', reason: 'AGE_NOT_DETERMINED GD-12' },
        { action: 'case.exit-adult-flow', reason: 'NOT_ADULT GD-12' },
        { action: 'case.exit-adult-flow', reason: 'RECORDED_IN_FUTURE' },
      ]);
    });

    it('takes the person out on a competent determination: stored with its evidence, audited, published as categories, and the child clocks stop', async () => {
      const exited = await registerCase({ encounter: { detectedAt: ago(120) } });
      const stillAChild = await registerCase({ encounter: { detectedAt: ago(120) } });
      const determinedAt = ago(30);
      const response = await call('POST', `/v1/cases/${exited}/exit-adult-flow`, determination({ determinedAt }));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        status: 'EXIT_ADULT_FLOW',
        stage: 'EXIT_ADULT_FLOW',
        exitedAdultFlowAt: expect.any(String),
        ageDetermination: {
          authority: 'PROCURADURIA',
          authorityOffice: 'Procuraduría de Protección de Chiapas',
          documentReference: 'PPNNA-CHP-EDAD-2026-0913',
          evidence: ['BIRTH_CERTIFICATE', 'CONSULAR_RECORD'],
          determinedAt,
          ageYears: 19,
          ageStatus: 'DOCUMENTED',
          recordedBy: 'opi-chp-0021',
        },
      });
      const allowed = await intake.dataSource.query(`SELECT actor_subject FROM audit_log WHERE case_id = $1 AND action = 'case.exit-adult-flow' AND outcome = 'allowed'`, [exited]);
      expect(allowed).toEqual([{ actor_subject: 'opi-chp-0021' }]);

      const event = (await eventsOf(exited)).find((e) => e.type === 'intake.case.exited-adult-flow');
      expect(event && validateEvent(caseExitedAdultFlowV1, event)).toMatchObject({ ok: true });
      expect(event?.data).toEqual({
        exitedAt: response.body.exitedAdultFlowAt,
        determinedAt,
        authority: 'PROCURADURIA',
        evidence: ['BIRTH_CERTIFICATE', 'CONSULAR_RECORD'],
        ageStatus: 'DOCUMENTED',
      });
      expect(JSON.stringify(await eventsOf(exited))).not.toMatch(/PPNNA-CHP-EDAD|Procuraduría de Protección/);

      // INV-03 clocks are child clocks: two days on, only the child still in the flow is overdue.
      await intake.app.get(DeadlineScanner).runOnce(new Date(Date.now() + 48 * HOUR));
      const overdue = async (caseId: string) => (await eventsOf(caseId)).filter((e) => e.type === 'intake.case.deadline-overdue').length;
      expect(await overdue(exited)).toBe(0);
      expect(await overdue(stillAChild)).toBe(4);

      // The child case no longer changes, nor exits twice.
      const corrected = await call('PATCH', `/v1/cases/${exited}`, { encounter: { migrationPoint: 'Tapachula' } });
      expect(corrected.status).toBe(409);
      expect(corrected.body).toMatchObject({ code: 'CASE_EXITED_CHILD_FLOW', rule: 'GD-12' });
      expect((await call('POST', `/v1/cases/${exited}/exit-adult-flow`, determination())).status).toBe(409);
      expect((await call('GET', '/v1/cases?status=EXIT_ADULT_FLOW')).body.items.map((item: { caseId: string }) => item.caseId)).toEqual([exited]);
    });
  });

  describe('issue 18 item 10: a child turning 18 during the case (DOMAIN.md 3.4)', () => {
    /** YYYY-MM-DD of the day `days` ago, `years` earlier. */
    const dayAgo = (years: number, days: number) => {
      const date = new Date(Date.now() - days * 24 * HOUR);
      date.setUTCFullYear(date.getUTCFullYear() - years);
      return date.toISOString().slice(0, 10);
    };

    it('flags the case for review from the date of birth, and keeps the child flow and its protections', async () => {
      // Detected 30 days ago at 17; the 18th birthday was 10 days ago.
      const dateOfBirth = dayAgo(18, 10);
      const caseId = await registerCase({
        child: { dateOfBirth, age: { years: 17, status: 'DOCUMENTED' } },
        encounter: { detectedAt: new Date(Date.now() - 30 * 24 * HOUR).toISOString() },
        screening: { protectionNeedIndicated: true },
      });
      const view = (await call('GET', `/v1/cases/${caseId}`)).body;
      expect(view.ageOut).toEqual({ eighteenthBirthday: dayAgo(0, 10), agedOutDuringCase: true, reviewRequired: true });
      // Protections stay: still a child case, in the child band, its clocks running and its screening flags kept.
      expect(view).toMatchObject({ status: 'OPEN', stage: 'IDENTIFYING', child: { age: { ageForRules: 17 }, ageBand: '12-17' }, screening: { protectionNeedIndicated: true } });
      expect(view.deadlines.map((deadline: { state: string }) => deadline.state)).toEqual(['BREACHED', 'BREACHED']);
      const listed = (await call('GET', '/v1/cases?limit=100')).body.items.find((item: { caseId: string }) => item.caseId === caseId);
      expect(listed).toMatchObject({ ageOutReview: true, status: 'OPEN' });

      // Turning 18 is not a determination: an officer cannot make the person an adult by correcting the age (GD-12).
      const corrected = await call('PATCH', `/v1/cases/${caseId}`, { child: { age: { years: 18, status: 'DOCUMENTED' } } });
      expect(corrected.status).toBe(422);
      expect(corrected.body.rule).toBe('GD-12');
      expect((await eventsOf(caseId)).map((event) => event.type)).toEqual(['intake.case.registered']);
    });

    it('raises no flag for a child still under 18, or where the date of birth is not known', async () => {
      const birthdayAhead = dayAgo(18, -10);
      const young = await registerCase({ child: { dateOfBirth: birthdayAhead, age: { years: 17, status: 'DOCUMENTED' } } });
      expect((await call('GET', `/v1/cases/${young}`)).body.ageOut).toEqual({ eighteenthBirthday: dayAgo(0, -10), agedOutDuringCase: false, reviewRequired: false });
      const unknown = await registerCase({ child: { dateOfBirth: undefined, age: { years: 17, status: 'DECLARED' } } });
      expect((await call('GET', `/v1/cases/${unknown}`)).body.ageOut).toEqual({ eighteenthBirthday: null, agedOutDuringCase: false, reviewRequired: false });
    });
  });
});
