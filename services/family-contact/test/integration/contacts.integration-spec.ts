import 'reflect-metadata';

import { uuidv7 } from '@opis/contracts-envelope';

import { auditTrail, contactBody, familyContactSpec } from './family-harness';

const PERSONAL = ['Rosa', 'Elvira', 'Xicará', 'Tum', '5555', 'Chuicutama', 'mamá', 'Pedro', '7777'];

describe('family-contact: contacts at rest, searched and listed', () => {
  const spec = familyContactSpec('family-contacts');

  const post = (path: string, body: unknown, token = spec.officer) => spec.bed.service.request('POST', path, { token, body });
  const get = (path: string, token = spec.officer) => spec.bed.service.request('GET', path, { token });

  it('stores names and numbers only encrypted, finds a number by exact match, and audits every read', async () => {
    const caseId = await spec.bed.register();
    const created = await post(`/v1/cases/${caseId}/contacts`, contactBody());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ givenNames: 'Rosa Elvira', phoneNumbers: [{ number: '+50255551234' }], status: 'NAMED' });
    expect(created.headers.get('location')).toBe(`/v1/cases/${caseId}/contacts/${created.body.contactId}`);
    const readBack = await get(created.headers.get('location') as string);
    expect(readBack.status).toBe(200);
    expect(readBack.body).toEqual(created.body);

    // The database alone reveals nothing: every column of every row, read directly.
    for (const table of ['family_contact', 'contact_phone', 'outbox', 'audit_log']) {
      const dump = JSON.stringify(await spec.bed.service.dataSource.query(`SELECT * FROM ${table}`));
      for (const secret of PERSONAL) expect(dump).not.toContain(secret);
    }
    const [row] = await spec.bed.service.dataSource.query(`SELECT given_names_enc, number_enc FROM family_contact JOIN contact_phone ON contact_id = family_contact.id`);
    expect(row.given_names_enc).toMatch(/^k1:/);
    expect(row.number_enc).toMatch(/^k1:/);

    const listed = await get(`/v1/cases/${caseId}/contacts`);
    expect(listed.body).toEqual({ items: [expect.objectContaining({ familyNames: 'Xicará Tum', place: 'Aldea Chuicutama, Nahualá' })], nextCursor: null });
    const found = await get(`/v1/contacts?phone=${encodeURIComponent('00502 5555 1234')}`);
    expect(found.status).toBe(200);
    expect(found.body.items.map((contact: { caseId: string }) => contact.caseId)).toEqual([caseId]);
    expect(found.body.nextCursor).toBeNull();

    const otherOffice = await spec.bed.service.token(['officer'], ['TAB'], 'officer-tab');
    expect((await get(`/v1/contacts?phone=${encodeURIComponent('+50255551234')}`, otherOffice)).body).toEqual({ items: [], nextCursor: null });
    expect((await get(`/v1/cases/${caseId}/contacts`, otherOffice)).status).toBe(404);
    expect((await get(`/v1/cases/${caseId}/contacts/${created.body.contactId}`, otherOffice)).status).toBe(404);
    const auditor = await spec.bed.service.token(['auditor'], ['CHP'], 'auditor-1');
    expect((await get(`/v1/cases/${caseId}/contacts`, auditor)).status).toBe(403);
    const supervisor = await spec.bed.service.token(['supervisor'], ['CHP'], 'supervisor-1');
    expect((await get(`/v1/cases/${caseId}/contacts`, supervisor)).status).toBe(200);

    expect(await auditTrail(spec.bed.service, caseId, 'contact.read')).toEqual([
      { actor_subject: 'officer-CHP', outcome: 'allowed', reason: null },
      { actor_subject: 'officer-CHP', outcome: 'allowed', reason: null },
      { actor_subject: 'officer-tab', outcome: 'refused', reason: 'CASE_NOT_FOUND' },
      { actor_subject: 'officer-tab', outcome: 'refused', reason: 'CASE_NOT_FOUND' },
      { actor_subject: 'supervisor-1', outcome: 'allowed', reason: null },
    ]);
    expect(await auditTrail(spec.bed.service, caseId, 'contact.search')).toEqual([{ actor_subject: 'officer-CHP', outcome: 'allowed', reason: null }]);
  });

  it('lists a case’s contacts a page at a time in the order named, and a number’s newest first, each page with the cursor of the next', async () => {
    const caseId = await spec.bed.register();
    const named: string[] = [];
    for (const relationship of ['PARENT', 'GRANDPARENT', 'SIBLING', 'AUNT_OR_UNCLE', 'COUSIN']) {
      // One number shared by all five: a family phone.
      const created = await post(`/v1/cases/${caseId}/contacts`, contactBody({ relationship, phoneNumbers: ['+502 4444 0101'] }));
      expect(created.status).toBe(201);
      named.push(created.body.contactId);
    }
    const pages = async (first: string): Promise<{ ids: string[]; sizes: number[] }> => {
      const ids: string[] = [];
      const sizes: number[] = [];
      let path: string | null = first;
      while (path) {
        const page = await get(path);
        expect(page.status).toBe(200);
        ids.push(...page.body.items.map((contact: { contactId: string }) => contact.contactId));
        sizes.push(page.body.items.length);
        path = page.body.nextCursor ? `${first}&cursor=${encodeURIComponent(page.body.nextCursor)}` : null;
      }
      return { ids, sizes };
    };
    expect(await pages(`/v1/cases/${caseId}/contacts?limit=2`)).toEqual({ ids: named, sizes: [2, 2, 1] });
    expect(await pages(`/v1/contacts?phone=${encodeURIComponent('+50244440101')}&limit=2`)).toEqual({ ids: [...named].reverse(), sizes: [2, 2, 1] });
    // A full last page still has a cursor; the page after it is empty and the last.
    expect(await pages(`/v1/cases/${caseId}/contacts?limit=5`)).toEqual({ ids: named, sizes: [5, 0] });

    for (const query of ['limit=0', 'limit=201', 'limit=two', 'cursor=not-a-cursor', `cursor=${Buffer.from('["2026-12-06T10:00:00.000Z","x"]').toString('base64url')}`]) {
      const refused = await get(`/v1/cases/${caseId}/contacts?${query}`);
      expect({ query, status: refused.status }).toEqual({ query, status: 400 });
      expect(refused.body.errors[0].field).toBe(query.split('=')[0]);
    }
    expect((await get(`/v1/contacts?phone=${encodeURIComponent('+50244440101')}&cursor=nope`)).status).toBe(400);
    expect((await get(`/v1/cases/${caseId}/contacts/${uuidv7()}`)).body).toMatchObject({ status: 404, code: 'CONTACT_NOT_FOUND' });
    expect((await get(`/v1/cases/${caseId}/contacts/not-a-uuid`)).body).toMatchObject({ status: 400, errors: [{ field: 'contactId', rule: 'isUUID' }] });
  });
});
