import 'reflect-metadata';

import { jetstreamManager } from '@nats-io/jetstream';

import { uuidv7 } from '@opis/contracts-envelope';
import { caseExitedAdultFlowV1, caseRegisteredV2, caseTransferredV1, caseUpdatedV1, CaseUpdatedV1 } from '@opis/contracts-intake';
import { waitFor } from '@opis/testing';

import { FirstCallScanner } from '../../src/deadlines/first-call-scanner.service';
import { RESPONSE_SCHEMAS } from '../../src/openapi-responses.generated';
import { auditTrail, contactBody, determination, FamilyTestBed, outboxEvents, registeredSample, startFamilyContact } from './family-harness';

const PERSONAL = ['Rosa', 'Elvira', 'Xicará', 'Tum', '5555', 'Chuicutama', 'mamá', 'Pedro', '7777'];

describe('family-contact: records, contacts, calls, verification and reunification', () => {
  let bed: FamilyTestBed;
  let officer: string;

  beforeAll(async () => {
    bed = await startFamilyContact('family');
    officer = await bed.service.token(['officer'], ['CHP']);
  });

  afterAll(async () => {
    await bed?.close();
  });

  const post = (path: string, body: unknown, token = officer) => bed.service.request('POST', path, { token, body });
  const get = (path: string, token = officer) => bed.service.request('GET', path, { token });

  it('opens one record per registered case, and a redelivered registration changes nothing', async () => {
    const caseId = uuidv7();
    const envelope = bed.envelope(caseRegisteredV2, caseId, 'CHP', registeredSample());
    await bed.publish(caseRegisteredV2, caseId, 'CHP', envelope.data, envelope);
    await bed.publish(caseRegisteredV2, caseId, 'CHP', envelope.data, envelope);
    await waitFor('both deliveries handled', async () => {
      const [row] = await bed.service.dataSource.query(
        `SELECT event_id AS last_event_id FROM inbox WHERE consumer = 'family-contact-intake-cases' ORDER BY stream_sequence DESC LIMIT 1`,
      );
      const info = await bed.service.dataSource.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = $1`, [envelope.id]);
      return row?.last_event_id === envelope.id && info[0].n === 1;
    });
    const jsm = await jetstreamManager(bed.nc);
    const consumerInfo = () => jsm.consumers.info(`${bed.service.namespace}_OPIS_INTAKE`, 'family-contact-intake-cases');
    await waitFor('the redelivery acknowledged', async () => (await consumerInfo()).num_ack_pending === 0);
    expect((await consumerInfo()).delivered.stream_seq).toBeGreaterThanOrEqual(2);
    expect(await bed.service.dataSource.query(`SELECT count(*)::int AS n FROM family_record WHERE case_id = $1`, [caseId])).toEqual([{ n: 1 }]);
    const opened = await outboxEvents(bed.service, 'family.record.opened', caseId);
    expect(opened).toHaveLength(1);
    expect(opened[0].subject).toBe('opis.family-contact.record.opened.v1.CHP');
    expect(opened[0].payload.correlationId).toBe(envelope.id);

    const record = await get(`/v1/cases/${caseId}/family`);
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({ caseId, status: 'NOT_STARTED', officeCode: 'CHP', firstCall: { state: 'PENDING' } });
  });

  it('concludes tracing as NOT_LOCATED only after the configured days of tracing', async () => {
    const notTracing = await bed.register();
    expect((await post(`/v1/cases/${notTracing}/tracing/not-located`, undefined)).body).toMatchObject({ status: 409, code: 'NOT_TRACING' });

    const recent = await bed.register();
    const today = { channel: 'RED_CROSS_FAMILY_LINKS', outcome: 'NO_RESULT', attemptedAt: new Date().toISOString() };
    expect((await post(`/v1/cases/${recent}/tracing-attempts`, today)).status).toBe(200);
    const tooEarly = await post(`/v1/cases/${recent}/tracing/not-located`, undefined);
    expect(tooEarly.status).toBe(422);
    expect(tooEarly.body.code).toBe('TRACING_TOO_RECENT');
    expect((await get(`/v1/cases/${recent}/family`)).body.status).toBe('TRACING');

    // Detected over a month ago: tracing began then, never before the case did.
    const long = await bed.register({ detectedAt: new Date(Date.now() - 32 * 86_400_000).toISOString() });
    const monthAgo = { channel: 'DIF_NETWORK', outcome: 'NO_RESULT', attemptedAt: new Date(Date.now() - 31 * 86_400_000).toISOString() };
    expect((await post(`/v1/cases/${recent}/tracing-attempts`, monthAgo)).body).toMatchObject({ status: 400, errors: [{ field: 'attemptedAt', rule: 'notBeforeCase' }] });
    expect((await post(`/v1/cases/${long}/tracing-attempts`, monthAgo)).status).toBe(200);
    const otherOffice = await bed.service.token(['officer'], ['TAB']);
    expect((await post(`/v1/cases/${long}/tracing/not-located`, undefined, otherOffice)).status).toBe(404);
    const concluded = await post(`/v1/cases/${long}/tracing/not-located`, undefined);
    expect(concluded.status).toBe(200);
    expect(concluded.body.status).toBe('NOT_LOCATED');
    expect(await auditTrail(bed.service, long, 'tracing.not-located')).toEqual([
      expect.objectContaining({ actor_subject: 'officer-TAB', outcome: 'refused', reason: 'CASE_NOT_FOUND' }),
      expect.objectContaining({ actor_subject: 'officer-CHP', outcome: 'allowed' }),
    ]);
  });

  it('follows a transfer: the new office sees the case, the old one gets 404', async () => {
    const caseId = await bed.register();
    await bed.publish(caseTransferredV1, caseId, 'TAB', { ...caseTransferredV1.example, fromOffice: 'CHP', toOffice: 'TAB' });
    const tab = await bed.service.token(['officer'], ['TAB']);
    await waitFor('the transfer applied', async () => (await get(`/v1/cases/${caseId}/family`, tab)).status === 200);
    expect((await get(`/v1/cases/${caseId}/family`)).status).toBe(404);
    expect((await post(`/v1/cases/${caseId}/contacts`, contactBody())).status).toBe(404);
    expect(await bed.service.count('family_contact')).toBe(0);
  });

  it('never lets an older correction arriving after a newer one overwrite it', async () => {
    const caseId = await bed.register();
    const correction = (data: Partial<CaseUpdatedV1>) => bed.envelope(caseUpdatedV1, caseId, 'CHP', { ...caseUpdatedV1.example, ...data });
    const older = correction({ nationality: 'SV', screening: { ...caseUpdatedV1.example.screening, protectionNeedIndicated: true } });
    const newer = correction({ nationality: 'HN', screening: { ...caseUpdatedV1.example.screening, protectionNeedIndicated: false } });
    // Delivered out of order on purpose: the newer one first.
    await bed.publish(caseUpdatedV1, caseId, 'CHP', newer.data, newer);
    await bed.publish(caseUpdatedV1, caseId, 'CHP', older.data, older);
    await waitFor('both taken, the newer one applied', async () => {
      const taken = await bed.service.dataSource.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])`, [[older.id, newer.id]]);
      const [record] = await bed.service.dataSource.query(`SELECT intake_case_version FROM family_record WHERE case_id = $1`, [caseId]);
      return taken[0].n === 2 && record.intake_case_version === newer.caseVersion;
    });
    expect((await get(`/v1/cases/${caseId}/family`)).body).toMatchObject({ nationality: 'HN', protection: { needIndicated: false } });
  });

  it('stores names and numbers only encrypted, finds a number by exact match, and audits every read', async () => {
    const caseId = await bed.register();
    const created = await post(`/v1/cases/${caseId}/contacts`, contactBody());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ givenNames: 'Rosa Elvira', phoneNumbers: [{ number: '+50255551234' }], status: 'NAMED' });
    expect(created.headers.get('location')).toBe(`/v1/cases/${caseId}/contacts/${created.body.contactId}`);
    const readBack = await get(created.headers.get('location') as string);
    expect(readBack.status).toBe(200);
    expect(readBack.body).toEqual(created.body);

    // The database alone reveals nothing: every column of every row, read directly.
    for (const table of ['family_contact', 'contact_phone', 'outbox', 'audit_log']) {
      const dump = JSON.stringify(await bed.service.dataSource.query(`SELECT * FROM ${table}`));
      for (const secret of PERSONAL) expect(dump).not.toContain(secret);
    }
    const [row] = await bed.service.dataSource.query(`SELECT given_names_enc, number_enc FROM family_contact JOIN contact_phone ON contact_id = family_contact.id`);
    expect(row.given_names_enc).toMatch(/^k1:/);
    expect(row.number_enc).toMatch(/^k1:/);

    const listed = await get(`/v1/cases/${caseId}/contacts`);
    expect(listed.body).toEqual({ items: [expect.objectContaining({ familyNames: 'Xicará Tum', place: 'Aldea Chuicutama, Nahualá' })], nextCursor: null });
    const found = await get(`/v1/contacts?phone=${encodeURIComponent('00502 5555 1234')}`);
    expect(found.status).toBe(200);
    expect(found.body.items.map((contact: { caseId: string }) => contact.caseId)).toEqual([caseId]);
    expect(found.body.nextCursor).toBeNull();

    const otherOffice = await bed.service.token(['officer'], ['TAB'], 'officer-tab');
    expect((await get(`/v1/contacts?phone=${encodeURIComponent('+50255551234')}`, otherOffice)).body).toEqual({ items: [], nextCursor: null });
    expect((await get(`/v1/cases/${caseId}/contacts`, otherOffice)).status).toBe(404);
    expect((await get(`/v1/cases/${caseId}/contacts/${created.body.contactId}`, otherOffice)).status).toBe(404);
    const auditor = await bed.service.token(['auditor'], ['CHP'], 'auditor-1');
    expect((await get(`/v1/cases/${caseId}/contacts`, auditor)).status).toBe(403);
    const supervisor = await bed.service.token(['supervisor'], ['CHP'], 'supervisor-1');
    expect((await get(`/v1/cases/${caseId}/contacts`, supervisor)).status).toBe(200);

    expect(await auditTrail(bed.service, caseId, 'contact.read')).toEqual([
      { actor_subject: 'officer-CHP', outcome: 'allowed', reason: null },
      { actor_subject: 'officer-CHP', outcome: 'allowed', reason: null },
      { actor_subject: 'officer-tab', outcome: 'refused', reason: 'CASE_NOT_FOUND' },
      { actor_subject: 'officer-tab', outcome: 'refused', reason: 'CASE_NOT_FOUND' },
      { actor_subject: 'supervisor-1', outcome: 'allowed', reason: null },
    ]);
    expect(await auditTrail(bed.service, caseId, 'contact.search')).toEqual([{ actor_subject: 'officer-CHP', outcome: 'allowed', reason: null }]);
  });

  it('lists a case’s contacts a page at a time in the order named, and a number’s newest first, each page with the cursor of the next', async () => {
    const caseId = await bed.register();
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

  it('takes times as instants with a zone, none before the child was detected nor in the future', async () => {
    const detectedAt = new Date(Date.now() - 60 * 60_000);
    const caseId = await bed.register({ detectedAt: detectedAt.toISOString() });
    const declined = { dialledBy: 'OFFICER', durationSeconds: 0, outcome: 'REFUSED_BY_CHILD' };
    for (const calledAt of [detectedAt.toISOString().slice(0, 10), detectedAt.toISOString().slice(0, 19), '2026-02-30T10:00:00Z']) {
      const bare = await post(`/v1/cases/${caseId}/calls`, { ...declined, calledAt });
      expect({ calledAt, status: bare.status, errors: bare.body.errors }).toEqual({ calledAt, status: 400, errors: [expect.objectContaining({ field: 'calledAt', rule: 'isInstant' })] });
    }
    const early = await post(`/v1/cases/${caseId}/calls`, { ...declined, calledAt: new Date(detectedAt.getTime() - 60_000).toISOString() });
    expect(early.body).toMatchObject({ status: 400, errors: [{ field: 'calledAt', rule: 'notBeforeCase' }] });
    const ahead = await post(`/v1/cases/${caseId}/calls`, { ...declined, calledAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(ahead.body).toMatchObject({ status: 422, code: 'CALL_IN_FUTURE', errors: [{ field: 'calledAt', rule: 'notInFuture' }] });
    const stated = { protectionConcern: 'FEAR_OF_RETURN' };
    expect((await post(`/v1/cases/${caseId}/protection-concerns`, { ...stated, statedAt: new Date(detectedAt.getTime() - 1).toISOString() })).body).toMatchObject({
      status: 400,
      errors: [{ field: 'statedAt', rule: 'notBeforeCase' }],
    });
    const contact = (await post(`/v1/cases/${caseId}/contacts`, contactBody({ phoneNumbers: ['+502 3333 0101'] }))).body;
    const locatedEarly = await post(`/v1/cases/${caseId}/contacts/${contact.contactId}/location`, { via: 'CALL', locatedAt: '2020-01-01T00:00:00Z' });
    expect(locatedEarly.body).toMatchObject({ status: 400, errors: [{ field: 'locatedAt', rule: 'notBeforeCase' }] });
    const locatedAhead = await post(`/v1/cases/${caseId}/contacts/${contact.contactId}/location`, { via: 'CALL', locatedAt: '2999-01-01T00:00:00Z' });
    expect(locatedAhead.body).toMatchObject({ status: 422, errors: [{ field: 'locatedAt', rule: 'notInFuture' }] });
    expect((await get(`/v1/cases/${caseId}/family`)).body).toMatchObject({ status: 'NOT_STARTED', calls: [], members: [{ status: 'NAMED' }] });

    // At detection itself, with any zone: taken.
    const atDetection = await post(`/v1/cases/${caseId}/calls`, { ...declined, calledAt: detectedAt.toISOString().replace('Z', '+00:00') });
    expect(atDetection.status).toBe(200);
    expect(atDetection.body.calls).toEqual([expect.objectContaining({ calledAt: detectedAt.toISOString() })]);
  });

  it('documents what it answers: 201 with Location for a contact, 200 for acts on the record, uuid path ids, every query parameter, instants as date-time', async () => {
    type Parameter = { name: string; in: string; required?: boolean; schema?: { format?: string; type?: string; minimum?: number; maximum?: number; pattern?: string } };
    type Operation = { parameters?: Parameter[]; responses: Record<string, { headers?: object; content?: Record<string, { schema: object }> }> };
    const document = (await bed.service.request('GET', '/docs-json')).body as {
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, { properties?: Record<string, { format?: string }> }> };
    };
    const successOf = (operation: Operation) => Object.keys(operation.responses).filter((code) => code.startsWith('2'));
    const { paths } = document;
    expect(successOf(paths['/v1/cases/{caseId}/contacts'].post)).toEqual(['201']);
    expect(paths['/v1/cases/{caseId}/contacts'].post.responses['201'].headers).toHaveProperty('Location');
    for (const act of ['calls', 'protection-concerns', 'consular-notifications', 'tracing-attempts', 'reunification', 'tracing/not-located']) {
      expect({ act, success: successOf(paths[`/v1/cases/{caseId}/${act}`].post) }).toEqual({ act, success: ['200'] });
    }
    for (const [path, item] of Object.entries(paths)) {
      for (const operation of Object.values(item)) {
        for (const parameter of (operation.parameters ?? []).filter((candidate) => candidate.in === 'path')) {
          expect({ path, name: parameter.name, format: parameter.schema?.format }).toEqual({ path, name: parameter.name, format: 'uuid' });
        }
      }
    }
    const query = (path: string) => Object.fromEntries((paths[path].get.parameters ?? []).filter((parameter) => parameter.in === 'query').map((parameter) => [parameter.name, parameter]));
    expect(query('/v1/cases/{caseId}/contacts')).toEqual({
      limit: expect.objectContaining({ required: false, schema: expect.objectContaining({ minimum: 1, maximum: 200 }) }),
      cursor: expect.objectContaining({ required: false }),
    });
    expect(Object.keys(query('/v1/contacts')).sort()).toEqual(['cursor', 'limit', 'phone']);
    expect(query('/v1/contacts').phone).toMatchObject({ required: true });
    // The success schemas main.ts adds (the test harness serves the document without them).
    expect([RESPONSE_SCHEMAS.operations.ContactController_list, RESPONSE_SCHEMAS.operations.ContactController_search]).toEqual([
      { $ref: '#/components/schemas/ContactPage' },
      { $ref: '#/components/schemas/ContactPage' },
    ]);
    expect(RESPONSE_SCHEMAS.schemas.ContactPage).toMatchObject({
      properties: { items: { type: 'array', items: { $ref: '#/components/schemas/ContactView' } }, nextCursor: { type: 'string', nullable: true } },
      required: ['items', 'nextCursor'],
    });
    const { schemas } = document.components;
    expect(schemas.LogCallDto.properties?.calledAt).toMatchObject({ format: 'date-time' });
    expect(schemas.ReunifyDto.properties?.handedOverAt).toMatchObject({ format: 'date-time' });
    expect(schemas.NotifyConsulateDto.properties?.notifiedAt).toMatchObject({ format: 'date-time' });
  });

  it('answers bad input with 4xx naming the field, and writes nothing', async () => {
    const caseId = await bed.register({ speaksSpanish: 'NO' });
    const before = [await bed.service.count('family_contact'), await bed.service.count('family_call'), await bed.service.count('outbox')];
    const badPhone = await post(`/v1/cases/${caseId}/contacts`, contactBody({ phoneNumbers: ['5555-1234'] }));
    expect(badPhone.status).toBe(400);
    expect(badPhone.headers.get('content-type')).toContain('application/problem+json');
    expect(badPhone.body.errors).toEqual([expect.objectContaining({ field: 'phoneNumbers', rule: 'matches' })]);
    const extra = await post(`/v1/cases/${caseId}/contacts`, { ...contactBody(), dateOfBirth: '1990-01-01' });
    expect(extra.status).toBe(400);
    expect((await post('/v1/cases/not-a-uuid/contacts', contactBody())).body.errors[0]).toMatchObject({ field: 'caseId' });
    expect((await get('/v1/contacts?phone=12')).status).toBe(400);

    const contact = await post(`/v1/cases/${caseId}/contacts`, contactBody({ familyNames: 'Pedro', phoneNumbers: ['+502 7777 0000'] }));
    const call = {
      contactId: contact.body.contactId,
      phoneId: contact.body.phoneNumbers[0].phoneId,
      dialledBy: 'OFFICER',
      calledAt: new Date().toISOString(),
      durationSeconds: 300,
      outcome: 'REACHED',
    };
    const withoutInterpreter = await post(`/v1/cases/${caseId}/calls`, call);
    expect(withoutInterpreter.status).toBe(422);
    expect(withoutInterpreter.body).toMatchObject({ code: 'INTERPRETER_REQUIRED', rule: 'LM-18', errors: [{ field: 'interpreter' }] });
    expect((await post(`/v1/cases/${caseId}/calls`, { ...call, outcome: 'HUNG_UP' })).status).toBe(400);
    const numberAlone = await post(`/v1/cases/${caseId}/calls`, {
      ...call,
      contactId: undefined,
      phoneId: '00000000-0000-1000-8000-000000000000',
      outcome: 'REFUSED_BY_CHILD',
      interpreter: { language: 'quc', interpreterId: 'INT-CHP-07' },
    });
    expect(numberAlone.status).toBe(422);
    expect(numberAlone.body).toMatchObject({ code: 'PHONE_NOT_OF_CONTACT', errors: [{ field: 'contactId', rule: 'required' }] });
    expect([await bed.service.count('family_contact'), await bed.service.count('family_call'), await bed.service.count('outbox')]).toEqual([
      before[0] + 1,
      before[1],
      before[2],
    ]);

    const logged = await post(`/v1/cases/${caseId}/calls`, { ...call, interpreter: { language: 'quc', interpreterId: 'INT-CHP-07' } });
    expect(logged.status).toBe(200);
    expect(logged.body).toMatchObject({ status: 'IN_CONTACT', firstCall: { state: 'MET' }, calls: [{ outcome: 'REACHED', interpreterUsed: true }] });
    const [event] = await outboxEvents(bed.service, 'family.call.logged', caseId);
    expect(event.payload.data).toMatchObject({ outcome: 'REACHED', firstCall: true, relationship: 'PARENT' });
    expect(JSON.stringify(event.payload)).not.toMatch(/7777|Pedro/);
  });

  it("raises no first-call alert for a person a competent authority found to be an adult (GD-12): the child's clock stopped", async () => {
    const adult = await bed.register();
    const exitedAt = new Date().toISOString();
    await bed.legalEvent(caseExitedAdultFlowV1, adult, { ...caseExitedAdultFlowV1.example, authority: 'PROCURADURIA', exitedAt, determinedAt: exitedAt });
    expect(await bed.service.dataSource.query(`SELECT child_flow_exited_at IS NOT NULL AS exited FROM family_record WHERE case_id = $1`, [adult])).toEqual([{ exited: true }]);
    const afterDeadline = new Date(Date.now() + (bed.service.config.FIRST_CALL_DEADLINE_MINUTES + 1) * 60_000);
    await bed.service.app.get(FirstCallScanner).runOnce(afterDeadline);
    expect(await outboxEvents(bed.service, 'family.call.overdue', adult)).toHaveLength(0);
  });

  it('raises family.call.overdue once for a case whose first call is late, and not for one that had its call', async () => {
    const late = await bed.register();
    const called = await bed.register();
    await post(`/v1/cases/${called}/calls`, { dialledBy: 'OFFICER', calledAt: new Date().toISOString(), durationSeconds: 0, outcome: 'REFUSED_BY_CHILD' });
    const scanner = bed.service.app.get(FirstCallScanner);
    const afterDeadline = new Date(Date.now() + (bed.service.config.FIRST_CALL_DEADLINE_MINUTES + 1) * 60_000);
    expect(await scanner.runOnce(afterDeadline)).toBeGreaterThanOrEqual(1);
    expect(await scanner.runOnce(afterDeadline)).toBe(0);
    expect(await outboxEvents(bed.service, 'family.call.overdue', late)).toHaveLength(1);
    expect(await outboxEvents(bed.service, 'family.call.overdue', called)).toHaveLength(0);
  });

  it('verifies a located relative, flags a risky one for good, and hands the child only to the verified one', async () => {
    const caseId = await bed.register();
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
    const verifiedEvents = await outboxEvents(bed.service, 'family.member.verified', caseId);
    expect(verifiedEvents).toHaveLength(1);
    // RP-06: repatriation learns where the verified person lives.
    expect(verifiedEvents[0].payload.data).toMatchObject({ contactId: mother.contactId, countryOfResidence: 'MX' });
    expect(await outboxEvents(bed.service, 'family.member.flagged', caseId)).toHaveLength(1);

    bed.legalStatus.caseStatus.set(caseId, { bestInterests: [determination({ documentReference: 'PLAN-PPNNA-CHP-2026-0099' })] });
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
    expect(await bed.service.count('reunification')).toBe(0);

    // Before the child was detected: refused naming the field, before legal-status is asked.
    const asked = bed.legalStatus.statusRequests.length;
    const beforeCase = await post(`/v1/cases/${caseId}/reunification`, { ...handover, contactId: mother.contactId, handedOverAt: new Date(Date.now() - 86_400_000).toISOString() });
    expect(beforeCase.body).toMatchObject({ status: 400, errors: [{ field: 'handedOverAt', rule: 'notBeforeCase' }] });
    expect(bed.legalStatus.statusRequests.length).toBe(asked);

    const reunified = await post(`/v1/cases/${caseId}/reunification`, { ...handover, contactId: mother.contactId });
    expect(reunified.status).toBe(200);
    expect(reunified.body.reunification).toMatchObject({ contactId: mother.contactId, handedOverBy: 'officer-CHP', placeKind: 'DIF_FACILITY' });
    expect((await post(`/v1/cases/${caseId}/reunification`, { ...handover, contactId: mother.contactId })).status).toBe(409);
    const [event] = await outboxEvents(bed.service, 'family.record.reunified', caseId);
    expect(event.payload.data).toMatchObject({ receivedBy: { contactId: mother.contactId, relationship: 'PARENT' }, place: { kind: 'DIF_FACILITY', country: 'MX' } });
    expect(JSON.stringify(event.payload)).not.toMatch(/Rosa|DPI|Tapachula/);

    // No move clearance was asked: the hand-over was in Mexico.
    expect(bed.legalStatus.clearanceRequests).not.toContain(caseId);

    // The database refuses a hand-over to a flagged person even if code tried it.
    await expect(
      bed.service.dataSource.query(`UPDATE family_contact SET status = 'VERIFIED' WHERE id = $1`, [uncle.contactId]),
    ).rejects.toThrow(/stays flagged/);
  });

  it.each([
    ['a claim pending in legal-status', 'claimed'],
    ['legal-status silent (fail safe)', 'silent'],
  ] as const)('hands a child to no one abroad with %s, and does once legal-status clears it (INV-01, GD-08; issue 18, 1)', async (_label, mode) => {
    const caseId = await bed.register();
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
    bed.legalStatus.caseStatus.set(caseId, {
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
    bed.legalStatus.mode = mode;
    try {
      const refused = await post(`/v1/cases/${caseId}/reunification`, abroad);
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'MOVE_NOT_CLEARED', rule: 'INV-01' });
      expect(await outboxEvents(bed.service, 'family.record.reunified', caseId)).toEqual([]);
      bed.legalStatus.mode = 'clear';
      expect((await post(`/v1/cases/${caseId}/reunification`, abroad)).status).toBe(200);
    } finally {
      bed.legalStatus.mode = 'silent';
    }
  });
});
