import 'reflect-metadata';

import { RESPONSE_SCHEMAS } from '../../src/openapi-responses.generated';
import { contactBody, familyContactSpec, outboxEvents } from './family-harness';

describe('family-contact: times, documented answers and bad input', () => {
  const spec = familyContactSpec('family-conventions');

  const post = (path: string, body: unknown, token = spec.officer) => spec.bed.service.request('POST', path, { token, body });
  const get = (path: string, token = spec.officer) => spec.bed.service.request('GET', path, { token });

  it('takes times as instants with a zone, none before the child was detected nor in the future', async () => {
    const detectedAt = new Date(Date.now() - 60 * 60_000);
    const caseId = await spec.bed.register({ detectedAt: detectedAt.toISOString() });
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
    const document = (await spec.bed.service.request('GET', '/docs-json')).body as {
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
    const caseId = await spec.bed.register({ speaksSpanish: 'NO' });
    const before = [await spec.bed.service.count('family_contact'), await spec.bed.service.count('family_call'), await spec.bed.service.count('outbox')];
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
    expect([await spec.bed.service.count('family_contact'), await spec.bed.service.count('family_call'), await spec.bed.service.count('outbox')]).toEqual([
      before[0] + 1,
      before[1],
      before[2],
    ]);

    const logged = await post(`/v1/cases/${caseId}/calls`, { ...call, interpreter: { language: 'quc', interpreterId: 'INT-CHP-07' } });
    expect(logged.status).toBe(200);
    expect(logged.body).toMatchObject({ status: 'IN_CONTACT', firstCall: { state: 'MET' }, calls: [{ outcome: 'REACHED', interpreterUsed: true }] });
    const [event] = await outboxEvents(spec.bed.service, 'family.call.logged', caseId);
    expect(event.payload.data).toMatchObject({ outcome: 'REACHED', firstCall: true, relationship: 'PARENT' });
    expect(JSON.stringify(event.payload)).not.toMatch(/7777|Pedro/);
  });
});
