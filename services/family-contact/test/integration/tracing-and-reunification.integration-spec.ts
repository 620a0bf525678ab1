import 'reflect-metadata';

import { auditTrail, contactBody, determination, FamilyTestBed, outboxEvents, startFamilyContact } from './family-harness';

const consularLog = { purpose: 'FAMILY_TRACING', means: 'OFFICIAL_LETTER', legalBasis: 'RLM art. 170 fr. III' };

describe('family-contact: tracing, the consulate as contact with the country of origin, and reunification as DOMAIN.md 4.3 says (issue 18, item 9)', () => {
  let bed: FamilyTestBed;
  let officer: string;

  beforeAll(async () => {
    bed = await startFamilyContact('tracing');
    officer = await bed.service.token(['officer'], ['CHP']);
  });

  afterAll(async () => {
    await bed?.close();
  });

  afterEach(() => {
    bed.legalStatus.mode = 'silent';
  });

  const post = (path: string, body: unknown) => bed.service.request('POST', path, { token: officer, body });
  const get = (caseId: string) => bed.service.request('GET', `/v1/cases/${caseId}/family`, { token: officer });
  const written = async () => Promise.all(['tracing_attempt', 'consular_notification', 'family_call', 'reunification', 'outbox'].map((table) => bed.service.count(table)));
  const status = async (caseId: string) =>
    (await bed.service.dataSource.query(`SELECT status FROM family_record WHERE case_id = $1`, [caseId]))[0].status as string;

  /** A case with a mother named, located and verified (GD-05). */
  /** A verified mother; where she lives decides whether a hand-over to her is abroad (INV-01). */
  async function verifiedMother(livesIn = 'GT'): Promise<{ caseId: string; contactId: string; phoneId: string }> {
    const caseId = await bed.register();
    const abroadIn: Record<string, Record<string, unknown>> = {
      MX: { country: 'MX', place: 'Tapachula', phoneNumbers: ['+52 962 555 1234'] },
      US: { country: 'US', place: 'Los Angeles', phoneNumbers: ['+1 213 555 0101'] },
    };
    const mother = (await post(`/v1/cases/${caseId}/contacts`, contactBody(abroadIn[livesIn] ?? {}))).body;
    expect((await post(`/v1/cases/${caseId}/contacts/${mother.contactId}/location`, { via: 'CALL', locatedAt: new Date().toISOString() })).status).toBe(200);
    const verified = await post(`/v1/cases/${caseId}/contacts/${mother.contactId}/verification`, {
      evidence: ['BIRTH_CERTIFICATE'],
      childWish: 'WANTS_REUNIFICATION',
      riskIndicators: [],
      procuraduriaVettingReference: 'PPNNA-CHP-2026-0200',
    });
    expect(verified.body.status).toBe('VERIFIED');
    return { caseId, contactId: mother.contactId, phoneId: mother.phoneNumbers[0].phoneId };
  }

  const handover = (contactId: string, bestInterestsReference: string, country = 'MX') => ({
    contactId,
    handedOverAt: new Date().toISOString(),
    place: { kind: country === 'MX' ? 'DIF_FACILITY' : 'BORDER_POINT', country, description: 'CAS DIF Tapachula' },
    receiverIdentityDocument: 'DPI 2456 78901 0101',
    handoverRecordNumber: `ACTA-CHP-2026-${Math.floor(Math.random() * 1e6)}`,
    bestInterestsReference,
    signedByReceiver: true,
  });

  describe('tracing through the consulate', () => {
    it('needs a purpose, a means and a legal basis, answered 400 naming each field, before legal-status is asked or anything written', async () => {
      const caseId = await bed.register();
      bed.legalStatus.mode = 'clear';
      const before = await written();
      const refused = await post(`/v1/cases/${caseId}/tracing-attempts`, { channel: 'CONSULATE', outcome: 'REQUESTED', attemptedAt: new Date().toISOString() });
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect([...new Set(refused.body.errors.map((error: { field: string }) => error.field))].sort()).toEqual(['legalBasis', 'means', 'purpose']);
      const noBasis = await post(`/v1/cases/${caseId}/tracing-attempts`, {
        channel: 'CONSULATE',
        outcome: 'REQUESTED',
        attemptedAt: new Date().toISOString(),
        ...consularLog,
        legalBasis: '',
      });
      expect(noBasis.status).toBe(400);
      expect(noBasis.body.errors).toEqual([expect.objectContaining({ field: 'legalBasis', rule: 'isLength' })]);
      expect(bed.legalStatus.requests).not.toContain(caseId);
      expect(await written()).toEqual(before);
      expect(await status(caseId)).toBe('NOT_STARTED');
    });

    it('refuses a legal basis given to another channel, where it would be lost', async () => {
      const caseId = await bed.register();
      const refused = await post(`/v1/cases/${caseId}/tracing-attempts`, {
        channel: 'RED_CROSS_FAMILY_LINKS',
        outcome: 'REQUESTED',
        attemptedAt: new Date().toISOString(),
        legalBasis: 'RLM art. 170 fr. III',
      });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'legalBasis', rule: 'onlyForConsulate' })]);
    });

    it('counts as a contact with the country of origin: logged with purpose and legal basis, published, shown', async () => {
      const caseId = await bed.register();
      bed.legalStatus.mode = 'clear';
      const attemptedAt = new Date(Date.now() - 60_000).toISOString();
      const traced = await post(`/v1/cases/${caseId}/tracing-attempts`, { channel: 'CONSULATE', outcome: 'REQUESTED', attemptedAt, ...consularLog });
      expect(traced.status).toBe(200);
      expect(traced.body.status).toBe('TRACING');
      const [attempt] = traced.body.tracingAttempts;
      expect(attempt).toMatchObject({ channel: 'CONSULATE', attemptedAt });
      expect(traced.body.consularNotifications).toEqual([
        expect.objectContaining({ country: 'GT', purpose: 'FAMILY_TRACING', means: 'OFFICIAL_LETTER', notifiedAt: attemptedAt }),
      ]);
      const rows = await bed.service.dataSource.query(
        `SELECT purpose, means, legal_basis, tracing_attempt_id, legal_status_as_of IS NOT NULL AS asked FROM consular_notification WHERE case_id = $1`,
        [caseId],
      );
      expect(rows).toEqual([{ purpose: 'FAMILY_TRACING', means: 'OFFICIAL_LETTER', legal_basis: 'RLM art. 170 fr. III', tracing_attempt_id: attempt.attemptId, asked: true }]);
      const [event] = await outboxEvents(bed.service, 'family.consulate.notified', caseId);
      expect(event.payload.data).toEqual({ country: 'GT', purpose: 'FAMILY_TRACING', means: 'OFFICIAL_LETTER', notifiedAt: attemptedAt });
      // Cleared by legal-status like a move, against this attempt, and the clearance kept with the contact (INV-06).
      const clearance = bed.legalStatus.clearances.find((asked) => asked.caseId === caseId);
      expect(clearance).toMatchObject({ step: 'CONSULAR_CONTACT', moveRef: `tracing-attempt:${attempt.attemptId}`, reply: { cleared: true } });
      expect(bed.legalStatus.statusRequests).not.toContain(caseId);
      expect(
        await bed.service.dataSource.query(`SELECT legal_clearance_id, legal_case_version FROM consular_notification WHERE case_id = $1`, [caseId]),
      ).toEqual([{ legal_clearance_id: clearance?.reply?.clearanceId, legal_case_version: clearance?.reply?.caseVersion }]);
      expect((await auditTrail(bed.service, caseId, 'tracing.record')).map((entry) => entry.outcome)).toEqual(['allowed']);
    });

    it('is refused while legal-status holds the consular lock: neither the attempt nor the contact is written', async () => {
      const caseId = await bed.register();
      bed.legalStatus.mode = 'claimed';
      const before = await written();
      const refused = await post(`/v1/cases/${caseId}/tracing-attempts`, { channel: 'CONSULATE', outcome: 'REQUESTED', attemptedAt: new Date().toISOString(), ...consularLog });
      expect(refused.status).toBe(422);
      expect(refused.body.rule).toBe('INV-06');
      expect(await written()).toEqual(before);
      expect(await status(caseId)).toBe('NOT_STARTED');
    });
  });

  describe('calls', () => {
    it.each([
      ['NO_ANSWER', 'TRACING'],
      ['WRONG_NUMBER', 'TRACING'],
      ['REFUSED_BY_CHILD', 'CALL_OFFERED'],
      ['REACHED', 'IN_CONTACT'],
    ])('a first call %s moves the record to %s', async (outcome, expected) => {
      const caseId = await bed.register();
      const mother = (await post(`/v1/cases/${caseId}/contacts`, contactBody())).body;
      const logged = await post(`/v1/cases/${caseId}/calls`, {
        contactId: mother.contactId,
        phoneId: mother.phoneNumbers[0].phoneId,
        dialledBy: 'OFFICER',
        calledAt: new Date().toISOString(),
        durationSeconds: outcome === 'REACHED' ? 240 : 0,
        outcome,
      });
      expect(logged.status).toBe(200);
      expect(logged.body).toMatchObject({ status: expected, firstCall: { state: 'MET' } });
    });

    it('a call offered with no number to call starts tracing and meets the first-call right', async () => {
      const caseId = await bed.register();
      const logged = await post(`/v1/cases/${caseId}/calls`, { dialledBy: 'CHILD', calledAt: new Date().toISOString(), durationSeconds: 0, outcome: 'NO_NUMBER' });
      expect(logged.status).toBe(200);
      expect(logged.body).toMatchObject({ status: 'TRACING', firstCall: { state: 'MET' }, calls: [{ outcome: 'NO_NUMBER', phoneId: null }] });
      const [event] = await outboxEvents(bed.service, 'family.call.logged', caseId);
      expect(event.payload.data).toMatchObject({ outcome: 'NO_NUMBER', firstCall: true });

      const other = await bed.register();
      const mother = (await post(`/v1/cases/${other}/contacts`, contactBody())).body;
      const contradictory = await post(`/v1/cases/${other}/calls`, {
        contactId: mother.contactId,
        phoneId: mother.phoneNumbers[0].phoneId,
        dialledBy: 'CHILD',
        calledAt: new Date().toISOString(),
        durationSeconds: 0,
        outcome: 'NO_NUMBER',
      });
      expect(contradictory.status).toBe(422);
      expect(contradictory.body).toMatchObject({ code: 'NUMBER_NOT_EXPECTED', errors: [{ field: 'phoneId', rule: 'absent' }] });
      expect(await status(other)).toBe('NOT_STARTED');
    });

    it('one unanswered call does not send a family in contact back to tracing', async () => {
      const caseId = await bed.register();
      const mother = (await post(`/v1/cases/${caseId}/contacts`, contactBody())).body;
      const call = { contactId: mother.contactId, phoneId: mother.phoneNumbers[0].phoneId, dialledBy: 'CHILD', calledAt: new Date().toISOString(), durationSeconds: 60 };
      expect((await post(`/v1/cases/${caseId}/calls`, { ...call, outcome: 'REACHED' })).body.status).toBe('IN_CONTACT');
      expect((await post(`/v1/cases/${caseId}/calls`, { ...call, outcome: 'NO_ANSWER' })).body.status).toBe('IN_CONTACT');
    });
  });

  describe('reunification cites legal-status’s best-interests determination (RLM-01)', () => {
    it('refuses a reference legal-status does not hold for the case, naming the field, and writes nothing', async () => {
      const { caseId, contactId } = await verifiedMother();
      // A determination of another case does not count.
      bed.legalStatus.caseStatus.set(caseId, { bestInterests: [determination({ documentReference: 'PPNNA-CHP-2026-0300' })] });
      const before = await written();
      for (const reference of ['BID-NOWHERE', 'PPNNA-CHP-2026-0301']) {
        const refused = await post(`/v1/cases/${caseId}/reunification`, handover(contactId, reference));
        expect(refused.status).toBe(422);
        expect(refused.body).toMatchObject({ code: 'BEST_INTERESTS_NOT_FOUND', rule: 'RLM-01', errors: [{ field: 'bestInterestsReference', rule: 'bestInterestsOfCase' }] });
      }
      expect(await written()).toEqual(before);
      expect(await status(caseId)).toBe('VERIFIED');
      expect(await auditTrail(bed.service, caseId, 'family.reunify')).toEqual([
        expect.objectContaining({ outcome: 'refused', reason: 'BEST_INTERESTS_NOT_FOUND RLM-01' }),
        expect.objectContaining({ outcome: 'refused', reason: 'BEST_INTERESTS_NOT_FOUND RLM-01' }),
      ]);
    });

    it('refuses when legal-status does not answer (fail safe), and abroad asks no clearance for an uncited hand-over', async () => {
      const { caseId, contactId } = await verifiedMother();
      bed.legalStatus.caseStatus.set(caseId, 'silent');
      bed.legalStatus.mode = 'clear';
      const silent = await post(`/v1/cases/${caseId}/reunification`, handover(contactId, 'PPNNA-CHP-2026-0400'));
      expect(silent.status).toBe(422);
      expect(silent.body).toMatchObject({ code: 'BEST_INTERESTS_UNCONFIRMED', rule: 'RLM-01' });

      bed.legalStatus.caseStatus.set(caseId, { bestInterests: [] });
      const abroad = await post(`/v1/cases/${caseId}/reunification`, handover(contactId, 'BID-NOWHERE', 'GT'));
      expect(abroad.body.code).toBe('BEST_INTERESTS_NOT_FOUND');
      expect(bed.legalStatus.clearanceRequests).not.toContain(caseId);
      expect(await bed.service.count('reunification')).toBe(0);
    });

    it('accepts a determination by id or by its document reference, keeps which one, and closes the record as REUNIFIED', async () => {
      const byDocument = await verifiedMother('MX');
      const plan = determination({ documentReference: 'PPNNA-CHP-2026-0500' });
      bed.legalStatus.caseStatus.set(byDocument.caseId, { bestInterests: [determination({ type: 'BIA' }), plan] });
      const reunified = await post(`/v1/cases/${byDocument.caseId}/reunification`, handover(byDocument.contactId, 'PPNNA-CHP-2026-0500'));
      expect(reunified.status).toBe(200);
      expect(reunified.body.status).toBe('REUNIFIED');
      expect(await bed.service.dataSource.query(`SELECT best_interests_id, best_interests_reference FROM reunification WHERE case_id = $1`, [byDocument.caseId])).toEqual([
        { best_interests_id: plan.id, best_interests_reference: 'PPNNA-CHP-2026-0500' },
      ]);

      const byId = await verifiedMother('US');
      const bid = determination({ type: 'BID', documentReference: undefined, recommendedMeasure: 'REUNIFICATION_THIRD_COUNTRY' });
      bed.legalStatus.caseStatus.set(byId.caseId, { bestInterests: [bid], procedureResolution: 'REUNIFICATION_THIRD_COUNTRY' });
      bed.legalStatus.mode = 'clear';
      const abroad = await post(`/v1/cases/${byId.caseId}/reunification`, handover(byId.contactId, bid.id, 'US'));
      expect(abroad.status).toBe(200);
      expect(abroad.body.status).toBe('REUNIFIED');
      expect(bed.legalStatus.clearanceRequests).toContain(byId.caseId);
    });

    it('asks legal-status to clear a hand-over in Mexico to a relative who lives abroad, and refuses one recorded ahead of time (INV-01)', async () => {
      const { caseId, contactId } = await verifiedMother('US');
      const plan = determination({ recommendedMeasure: 'REUNIFICATION_THIRD_COUNTRY' });
      bed.legalStatus.caseStatus.set(caseId, { bestInterests: [plan], procedureResolution: 'REUNIFICATION_THIRD_COUNTRY' });
      bed.legalStatus.mode = 'claimed';
      try {
        const atHome = await post(`/v1/cases/${caseId}/reunification`, handover(contactId, plan.id, 'MX'));
        expect(atHome.status).toBe(422);
        expect(atHome.body).toMatchObject({ code: 'MOVE_NOT_CLEARED', rule: 'INV-01' });
        expect(bed.legalStatus.clearanceRequests).toContain(caseId);
        bed.legalStatus.mode = 'clear';
        const ahead = await post(`/v1/cases/${caseId}/reunification`, { ...handover(contactId, plan.id, 'MX'), handedOverAt: new Date(Date.now() + 86_400_000).toISOString() });
        expect(ahead.status).toBe(422);
        expect(ahead.body).toMatchObject({ code: 'RECORDED_IN_FUTURE', errors: [{ field: 'handedOverAt', rule: 'notInFuture' }] });
        expect(await bed.service.dataSource.query(`SELECT 1 FROM reunification WHERE case_id = $1`, [caseId])).toEqual([]);
        expect((await post(`/v1/cases/${caseId}/reunification`, handover(contactId, plan.id, 'MX'))).status).toBe(200);
      } finally {
        bed.legalStatus.mode = 'silent';
      }
    });

    it('leaves a hand-over to the country of origin to repatriation, and one to a third country to the PAM resolved for it (DOMAIN.md 4.4 a, RP-01, LM-06, RLM-01)', async () => {
      bed.legalStatus.mode = 'clear';
      try {
        const origin = await verifiedMother('GT');
        const plan = determination({ recommendedMeasure: 'REUNIFICATION_THIRD_COUNTRY' });
        bed.legalStatus.caseStatus.set(origin.caseId, { bestInterests: [plan], procedureResolution: 'REUNIFICATION_THIRD_COUNTRY' });
        const home = await post(`/v1/cases/${origin.caseId}/reunification`, handover(origin.contactId, plan.id, 'GT'));
        expect(home.status).toBe(422);
        expect(home.body).toMatchObject({ code: 'RETURN_IS_REPATRIATION', rule: 'RP-01' });

        const third = await verifiedMother('US');
        const notThird = determination({ recommendedMeasure: 'HUMANITARIAN_REGULARISATION' });
        const thirdPlan = determination({ recommendedMeasure: 'REUNIFICATION_THIRD_COUNTRY' });
        bed.legalStatus.caseStatus.set(third.caseId, { bestInterests: [notThird, thirdPlan], procedureResolution: 'REUNIFICATION_THIRD_COUNTRY' });
        const wrongPlan = await post(`/v1/cases/${third.caseId}/reunification`, handover(third.contactId, notThird.id, 'US'));
        expect(wrongPlan.status).toBe(422);
        expect(wrongPlan.body).toMatchObject({ rule: 'RLM-01', errors: [{ field: 'bestInterestsReference', rule: 'recommendsThirdCountry' }] });
        bed.legalStatus.caseStatus.set(third.caseId, { bestInterests: [notThird, thirdPlan] });
        const noPam = await post(`/v1/cases/${third.caseId}/reunification`, handover(third.contactId, thirdPlan.id, 'US'));
        expect(noPam.status).toBe(422);
        expect(noPam.body).toMatchObject({ code: 'PROCEDURE_NOT_RESOLVED_FOR_REUNIFICATION', rule: 'LM-06' });
        expect(await bed.service.dataSource.query(`SELECT 1 FROM reunification WHERE case_id = ANY($1::uuid[])`, [[origin.caseId, third.caseId]])).toEqual([]);
        bed.legalStatus.caseStatus.set(third.caseId, { bestInterests: [notThird, thirdPlan], procedureResolution: 'REUNIFICATION_THIRD_COUNTRY' });
        expect((await post(`/v1/cases/${third.caseId}/reunification`, handover(third.contactId, thirdPlan.id, 'US'))).status).toBe(200);
      } finally {
        bed.legalStatus.mode = 'silent';
      }
    });

    it('takes no moving step after REUNIFIED; a risk found later is still flagged and published', async () => {
      const { caseId, contactId, phoneId } = await verifiedMother('MX');
      const plan = determination();
      bed.legalStatus.caseStatus.set(caseId, { bestInterests: [plan] });
      expect((await post(`/v1/cases/${caseId}/reunification`, handover(contactId, plan.id))).status).toBe(200);
      const uncle = (await post(`/v1/cases/${caseId}/contacts`, contactBody({ relationship: 'AUNT_OR_UNCLE', phoneNumbers: ['+502 5555 9876'] }))).body;
      const now = new Date().toISOString();
      const steps: Array<[string, unknown]> = [
        [`/v1/cases/${caseId}/calls`, { contactId, phoneId, dialledBy: 'CHILD', calledAt: now, durationSeconds: 60, outcome: 'REACHED' }],
        [`/v1/cases/${caseId}/tracing-attempts`, { channel: 'DIF_NETWORK', outcome: 'REQUESTED', attemptedAt: now }],
        [`/v1/cases/${caseId}/tracing-attempts`, { channel: 'CONSULATE', outcome: 'REQUESTED', attemptedAt: now, ...consularLog }],
        [`/v1/cases/${caseId}/tracing/not-located`, undefined],
        [`/v1/cases/${caseId}/contacts/${uncle.contactId}/location`, { via: 'CALL', locatedAt: now }],
        [`/v1/cases/${caseId}/reunification`, handover(contactId, plan.id)],
      ];
      const asked = bed.legalStatus.requests.length;
      const before = await written();
      for (const [path, body] of steps) {
        const refused = await post(path, body);
        expect({ path, status: refused.status, code: refused.body.code }).toEqual({ path, status: 409, code: 'ALREADY_REUNIFIED' });
      }
      // Refused from family-contact's own record: legal-status was not asked about a closed record.
      expect(bed.legalStatus.requests.length).toBe(asked);
      expect(await written()).toEqual(before);

      const flagged = await post(`/v1/cases/${caseId}/contacts/${contactId}/risk-flag`, { riskIndicators: ['ABUSE_OR_NEGLECT'] });
      expect(flagged.status).toBe(200);
      expect(flagged.body.status).toBe('REUNIFIED');
      expect(await outboxEvents(bed.service, 'family.member.flagged', caseId)).toHaveLength(1);
      expect((await get(caseId)).body.status).toBe('REUNIFIED');
      // The database keeps the record closed even if code tried otherwise.
      await expect(bed.service.dataSource.query(`UPDATE family_record SET status = 'TRACING' WHERE case_id = $1`, [caseId])).rejects.toThrow(/stays reunified/);
    });
  });
});
