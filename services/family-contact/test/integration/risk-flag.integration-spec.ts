import 'reflect-metadata';

import { validateEvent } from '@opis/contracts-envelope';
import { childConcernStatedV1, memberFlaggedV1 } from '@opis/contracts-family-contact';

import { contactBody, FamilyTestBed, outboxEvents, startFamilyContact } from './family-harness';

describe('family-contact: a risk flag that holds fear of return or a protection need reaches legal-status (issue 18, item 4; INV-01, GD-08)', () => {
  let bed: FamilyTestBed;
  let officer: string;

  beforeAll(async () => {
    bed = await startFamilyContact('risk-flag');
    officer = await bed.service.token(['officer'], ['CHP']);
  });

  afterAll(async () => {
    await bed?.close();
  });

  const post = (path: string, body: unknown) => bed.service.request('POST', path, { token: officer, body });

  /** A case with one named contact (located when asked), and its id. */
  async function caseWithContact(located = false): Promise<{ caseId: string; contactId: string }> {
    const caseId = await bed.register();
    const contact = await post(`/v1/cases/${caseId}/contacts`, contactBody({ relationship: 'PARENT' }));
    expect(contact.status).toBe(201);
    if (located) {
      expect((await post(`/v1/cases/${caseId}/contacts/${contact.body.contactId}/location`, { via: 'CALL', locatedAt: new Date().toISOString() })).status).toBe(200);
    }
    return { caseId, contactId: contact.body.contactId };
  }

  async function flaggedEvent(caseId: string) {
    const events = await outboxEvents(bed.service, 'family.member.flagged', caseId);
    expect(events).toHaveLength(1);
    // What legal-status will read: valid against the published contract.
    expect(validateEvent(memberFlaggedV1, JSON.parse(JSON.stringify(events[0].payload)))).toMatchObject({ ok: true });
    return events[0].payload.data as Record<string, unknown>;
  }

  const storedConcern = async (contactId: string) =>
    (await bed.service.dataSource.query(`SELECT protection_concern FROM member_verification WHERE contact_id = $1`, [contactId])).map(
      (row: { protection_concern: string | null }) => row.protection_concern,
    );

  it('reads the indicator CHILD_EXPRESSED_FEAR as fear of return', async () => {
    const { caseId, contactId } = await caseWithContact();
    const flagged = await post(`/v1/cases/${caseId}/contacts/${contactId}/risk-flag`, { riskIndicators: ['VIOLENCE_AT_HOME', 'CHILD_EXPRESSED_FEAR'] });
    expect(flagged.status).toBe(200);
    expect(await flaggedEvent(caseId)).toMatchObject({ contactId, riskIndicators: ['VIOLENCE_AT_HOME', 'CHILD_EXPRESSED_FEAR'], protectionConcern: 'FEAR_OF_RETURN' });
    expect(await storedConcern(contactId)).toEqual(['FEAR_OF_RETURN']);
  });

  it('carries the protection need the officer marks explicitly, even without the fear indicator', async () => {
    const { caseId, contactId } = await caseWithContact();
    const flagged = await post(`/v1/cases/${caseId}/contacts/${contactId}/risk-flag`, {
      riskIndicators: ['TRAFFICKING_SUSPECTED'],
      protectionConcern: 'PROTECTION_NEED',
      notes: 'Dice que la red que la trajo la busca en su aldea',
    });
    expect(flagged.status).toBe(200);
    const data = await flaggedEvent(caseId);
    expect(data.protectionConcern).toBe('PROTECTION_NEED');
    // Data minimisation: the officer's notes stay encrypted in family-contact.
    expect(JSON.stringify(data)).not.toMatch(/aldea|busca/);
    expect(await storedConcern(contactId)).toEqual(['PROTECTION_NEED']);
  });

  it('lets the officer’s mark name the concern when the child expressed fear', async () => {
    const { caseId, contactId } = await caseWithContact();
    await post(`/v1/cases/${caseId}/contacts/${contactId}/risk-flag`, { riskIndicators: ['CHILD_EXPRESSED_FEAR'], protectionConcern: 'PROTECTION_NEED' });
    expect((await flaggedEvent(caseId)).protectionConcern).toBe('PROTECTION_NEED');
  });

  it('sends no concern for a risk that holds no fear or need', async () => {
    const { caseId, contactId } = await caseWithContact();
    expect((await post(`/v1/cases/${caseId}/contacts/${contactId}/risk-flag`, { riskIndicators: ['TRAFFICKING_SUSPECTED'] })).status).toBe(200);
    expect(await flaggedEvent(caseId)).not.toHaveProperty('protectionConcern');
    expect(await storedConcern(contactId)).toEqual([null]);
  });

  it('reads fear of return from a verification whose risk screen found the child afraid', async () => {
    const { caseId, contactId } = await caseWithContact(true);
    const screened = await post(`/v1/cases/${caseId}/contacts/${contactId}/verification`, {
      evidence: ['BIRTH_CERTIFICATE'],
      childWish: 'DOES_NOT_WANT',
      riskIndicators: ['CHILD_EXPRESSED_FEAR'],
    });
    expect(screened.status).toBe(200);
    expect(screened.body.members[0].status).toBe('FLAGGED_RISK');
    expect((await flaggedEvent(caseId)).protectionConcern).toBe('FEAR_OF_RETURN');
    expect(await outboxEvents(bed.service, 'family.member.verified', caseId)).toEqual([]);
  });

  it('answers an unknown concern with 400 naming the field, and writes nothing', async () => {
    const { caseId, contactId } = await caseWithContact();
    const before = [await bed.service.count('member_verification'), await bed.service.count('outbox')];
    const refused = await post(`/v1/cases/${caseId}/contacts/${contactId}/risk-flag`, { riskIndicators: ['OTHER_RISK'], protectionConcern: 'AFRAID' });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'protectionConcern', rule: 'isIn' })]);
    expect([await bed.service.count('member_verification'), await bed.service.count('outbox')]).toEqual(before);
  });
  it('records fear the child states about no one person, publishes the code for legal-status and flags no relative', async () => {
    const { caseId, contactId } = await caseWithContact(true);
    const words = 'Dice que los pandilleros de su colonia la buscan';
    const stated = await post(`/v1/cases/${caseId}/protection-concerns`, { protectionConcern: 'FEAR_OF_RETURN', statedAt: new Date().toISOString(), notes: words });
    expect(stated.status).toBe(200);
    expect(stated.body.members.find((member: { contactId: string }) => member.contactId === contactId).status).not.toBe('FLAGGED_RISK');
    const events = await outboxEvents(bed.service, 'family.child.concern-stated', caseId);
    expect(events).toHaveLength(1);
    expect(validateEvent(childConcernStatedV1, JSON.parse(JSON.stringify(events[0].payload)))).toMatchObject({ ok: true });
    expect(events[0].payload.data).toMatchObject({ protectionConcern: 'FEAR_OF_RETURN' });
    expect(JSON.stringify(events[0].payload)).not.toContain('pandilleros');
    const [row] = await bed.service.dataSource.query(`SELECT notes_enc FROM child_concern WHERE case_id = $1`, [caseId]);
    expect(row.notes_enc).not.toContain('pandilleros');
  });

  it('refuses a concern outside the vocabulary or stated in the future, naming the field, and writes nothing', async () => {
    const { caseId } = await caseWithContact();
    const unknown = await post(`/v1/cases/${caseId}/protection-concerns`, { protectionConcern: 'WORRIED', statedAt: new Date().toISOString() });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'protectionConcern' })]);
    const ahead = await post(`/v1/cases/${caseId}/protection-concerns`, { protectionConcern: 'FEAR_OF_RETURN', statedAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(ahead.status).toBe(422);
    expect(ahead.body.errors).toEqual([expect.objectContaining({ field: 'statedAt', rule: 'notInFuture' })]);
    expect(await outboxEvents(bed.service, 'family.child.concern-stated', caseId)).toEqual([]);
  });
});
