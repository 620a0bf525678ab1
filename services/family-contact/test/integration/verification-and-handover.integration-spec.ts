import 'reflect-metadata';

import { contactBody, determination, familyContactSpec, outboxEvents } from './family-harness';

describe('family-contact: verification, a risk flagged, and the hand-over', () => {
  const spec = familyContactSpec('family-handover');

  const post = (path: string, body: unknown, token = spec.officer) => spec.bed.service.request('POST', path, { token, body });

  it('verifies a located relative, flags a risky one for good, and hands the child only to the verified one', async () => {
    const caseId = await spec.bed.register();
    // She lives in Mexico: a hand-over to her here takes the child across no border.
    const mother = (await post(`/v1/cases/${caseId}/contacts`, contactBody({ country: 'MX', place: 'Tapachula', phoneNumbers: ['+52 962 555 1234'] }))).body;
    const uncle = (await post(`/v1/cases/${caseId}/contacts`, contactBody({ relationship: 'AUNT_OR_UNCLE', phoneNumbers: [] }))).body;
    for (const contact of [mother, uncle]) {
      const located = await post(`/v1/cases/${caseId}/contacts/${contact.contactId}/location`, { via: 'CALL', locatedAt: new Date().toISOString() });
      expect(located.status).toBe(200);
      expect(located.body.status).toBe('VERIFYING');
    }
    const verification = { evidence: ['BIRTH_CERTIFICATE'], childWish: 'WANTS_REUNIFICATION', riskIndicators: [] };
    const unvetted = await post(`/v1/cases/${caseId}/contacts/${mother.contactId}/verification`, verification);
    expect(unvetted.status).toBe(422);
    expect(unvetted.body).toMatchObject({ code: 'PROCURADURIA_VETTING_MISSING', rule: 'GD-05' });

    const verified = await post(`/v1/cases/${caseId}/contacts/${mother.contactId}/verification`, {
      ...verification,
      procuraduriaVettingReference: 'PPNNA-CHP-2026-0099',
      childViews: 'Quiere volver con su mamá',
    });
    expect(verified.status).toBe(200);
    expect(verified.body.status).toBe('VERIFIED');
    const flagged = await post(`/v1/cases/${caseId}/contacts/${uncle.contactId}/verification`, {
      ...verification,
      riskIndicators: ['TRAFFICKING_SUSPECTED'],
    });
    expect(flagged.status).toBe(200);
    expect(flagged.body.members.find((member: { contactId: string }) => member.contactId === uncle.contactId).status).toBe('FLAGGED_RISK');
    expect((await post(`/v1/cases/${caseId}/contacts/${uncle.contactId}/verification`, { ...verification, procuraduriaVettingReference: 'X-1' })).status).toBe(409);
    const verifiedEvents = await outboxEvents(spec.bed.service, 'family.member.verified', caseId);
    expect(verifiedEvents).toHaveLength(1);
    // RP-06: repatriation learns where the verified person lives.
    expect(verifiedEvents[0].payload.data).toMatchObject({ contactId: mother.contactId, countryOfResidence: 'MX' });
    expect(await outboxEvents(spec.bed.service, 'family.member.flagged', caseId)).toHaveLength(1);

    spec.bed.legalStatus.caseStatus.set(caseId, { bestInterests: [determination({ documentReference: 'PLAN-PPNNA-CHP-2026-0099' })] });
    const handover = {
      handedOverAt: new Date().toISOString(),
      place: { kind: 'DIF_FACILITY', country: 'MX', description: 'CAS DIF Tapachula' },
      receiverIdentityDocument: 'DPI 2456 78901 0101',
      handoverRecordNumber: 'ACTA-CHP-2026-0042',
      bestInterestsReference: 'PLAN-PPNNA-CHP-2026-0099',
      signedByReceiver: true,
    };
    const toFlagged = await post(`/v1/cases/${caseId}/reunification`, { ...handover, contactId: uncle.contactId });
    expect(toFlagged.status).toBe(422);
    expect(toFlagged.body).toMatchObject({ code: 'CONTACT_FLAGGED', rule: 'GD-05' });
    expect((await post(`/v1/cases/${caseId}/reunification`, { ...handover, contactId: mother.contactId, signedByReceiver: false })).status).toBe(400);
    expect(await spec.bed.service.count('reunification')).toBe(0);

    // Before the child was detected: refused naming the field, before legal-status is asked.
    const asked = spec.bed.legalStatus.statusRequests.length;
    const beforeCase = await post(`/v1/cases/${caseId}/reunification`, { ...handover, contactId: mother.contactId, handedOverAt: new Date(Date.now() - 86_400_000).toISOString() });
    expect(beforeCase.body).toMatchObject({ status: 400, errors: [{ field: 'handedOverAt', rule: 'notBeforeCase' }] });
    expect(spec.bed.legalStatus.statusRequests.length).toBe(asked);

    const reunified = await post(`/v1/cases/${caseId}/reunification`, { ...handover, contactId: mother.contactId });
    expect(reunified.status).toBe(200);
    expect(reunified.body.reunification).toMatchObject({ contactId: mother.contactId, handedOverBy: 'officer-CHP', placeKind: 'DIF_FACILITY' });
    expect((await post(`/v1/cases/${caseId}/reunification`, { ...handover, contactId: mother.contactId })).status).toBe(409);
    const [event] = await outboxEvents(spec.bed.service, 'family.record.reunified', caseId);
    expect(event.payload.data).toMatchObject({ receivedBy: { contactId: mother.contactId, relationship: 'PARENT' }, place: { kind: 'DIF_FACILITY', country: 'MX' } });
    expect(JSON.stringify(event.payload)).not.toMatch(/Rosa|DPI|Tapachula/);

    // No move clearance was asked: the hand-over was in Mexico.
    expect(spec.bed.legalStatus.clearanceRequests).not.toContain(caseId);

    // The database refuses a hand-over to a flagged person even if code tried it.
    await expect(
      spec.bed.service.dataSource.query(`UPDATE family_contact SET status = 'VERIFIED' WHERE id = $1`, [uncle.contactId]),
    ).rejects.toThrow(/stays flagged/);
  });

  it.each([
    ['a claim pending in legal-status', 'claimed'],
    ['legal-status silent (fail safe)', 'silent'],
  ] as const)('hands a child to no one abroad with %s, and does once legal-status clears it (INV-01, GD-08; issue 18, 1)', async (_label, mode) => {
    const caseId = await spec.bed.register();
    // Her mother lives in the United States: a third country, where the PAM resolved to reunite them.
    const mother = (await post(`/v1/cases/${caseId}/contacts`, contactBody({ relationship: 'PARENT', country: 'US', place: 'Los Angeles', phoneNumbers: ['+1 213 555 0101'] }))).body;
    expect((await post(`/v1/cases/${caseId}/contacts/${mother.contactId}/location`, { via: 'CALL', locatedAt: new Date().toISOString() })).status).toBe(200);
    const verified = await post(`/v1/cases/${caseId}/contacts/${mother.contactId}/verification`, {
      evidence: ['BIRTH_CERTIFICATE'],
      childWish: 'WANTS_REUNIFICATION',
      riskIndicators: [],
      procuraduriaVettingReference: 'PPNNA-CHP-2026-0100',
      childViews: 'Quiere volver con su mamá',
    });
    expect(verified.body.status).toBe('VERIFIED');
    spec.bed.legalStatus.caseStatus.set(caseId, {
      bestInterests: [determination({ documentReference: 'PLAN-PPNNA-CHP-2026-0100', recommendedMeasure: 'REUNIFICATION_THIRD_COUNTRY' })],
      procedureResolution: 'REUNIFICATION_THIRD_COUNTRY',
    });
    const abroad = {
      contactId: mother.contactId,
      handedOverAt: new Date().toISOString(),
      place: { kind: 'BORDER_POINT', country: 'US', description: 'San Ysidro' },
      receiverIdentityDocument: 'DPI 2456 78901 0101',
      handoverRecordNumber: `ACTA-CHP-2026-${mode}`,
      bestInterestsReference: 'PLAN-PPNNA-CHP-2026-0100',
      signedByReceiver: true,
    };
    spec.bed.legalStatus.mode = mode;
    try {
      const refused = await post(`/v1/cases/${caseId}/reunification`, abroad);
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'MOVE_NOT_CLEARED', rule: 'INV-01' });
      expect(await outboxEvents(spec.bed.service, 'family.record.reunified', caseId)).toEqual([]);
      spec.bed.legalStatus.mode = 'clear';
      expect((await post(`/v1/cases/${caseId}/reunification`, abroad)).status).toBe(200);
    } finally {
      spec.bed.legalStatus.mode = 'silent';
    }
  });
});
