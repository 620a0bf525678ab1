import 'reflect-metadata';

import { lockChangedV1, moveDecidedV1, recordOpenedV1 as legalRecordOpenedV1 } from '@opis/contracts-legal-status';

import { auditTrail, FamilyTestBed, outboxEvents, registeredSample, startFamilyContact } from './family-harness';

const notification = { purpose: 'FAMILY_TRACING', means: 'OFFICIAL_LETTER', legalBasis: 'RLM art. 170 fr. III' };

describe('family-contact: consular notification fails safe (RP-05, RLM-05, INV-06)', () => {
  let bed: FamilyTestBed;
  let officer: string;

  beforeAll(async () => {
    bed = await startFamilyContact('consular');
    officer = await bed.service.token(['officer'], ['CHP']);
  });

  afterAll(async () => {
    await bed?.close();
  });

  afterEach(() => {
    bed.legalStatus.mode = 'silent';
  });

  const notify = (caseId: string, body: unknown = notification) =>
    bed.service.request('POST', `/v1/cases/${caseId}/consular-notifications`, { token: officer, body });
  const written = async () => [await bed.service.count('consular_notification'), await bed.service.count('tracing_attempt'), await bed.service.count('outbox')];

  it('refuses when legal-status does not answer in time, explains why, audits it and writes nothing', async () => {
    const caseId = await bed.register();
    bed.legalStatus.mode = 'silent';
    const before = await written();
    const refused = await notify(caseId);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'CONSULAR_CONTACT_REFUSED_LEGAL_STATUS_SILENT', rule: 'INV-06' });
    expect(refused.body.detail).toContain('legal-status did not answer');
    expect(bed.legalStatus.requests).toContain(caseId);
    // The service token travels with the request (legal-status authorises and audits by it).
    expect(bed.legalStatus.tokens.at(-1)).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const tracing = await bed.service.request('POST', `/v1/cases/${caseId}/tracing-attempts`, {
      token: officer,
      body: { channel: 'CONSULATE', outcome: 'REQUESTED', attemptedAt: new Date().toISOString(), ...notification },
    });
    expect(tracing.status).toBe(422);
    expect(await written()).toEqual(before);
    expect(await auditTrail(bed.service, caseId, 'consulate.notify')).toEqual([
      { actor_subject: 'officer-CHP', outcome: 'refused', reason: 'CONSULAR_CONTACT_REFUSED_LEGAL_STATUS_SILENT INV-06' },
    ]);
  });

  it('refuses on legal-status’s lock, coded after it and listing its reasons: a claim, or fear of return without any claim (issue 18, item 12)', async () => {
    const claimed = await bed.register();
    bed.legalStatus.mode = 'claimed';
    const refused = await notify(claimed);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'CONSULAR_CONTACT_REFUSED_LOCKED', rule: 'INV-06' });
    expect(refused.body.detail).toContain('CLAIM_PENDING');
    expect(await outboxEvents(bed.service, 'family.consulate.notified', claimed)).toEqual([]);

    const afraid = await bed.register();
    bed.legalStatus.caseStatus.set(afraid, { consularContactLocked: true, returnLocked: true, reasons: ['FEAR_OF_RETURN'], protectionStatus: 'NOT_ASSESSED' });
    const fear = await notify(afraid);
    expect(fear.status).toBe(422);
    expect(fear.body.code).toBe('CONSULAR_CONTACT_REFUSED_LOCKED');
    expect(fear.body.code).not.toMatch(/PROTECTION_CLAIMED/);
    expect(fear.body.detail).toContain('FEAR_OF_RETURN');
    expect(await auditTrail(bed.service, afraid, 'consulate.notify')).toEqual([
      expect.objectContaining({ outcome: 'refused', reason: 'CONSULAR_CONTACT_REFUSED_LOCKED INV-06' }),
    ]);
  });

  it('counts intake’s screening flag only until legal-status has taken it up; then legal-status’s lock alone decides', async () => {
    const screened = await bed.register({ screening: { ...registeredSample().screening, protectionNeedIndicated: true } });
    // legal-status has not applied the screening yet: it still says NOT_ASSESSED, unlocked.
    bed.legalStatus.caseStatus.set(screened, { protectionStatus: 'NOT_ASSESSED' });
    const lagging = await notify(screened);
    expect(lagging.status).toBe(422);
    expect(lagging.body.code).toBe('CONSULAR_CONTACT_REFUSED_PROTECTION_FLAGGED');

    bed.legalStatus.caseStatus.set(screened, { protectionStatus: 'NEED_IDENTIFIED', consularContactLocked: true, returnLocked: true, reasons: ['NEED_FLAGGED'] });
    const identified = await notify(screened);
    expect(identified.body.code).toBe('CONSULAR_CONTACT_REFUSED_LOCKED');
    expect(identified.body.detail).toContain('NEED_FLAGGED');

    // The claim ended and legal-status lifted the consular lock: intake's old flag does not keep it.
    bed.legalStatus.caseStatus.set(screened, { protectionStatus: 'FINAL_DENIED', consularContactLocked: false, returnLocked: true, reasons: ['AWAITING_FRESH_BEST_INTERESTS'] });
    const lifted = await notify(screened);
    expect(lifted.status).toBe(200);
    expect(lifted.body.protection).toMatchObject({ needIndicated: true, source: 'LEGAL_STATUS', status: 'FINAL_DENIED', consularContactLocked: false });
  });

  it('reads legal-status’s whole stream, in its order: a lock numbered after its clearance refuses the contact at commit, whatever the clocks say', async () => {
    const caseId = await bed.register();
    const openedAt = new Date(Date.now() - 3_600_000);
    const opened = await bed.legalEvent(legalRecordOpenedV1, caseId, legalRecordOpenedV1.example, openedAt);
    // legal-status cleared the contact (its next case version), then committed a claim and published
    // its lock, which reached family-contact before the contact's commit. The clearance's clock reads
    // later than the lock's: only legal-status's numbering tells the order.
    bed.legalStatus.caseStatus.set(caseId, {});
    const decided = await bed.legalEvent(moveDecidedV1, caseId, { step: 'CONSULAR_CONTACT', cleared: true, reasons: [] });
    bed.legalStatus.clearance.set(caseId, { caseVersion: decided.caseVersion, decidedAt: new Date(Date.now() + 60_000).toISOString() });
    const lock = await bed.legalEvent(lockChangedV1, caseId, { returnLocked: true, consularContactLocked: true, reasons: ['CLAIM_PENDING'], bestInterestsRecommendsReturn: false });
    await bed.protectionChanged(caseId, true, 'CLAIM_PENDING');
    const taken = await bed.service.dataSource.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])`, [[opened.id, decided.id, lock.id]]);
    expect(taken).toEqual([{ n: 3 }]);
    expect(await bed.service.dataSource.query(`SELECT consular_contact_locked, reasons FROM legal_lock_copy WHERE case_id = $1`, [caseId])).toEqual([
      { consular_contact_locked: true, reasons: ['CLAIM_PENDING'] },
    ]);
    const before = await written();
    const refused = await notify(caseId);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('CONSULAR_CONTACT_REFUSED_LOCKED');
    expect(refused.body.detail).toMatch(/CLAIM_PENDING.*published after it was asked/);
    expect(await written()).toEqual(before);
    expect(bed.legalStatus.clearances.filter((asked) => asked.caseId === caseId)).toEqual([
      expect.objectContaining({ step: 'CONSULAR_CONTACT', reply: expect.objectContaining({ cleared: true, caseVersion: decided.caseVersion }) }),
    ]);
  });

  it('lets legal-status’s newer answer prevail over an older lock event it has since lifted', async () => {
    const caseId = await bed.register();
    await bed.legalEvent(lockChangedV1, caseId, { returnLocked: true, consularContactLocked: true, reasons: ['NEED_FLAGGED'] , bestInterestsRecommendsReturn: false }, new Date(Date.now() - 60_000));
    bed.legalStatus.mode = 'clear';
    const sent = await notify(caseId);
    expect(sent.status).toBe(200);
    expect(sent.body.protection).toMatchObject({ source: 'LEGAL_STATUS', consularContactLocked: false, reasons: [] });
  });

  it('asks legal-status to clear the contact like a move, never a mere read of its case status, and keeps the clearance with the contact (INV-06)', async () => {
    const caseId = await bed.register();
    bed.legalStatus.mode = 'clear';
    const sent = await notify(caseId);
    expect(sent.status).toBe(200);
    const [contact] = sent.body.consularNotifications;
    const asked = bed.legalStatus.clearances.filter((clearance) => clearance.caseId === caseId);
    expect(asked).toEqual([expect.objectContaining({ step: 'CONSULAR_CONTACT', moveRef: `consular-notification:${contact.notificationId}` })]);
    expect(bed.legalStatus.statusRequests).not.toContain(caseId);
    expect(
      await bed.service.dataSource.query(`SELECT legal_clearance_id, legal_case_version, legal_status_as_of FROM consular_notification WHERE id = $1`, [contact.notificationId]),
    ).toEqual([{ legal_clearance_id: asked[0].reply?.clearanceId, legal_case_version: asked[0].reply?.caseVersion, legal_status_as_of: new Date(asked[0].reply?.decidedAt as string) }]);
    expect(sent.body.protection).toMatchObject({ source: 'LEGAL_STATUS', status: 'NOT_ASSESSED', consularContactLocked: false, returnLocked: false });
  });

  it('notifies the consulate once legal-status confirms no protection need or claim', async () => {
    const caseId = await bed.register();
    // A claim withdrawn (with the representative) lifts the lock; legal-status is still asked.
    await bed.protectionChanged(caseId, false, 'WITHDRAWN');
    bed.legalStatus.mode = 'clear';
    const sent = await notify(caseId);
    expect(sent.status).toBe(200);
    // The notification shows the legal basis it was given (issue 18, item 12).
    expect(sent.body.consularNotifications).toEqual([
      expect.objectContaining({ country: 'GT', purpose: 'FAMILY_TRACING', means: 'OFFICIAL_LETTER', legalBasis: 'RLM art. 170 fr. III', tracingAttemptId: null }),
    ]);
    expect((await bed.service.request('GET', `/v1/cases/${caseId}/family`, { token: officer })).body.consularNotifications[0].legalBasis).toBe('RLM art. 170 fr. III');
    const [event] = await outboxEvents(bed.service, 'family.consulate.notified', caseId);
    expect(event.subject).toBe('opis.family-contact.consulate.notified.v1.CHP');
    expect(event.payload.data).toEqual({
      country: 'GT',
      purpose: 'FAMILY_TRACING',
      means: 'OFFICIAL_LETTER',
      notifiedAt: expect.any(String),
    });
    expect((await auditTrail(bed.service, caseId, 'consulate.notify')).map((entry) => entry.outcome)).toEqual(['allowed']);
    expect((await notify(caseId, { ...notification, legalBasis: '' })).status).toBe(400);
  });

  it('refuses a contact dated before the child was detected, in the future, or on a bare day, before legal-status is asked', async () => {
    const detectedAt = new Date(Date.now() - 2 * 3_600_000);
    const caseId = await bed.register({ detectedAt: detectedAt.toISOString() });
    bed.legalStatus.mode = 'clear';
    const before = await written();
    const early = await notify(caseId, { ...notification, notifiedAt: new Date(detectedAt.getTime() - 60_000).toISOString() });
    expect(early.body).toMatchObject({ status: 400, errors: [{ field: 'notifiedAt', rule: 'notBeforeCase' }] });
    const ahead = await notify(caseId, { ...notification, notifiedAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(ahead.body).toMatchObject({ status: 422, errors: [{ field: 'notifiedAt', rule: 'notInFuture' }] });
    const bareDay = await notify(caseId, { ...notification, notifiedAt: new Date().toISOString().slice(0, 10) });
    expect(bareDay.body).toMatchObject({ status: 400, errors: [{ field: 'notifiedAt', rule: 'isInstant' }] });
    const tracedEarly = await bed.service.request('POST', `/v1/cases/${caseId}/tracing-attempts`, {
      token: officer,
      body: { channel: 'CONSULATE', outcome: 'REQUESTED', attemptedAt: new Date(detectedAt.getTime() - 60_000).toISOString(), ...notification },
    });
    expect(tracedEarly.body).toMatchObject({ status: 400, errors: [{ field: 'attemptedAt', rule: 'notBeforeCase' }] });
    expect(bed.legalStatus.clearances.filter((asked) => asked.caseId === caseId)).toEqual([]);
    expect(await written()).toEqual(before);
    expect((await auditTrail(bed.service, caseId, 'consulate.notify')).map((entry) => entry.outcome)).toEqual(['refused', 'refused']);

    const sent = await notify(caseId, { ...notification, notifiedAt: new Date(detectedAt.getTime() + 60_000).toISOString() });
    expect(sent.status).toBe(200);
    expect(sent.body.consularNotifications).toEqual([expect.objectContaining({ notifiedAt: new Date(detectedAt.getTime() + 60_000).toISOString() })]);
  });
});
