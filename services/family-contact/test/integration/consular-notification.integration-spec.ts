import 'reflect-metadata';

import { lockChangedV1, recordOpenedV1 as legalRecordOpenedV1 } from '@opis/contracts-legal-status';

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

  it('refuses when legal-status answers that protection is claimed', async () => {
    const caseId = await bed.register();
    bed.legalStatus.mode = 'claimed';
    const refused = await notify(caseId);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'CONSULAR_CONTACT_REFUSED_PROTECTION_CLAIMED', rule: 'INV-06' });
    expect(refused.body.detail).toContain('CLAIM_PENDING');
    expect(await outboxEvents(bed.service, 'family.consulate.notified', caseId)).toEqual([]);
  });

  it('refuses on intake’s screening flag or a legal-status event without needing to ask', async () => {
    bed.legalStatus.mode = 'clear';
    const screened = await bed.register({ screening: { ...registeredSample().screening, protectionNeedIndicated: true } });
    const claimed = await bed.register();
    await bed.protectionChanged(claimed, true, 'CLAIM_PENDING');
    const asked = bed.legalStatus.requests.length;
    for (const caseId of [screened, claimed]) {
      const refused = await notify(caseId);
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('CONSULAR_CONTACT_REFUSED_PROTECTION_FLAGGED');
    }
    expect(bed.legalStatus.requests.length).toBe(asked);
    const record = await bed.service.request('GET', `/v1/cases/${claimed}/family`, { token: officer });
    expect(record.body.protection).toMatchObject({ claimed: true, status: 'CLAIM_PENDING', consularContactLocked: true });
  });

  it('reads legal-status’s whole stream, in order, and acts on its protection changes only', async () => {
    bed.legalStatus.mode = 'clear';
    const caseId = await bed.register();
    // As legal-status publishes a case's events: its record opened, the lock, then the protection change.
    const opened = await bed.publish(legalRecordOpenedV1, caseId, 'CHP', legalRecordOpenedV1.example);
    const lock = await bed.publish(lockChangedV1, caseId, 'CHP', { returnLocked: true, consularContactLocked: true, reasons: ['CLAIM_PENDING'], bestInterestsRecommendsReturn: false });
    await bed.protectionChanged(caseId, true, 'CLAIM_PENDING');
    const taken = await bed.service.dataSource.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])`, [[opened.id, lock.id]]);
    expect(taken).toEqual([{ n: 2 }]);
    const refused = await notify(caseId);
    expect(refused.body.code).toBe('CONSULAR_CONTACT_REFUSED_PROTECTION_FLAGGED');
  });

  it('notifies the consulate once legal-status confirms no protection need or claim', async () => {
    const caseId = await bed.register();
    // A claim withdrawn (with the representative) lifts the lock; legal-status is still asked.
    await bed.protectionChanged(caseId, false, 'WITHDRAWN');
    bed.legalStatus.mode = 'clear';
    const sent = await notify(caseId);
    expect(sent.status).toBe(201);
    expect(sent.body.consularNotifications).toEqual([expect.objectContaining({ country: 'GT', purpose: 'FAMILY_TRACING' })]);
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
});
